package io.citussafe.tests.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;

/**
 * One thread of {@link LoadDuringMigrationTest}: mixed DML through the pool, among it statements
 * the driver rewrites on Citus, and its own ledger of what succeeded. The ledger is what the
 * database must hold at the end: the ledger rows this thread inserted and did not delete, and the
 * amounts it added to each counter and each shadow row.
 */
final class LoadWorker {

  /** Counter keys 1..{@value} exist from the start; upserts also create keys up to twice that. */
  static final int COUNTERS = 32;
  static final int SHADOW_ROWS = 16;

  private static final String MULTI_ROW_INSERT =
      "INSERT INTO ledger (thread, seq, k, amount) VALUES (?, ?, ?, ?), (?, ?, ?, ?)";
  /** Rewritten on Citus: clock_timestamp() in UPDATE on a distributed table. */
  private static final String VOLATILE_UPDATE =
      "UPDATE counters SET n = n + ?, updated_at = clock_timestamp() WHERE k = ?";
  /** Rewritten on Citus: now() in DO UPDATE; clock_timestamp() in VALUES is Citus's to evaluate. */
  private static final String UPSERT = "INSERT INTO counters (k, n, updated_at) VALUES (?, ?, clock_timestamp())"
      + " ON CONFLICT (k) DO UPDATE SET n = counters.n + EXCLUDED.n, updated_at = now()";
  /** A local table until the behind-the-back session distributes it. */
  private static final String SHADOW_UPDATE =
      "UPDATE shadow SET n = n + 1, touched = clock_timestamp() WHERE id = ?";

  final int thread;
  private final Random random;
  private int nextSeq;
  /** seq → amount of each ledger row this thread inserted and has not deleted. */
  final Map<Integer, Integer> ledger = new HashMap<>();
  final long[] counters = new long[2 * COUNTERS + 1];
  final long[] shadow = new long[SHADOW_ROWS + 1];
  int operations;
  int rolledBack;
  /** Shadow updates that Citus refused because the driver still held the table for local. */
  int staleRefusals;

  LoadWorker(int thread) {
    this.thread = thread;
    this.random = new Random(thread);
  }

  /** One operation, chosen by the operation's number so every kind runs in every thread. */
  void runOne(DataSource pool) throws SQLException {
    try (Connection c = pool.getConnection()) {
      switch (operations % 6) {
        case 0 -> multiRowInsert(c);
        case 1 -> volatileUpdate(c);
        case 2 -> upsert(c);
        case 3 -> transaction(c);
        case 4 -> deleteOwn(c);
        default -> shadowUpdate(c);
      }
    }
    operations++;
  }

  private void multiRowInsert(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(MULTI_ROW_INSERT)) {
      int[] amounts = {1 + random.nextInt(100), 1 + random.nextInt(100)};
      int first = nextSeq;
      for (int row = 0; row < 2; row++) {
        p.setInt(4 * row + 1, thread);
        p.setInt(4 * row + 2, nextSeq++);
        p.setInt(4 * row + 3, 1 + random.nextInt(COUNTERS));
        p.setInt(4 * row + 4, amounts[row]);
      }
      assertThat(p.executeUpdate()).isEqualTo(2);
      ledger.put(first, amounts[0]);
      ledger.put(first + 1, amounts[1]);
    }
  }

  private void volatileUpdate(Connection c) throws SQLException {
    int k = 1 + random.nextInt(COUNTERS);
    int by = 1 + random.nextInt(10);
    try (PreparedStatement p = c.prepareStatement(VOLATILE_UPDATE)) {
      p.setInt(1, by);
      p.setInt(2, k);
      assertThat(p.executeUpdate()).as("counter %s exists", k).isEqualTo(1);
    }
    counters[k] += by;
  }

  private void upsert(Connection c) throws SQLException {
    int k = 1 + random.nextInt(2 * COUNTERS);
    int by = 1 + random.nextInt(10);
    try (PreparedStatement p = c.prepareStatement(UPSERT)) {
      p.setInt(1, k);
      p.setInt(2, by);
      assertThat(p.executeUpdate()).isEqualTo(1);
    }
    counters[k] += by;
  }

  /** A ledger row and its amount on a counter, committed together or (every third time) rolled back. */
  private void transaction(Connection c) throws SQLException {
    int k = 1 + random.nextInt(COUNTERS);
    int amount = 1 + random.nextInt(100);
    int seq = nextSeq++;
    boolean commit = random.nextInt(3) != 0;
    c.setAutoCommit(false);
    try {
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO ledger (thread, seq, k, amount) VALUES (?, ?, ?, ?)");
          PreparedStatement update = c.prepareStatement(VOLATILE_UPDATE)) {
        insert.setInt(1, thread);
        insert.setInt(2, seq);
        insert.setInt(3, k);
        insert.setInt(4, amount);
        assertThat(insert.executeUpdate()).isEqualTo(1);
        update.setInt(1, amount);
        update.setInt(2, k);
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
      if (commit) {
        c.commit();
        ledger.put(seq, amount);
        counters[k] += amount;
      } else {
        c.rollback();
        rolledBack++;
      }
    } finally {
      if (!c.getAutoCommit()) {
        c.rollback();
        c.setAutoCommit(true);
      }
    }
  }

  /**
   * Deletes one of this thread's rows with a volatile term, rewritten on Citus; the text holds the
   * values, so every call is a new text for the driver's caches.
   */
  private void deleteOwn(Connection c) throws SQLException {
    if (ledger.isEmpty()) {
      multiRowInsert(c);
      return;
    }
    int seq = ledger.keySet().iterator().next();
    try (Statement s = c.createStatement()) {
      assertThat(s.executeUpdate("DELETE FROM ledger WHERE thread = " + thread + " AND seq = " + seq
          + " AND random() < 2")).as("thread %s's row %s", thread, seq).isEqualTo(1);
    }
    ledger.remove(seq);
  }

  /**
   * On a table another session distributes meanwhile. The driver may still hold it for local and
   * send the statement as written: then Citus refuses it, and nothing changes. Any other outcome
   * than a counted update or that refusal fails the test.
   */
  private void shadowUpdate(Connection c) throws SQLException {
    int id = 1 + random.nextInt(SHADOW_ROWS);
    try (PreparedStatement p = c.prepareStatement(SHADOW_UPDATE)) {
      p.setInt(1, id);
      assertThat(p.executeUpdate()).isEqualTo(1);
      shadow[id]++;
    } catch (SQLException e) {
      if (!"0A000".equals(e.getSQLState()) || !e.getMessage().contains("must not be VOLATILE")) {
        throw e;
      }
      assertThat(e.getMessage()).as("the refusal explains the stale facts")
          .contains("citussafe hint:", "citussafe.metadataTtl");
      staleRefusals++;
    }
  }
}
