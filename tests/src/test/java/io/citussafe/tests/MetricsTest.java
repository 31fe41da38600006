package io.citussafe.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.driver.CitusSafeMetrics;
import io.citussafe.driver.micrometer.CitusSafeMeterBinder;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The counts of a cluster, exact, as the API, JMX and Micrometer show them. Each test makes a
 * cluster of its own (a metadataTtl no other test uses), since clusters live as long as the JVM.
 */
class MetricsTest {

  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  @Test
  void statementsPassedThroughAndRewritten_areCountedPerCluster_inJmxAndMicrometer() throws Exception {
    Schema schema = PostgresServers.plain().newAppUserSchema("metrics");
    String url = ownCluster(schema, "");
    // bound before the cluster exists: the binder adds its meters when the first connection opens
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new CitusSafeMeterBinder(Tags.of("application", "orders")).bindTo(registry);

    CitusSafeMetrics metrics;
    try (Connection first = DriverManager.getConnection(url); Statement s = first.createStatement()) {
      metrics = CitusSafeMetrics.of(first);
      for (int i = 0; i < 5; i++) {
        s.execute("SELECT 1");
      }
      try (PreparedStatement ps = first.prepareStatement("SELECT ?::int")) {
        for (int i = 0; i < 3; i++) {
          ps.setInt(1, i);
          ps.executeQuery().close();
        }
      }
      assertThat(metrics.getStatementsPassedThrough()).as("counted while the connection is open").isEqualTo(8);
    }
    try (Connection second = DriverManager.getConnection(url); Statement s = second.createStatement()) {
      assertThat(CitusSafeMetrics.of(second)).as("same cluster").isSameAs(metrics);
      s.execute("SELECT 1");
      s.execute("CREATE TABLE counted (id int PRIMARY KEY)");
      s.execute("SELECT create_distributed_table('counted', 'id')");
      assertThat(metrics.getStatementsPassedThrough()).as("8 of a closed connection, 2 of an open one").isEqualTo(10);
    }

    assertThat(metrics.getStatementsRewritten()).isEqualTo(1);
    assertThat(metrics.getStatementsRewrittenByRule()).containsEntry("Distribute", 1L)
        .containsEntry("RejectedDml", 0L).containsKey("LockLight");
    assertThat(CitusSafeMetrics.clusters()).contains(metrics);

    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = CitusSafeMetrics.objectName(metrics.getCluster());
    assertThat(server.getAttribute(name, "StatementsPassedThrough")).isEqualTo(10L);
    assertThat(server.getAttribute(name, "StatementsRewritten")).isEqualTo(1L);
    assertThat(server.getAttribute(name, "Cluster")).isEqualTo(metrics.getCluster());

    Tags cluster = Tags.of("cluster", metrics.getCluster(), "application", "orders");
    assertThat(registry.get("citussafe.statements").tags(cluster).tags("outcome", "passed-through")
        .functionCounter().count()).isEqualTo(10.0);
    assertThat(registry.get("citussafe.statements").tags(cluster).tags("rule", "Distribute")
        .functionCounter().count()).isEqualTo(1.0);
    assertThat(registry.get("citussafe.statements").tags(cluster).tags("outcome", "rewritten").functionCounters())
        .hasSize(metrics.ruleNames().size());
  }

  @Test
  void analysisCacheEvictions_areCounted_andTheCacheStaysWithinItsSize() throws SQLException {
    Schema schema = PostgresServers.plain().newAppUserSchema("metrics_cache");
    try (Connection c = DriverManager.getConnection(ownCluster(schema, "&citussafe.cacheSize=2"));
        Statement s = c.createStatement()) {
      CitusSafeMetrics metrics = CitusSafeMetrics.of(c);
      s.execute("CREATE TABLE cached (id int PRIMARY KEY)");
      for (int i = 0; i < 6; i++) {
        s.execute("COMMENT ON TABLE cached IS 'version " + i + "'");
      }
      assertThat(metrics.getAnalysesCached()).isBetween(1L, 2L);
      assertThat(metrics.getAnalysesEvicted()).as("7 texts through a cache of 2").isGreaterThanOrEqualTo(5);
    }
  }

  @Test
  @RequiresCitus
  void planCacheEvictions_areCounted_andRewritesByRule_citus() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("metrics_plans");
    try (Connection c = DriverManager.getConnection(ownCluster(schema, "&citussafe.cacheSize=2"));
        Statement s = c.createStatement()) {
      CitusSafeMetrics metrics = CitusSafeMetrics.of(c);
      s.execute("CREATE TABLE planned (id int PRIMARY KEY, note text, at timestamptz DEFAULT now())");
      s.execute("SELECT create_distributed_table('planned', 'id')");
      s.execute("INSERT INTO planned (id) SELECT g FROM generate_series(1, 10) g");
      for (int i = 0; i < 6; i++) {
        // Citus refuses a STABLE function of a column in UPDATE: each text is rewritten, its plan reusable
        assertThat(s.executeUpdate("UPDATE planned SET note = to_char(at, 'YYYY') || '-" + i + "'")).isEqualTo(10);
      }
      assertThat(metrics.getStatementsRewritten("RejectedDml")).isEqualTo(6);
      assertThat(metrics.getPlansCached()).isBetween(1L, 2L);
      assertThat(metrics.getPlansEvicted()).as("6 plans through a cache of 2").isGreaterThanOrEqualTo(4);
    }
  }

  @Test
  void aConnectionOfAnotherDriver_hasNoCitusSafeMetrics() throws SQLException {
    Schema schema = PostgresServers.plain().newAppUserSchema("metrics_other");
    try (Connection pgjdbc = schema.pgjdbcConnection()) {
      assertThatThrownBy(() -> CitusSafeMetrics.of(pgjdbc)).isInstanceOf(SQLException.class)
          .hasMessageContaining("not a citussafe connection");
    }
  }

  private static String ownCluster(Schema schema, String settings) {
    return schema.citusSafeUrl() + "&citussafe.metadataTtl=" + (7000 + CLUSTERS.incrementAndGet()) + "s" + settings;
  }
}
