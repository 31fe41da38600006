package io.citussafe.tests;

import static io.citussafe.tests.support.Sql.queryLong;
import static io.citussafe.tests.support.Sql.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A partitioned table's stale coordinator rows live in its partitions (the parent's own
 * heap is 0 bytes), including a partition attached after the table was distributed. Before the
 * fix R1 skipped the cleanup and R2 did not see them: {@code SET NOT NULL} failed with
 * {@code column "k" of relation "ev_2024" contains null values}.
 */
@RequiresCitus
class CitusPartitionTest {

  private static final List<String> EVENTS = List.of(
      "CREATE TABLE ev (id bigint, at date NOT NULL, k int) PARTITION BY RANGE (at)",
      "CREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
      "CREATE TABLE ev_2025 PARTITION OF ev FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
      "INSERT INTO ev SELECT g, CASE WHEN g % 2 = 0 THEN date '2024-06-01' ELSE date '2025-06-01' END,"
          + " CASE WHEN g % 3 = 0 THEN NULL ELSE g END FROM generate_series(1, 1000) g");

  private Schema schema;

  @BeforeEach
  void setUp() throws SQLException {
    schema = PostgresServers.citus().newSchema("part");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, EVENTS);
    }
  }

  @Test
  void seedIncident_partitionedTable_runsThroughCitusSafe() throws SQLException {
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      s.execute("SELECT create_distributed_table('ev', 'id')");
      assertThat(warnings(s)).contains("ev_2024").contains("ev_2025");
      s.executeUpdate("UPDATE ev SET k = 0 WHERE k IS NULL");
      s.execute("ALTER TABLE ev ALTER COLUMN k SET NOT NULL");
    }
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(queryLong(c, "SELECT count(*) FROM ev")).isEqualTo(1000);
      assertThat(queryLong(c, "SELECT sum(pg_relation_size(relid)) FROM pg_partition_tree('ev')")).isZero();
    }
  }

  @Test
  void distributedByPlainPgjdbc_staleRowsInPartitions_cleanedBeforeSetNotNull() throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of("SELECT create_distributed_table('ev', 'id')", "UPDATE ev SET k = 0 WHERE k IS NULL"));
      assertThatThrownBy(() -> Sql.execute(c, List.of("ALTER TABLE ev ALTER COLUMN k SET NOT NULL")))
          .hasMessageContaining("contains null values");
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      s.execute("ALTER TABLE ev ALTER COLUMN k SET NOT NULL");
      assertThat(warnings(s)).contains("ev_2024").contains("bytes");
    }
  }

  @Test
  void partitionAttachedLater_itsRowsCleanedToo() throws SQLException {
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      s.execute("SELECT create_distributed_table('ev', 'id')");
    }
    try (Connection c = schema.pgjdbcConnection()) {
      // attaching a non-empty table copies its rows into shards and leaves them in its heap
      Sql.execute(c, List.of(
          "CREATE TABLE ev_2026 (id bigint, at date NOT NULL, k int)",
          "INSERT INTO ev_2026 SELECT g, date '2026-06-01', NULL FROM generate_series(2001, 2100) g",
          "ALTER TABLE ev ATTACH PARTITION ev_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
          "UPDATE ev SET k = 0 WHERE k IS NULL"));
      assertThat(queryLong(c, "SELECT pg_relation_size('ev_2026')")).isPositive();
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      s.execute("ALTER TABLE ev ALTER COLUMN k SET NOT NULL");
      assertThat(warnings(s)).contains("ev_2026");
    }
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(queryLong(c, "SELECT count(*) FROM ev")).isEqualTo(1100);
    }
  }

  @Test
  void localTableReferencingThePartitionedTable_refusedNamingIt() throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of(
          "ALTER TABLE ev ADD PRIMARY KEY (id, at)",
          "CREATE TABLE notes (ev_id bigint, ev_at date, FOREIGN KEY (ev_id, ev_at) REFERENCES ev (id, at))"));
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("SELECT create_distributed_table('ev', 'id')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("notes")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55000"));
    }
  }

  /**
   * Regression: with citussafe.newTables=reference, a table created to become a partition
   * ({@code LIKE} its parent) was made a reference table at once, and attaching it failed with
   * {@code non-citus partitioned tables cannot have citus table partitions}. It follows its parent
   * now: local under the local ev, distributed co-located under a distributed one.
   */
  @ParameterizedTest(name = "parent distributed {0}, transaction {1}")
  @CsvSource({"false, false", "false, true", "true, false", "true, true"})
  void newTablesReference_partitionCreatedLikeItsParent_attachedAndFollowsTheParent(boolean distributed,
      boolean transaction) throws SQLException {
    if (distributed) {
      try (Connection c = schema.pgjdbcConnection()) {
        Sql.execute(c, List.of("SELECT create_distributed_table('ev', 'id')",
            "SELECT truncate_local_data_after_distributing_table('ev')"));
      }
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.newTables=reference");
        Statement s = c.createStatement()) {
      c.setAutoCommit(!transaction);
      s.execute("CREATE TABLE ev_2026 (LIKE ev)");
      s.execute("ALTER TABLE ev ATTACH PARTITION ev_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
      assertThat(warnings(s)).contains("ev_2026");
      s.executeUpdate("INSERT INTO ev VALUES (5000, '2026-03-01', 1)");
      if (transaction) {
        c.commit();
      }
    }
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(queryLong(c, "SELECT count(*) FROM ev")).isEqualTo(1001);
      assertThat(Sql.rows(c, "SELECT partmethod FROM pg_dist_partition WHERE logicalrelid = 'ev_2026'::regclass"))
          .isEqualTo(distributed ? List.of("h") : List.of());
      if (distributed) {
        assertThat(queryLong(c, "SELECT count(DISTINCT colocationid) FROM pg_dist_partition "
            + "WHERE logicalrelid IN ('ev'::regclass, 'ev_2026'::regclass)")).isEqualTo(1);
      }
    }
  }
}
