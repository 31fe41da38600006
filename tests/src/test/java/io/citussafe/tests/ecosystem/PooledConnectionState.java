package io.citussafe.tests.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGStatement;

/**
 * What a pool does to a connection between two borrowers — validation on borrow, resets on return,
 * its statement cache — must leave the driver's per-connection state right: the migration mark
 * Flyway left, the schema list its plans are made for, the analysis a prepared statement keeps.
 * Checked after Flyway ran through the pool, on all {@value PoolWorkload#POOL_SIZE} pooled
 * connections at once (so the ones Flyway used among them), from threads that never ran Flyway, in
 * two borrows:
 *
 * <ol>
 *   <li>each connection, as the pool hands it over, opens an application transaction: no lock
 *       timeout and, on Citus, parallel mode (a mark left from Flyway's thread would start it with
 *       the migration's {@code SET LOCAL}s); its schema is the pool's again (Flyway set its own); the
 *       probe, a text the driver rewrites, runs rewritten; then the borrower changes what the pool
 *       says it resets and returns the connection inside an open transaction;
 *   <li>borrowed again: the resets show on the server, the first transaction is still an
 *       application's, and the probe prepared again is the statement the pool cached (the same
 *       pgjdbc statement behind it) and still runs rewritten under the reset schema.
 * </ol>
 */
final class PooledConnectionState {

  /** What a pool puts back on a returned connection, as configured in its test. */
  enum Reset {
    AUTO_COMMIT, TRANSACTION_ISOLATION, READ_ONLY, SCHEMA
  }

  /**
   * On plain PostgreSQL the driver answers a Citus call itself; passed through, the server would
   * fail it ({@code function create_reference_table(unknown) does not exist}).
   */
  private static final String PLAIN_PROBE = "SELECT create_reference_table('pool_probe')";
  /**
   * On Citus a multi-shard UPDATE calling a volatile function: Citus rejects it (0A000) unless the
   * driver rewrites it, which it does only while the unqualified name means the distributed table.
   */
  private static final String CITUS_PROBE = "UPDATE pool_probe SET touched = clock_timestamp() WHERE note = ?";
  private static final int PROBE_ROWS = 4;

  private final DataSource pool;
  private final Schema schema;
  private final Schema other;
  private final boolean citus;
  private final Set<Reset> resets;
  private final boolean cachesStatements;

  /**
   * @param other a second schema of the same database: what a borrower switches to when the pool
   *     resets the schema; it gets a local table of the probe's name
   * @param cachesStatements the pool keeps prepared statements per connection
   */
  PooledConnectionState(DataSource pool, Schema schema, Schema other, boolean citus, Set<Reset> resets,
      boolean cachesStatements) {
    this.pool = pool;
    this.schema = schema;
    this.other = other;
    this.citus = citus;
    this.resets = resets;
    this.cachesStatements = cachesStatements;
  }

  /** Runs both borrows; call it after Flyway ran through {@link #pool}. */
  void assertKeptAcrossBorrows() throws Exception {
    createProbeTables();
    Set<PGStatement> cached = Collections.newSetFromMap(new IdentityHashMap<>());
    onAllConnections(c -> firstBorrow(c, cached));
    assertThat(cached).as("pgjdbc statements behind the probe, one per pooled connection")
        .hasSize(PoolWorkload.POOL_SIZE);
    onAllConnections(c -> secondBorrow(c, cached));
  }

  /**
   * Only the first check of each borrow: every pooled connection, as the pool hands it over on a
   * thread that never ran Flyway, opens an application transaction.
   */
  void assertApplicationTransactionsOnAllConnections() throws Exception {
    onAllConnections(this::assertApplicationTransaction);
  }

  private void createProbeTables() throws SQLException {
    String create = "CREATE TABLE pool_probe (k int PRIMARY KEY, note text, touched timestamptz)";
    String fill = "INSERT INTO pool_probe SELECT g, 'probe' FROM generate_series(1, " + PROBE_ROWS + ") g";
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      s.execute(create);
      s.execute(fill);
      s.execute("SELECT create_distributed_table('pool_probe', 'k')");
    }
    try (Connection c = other.pgjdbcConnection(); Statement s = c.createStatement()) {
      s.execute(create);
      s.execute(fill);
    }
  }

  private void firstBorrow(Connection c, Set<PGStatement> cached) throws SQLException {
    assertApplicationTransaction(c);
    assertThat(Sql.rows(c, "SELECT current_schema()")).containsExactly(schema.name());
    try (PreparedStatement probe = c.prepareStatement(probeText())) {
      assertRewritten(probe);
      cached.add(probe.unwrap(PGStatement.class));
    }
    if (resets.contains(Reset.SCHEMA)) {
      c.setSchema(other.name());
      try (PreparedStatement probe = c.prepareStatement(probeText())) {
        runProbe(probe);
        if (citus) {
          assertThat(Sql.warnings(probe)).as("the probe on the other schema's local table").isEmpty();
        }
      }
    }
    if (resets.contains(Reset.TRANSACTION_ISOLATION)) {
      c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
    }
    if (resets.contains(Reset.READ_ONLY)) {
      c.setReadOnly(true);
    }
    if (resets.contains(Reset.AUTO_COMMIT)) {
      c.setAutoCommit(false);
    }
    // returned inside an open transaction: the pool must end it without the driver losing track
    assertThat(Sql.rows(c, "SELECT current_setting('transaction_isolation')")).hasSize(1);
  }

  private void secondBorrow(Connection c, Set<PGStatement> cached) throws SQLException {
    if (resets.contains(Reset.AUTO_COMMIT)) {
      assertThat(c.getAutoCommit()).as("auto-commit after the pool's reset").isTrue();
    }
    assertApplicationTransaction(c);
    assertThat(Sql.rows(c, "SELECT current_setting('transaction_isolation') || '|'"
        + " || current_setting('transaction_read_only') || '|' || current_schema()"))
        .containsExactly("read committed|off|" + schema.name());
    try (PreparedStatement probe = c.prepareStatement(probeText())) {
      if (cachesStatements) {
        assertThat(cached).as("the probe comes from the pool's statement cache")
            .containsOnlyOnce(probe.unwrap(PGStatement.class));
      }
      assertRewritten(probe);
    }
  }

  /**
   * The connection's next transaction, opened as the application would: as handed over when the
   * pool hands out connections with auto-commit off, else by turning it off.
   */
  private void assertApplicationTransaction(Connection c) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    if (autoCommit) {
      c.setAutoCommit(false);
    }
    assertThat(Sql.rows(c, "SELECT current_setting('lock_timeout') || '|'"
        + " || coalesce(current_setting('citus.multi_shard_modify_mode', true), 'no citus')"))
        .as("an application transaction on a connection Flyway may have used")
        .containsExactly("0|" + (citus ? "parallel" : "no citus"));
    c.commit();
    if (autoCommit) {
      c.setAutoCommit(true);
    }
  }

  private String probeText() {
    return citus ? CITUS_PROBE : PLAIN_PROBE;
  }

  private void assertRewritten(PreparedStatement probe) throws SQLException {
    runProbe(probe);
    assertThat(Sql.warnings(probe)).as("the driver's note on the probe").startsWith("citussafe:");
  }

  private void runProbe(PreparedStatement probe) throws SQLException {
    if (citus) {
      probe.setString(1, "probe");
      assertThat(probe.executeUpdate()).isEqualTo(PROBE_ROWS);
    } else {
      try (ResultSet rs = probe.executeQuery()) {
        assertThat(rs.next()).isTrue();
      }
    }
  }

  @FunctionalInterface
  private interface ConnectionCheck {
    void check(Connection connection) throws SQLException;
  }

  /** Borrows every pooled connection at once on a new thread and checks each. */
  private void onAllConnections(ConnectionCheck check) throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      CompletableFuture.runAsync(() -> {
        List<Connection> borrowed = new ArrayList<>();
        try {
          try {
            for (int i = 0; i < PoolWorkload.POOL_SIZE; i++) {
              borrowed.add(pool.getConnection());
            }
            for (Connection c : borrowed) {
              check.check(c);
            }
          } finally {
            for (Connection c : borrowed) {
              c.close();
            }
          }
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }, thread).get(PoolWorkload.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      // a failed assertion reads as a failure, not as an error of the executor
      if (e.getCause() instanceof AssertionError failed) {
        throw failed;
      }
      throw e;
    } finally {
      thread.shutdownNow();
    }
  }
}
