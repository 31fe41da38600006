package io.citussafe.driver;

import io.citussafe.rewriter.SqlState;
import java.sql.SQLException;

/**
 * Migration DDL with bounded lock waits (citussafe.lockTimeout on every node): in a migration
 * transaction a lock timeout is explained; in autocommit the statement runs in a transaction of its
 * own and is tried again after a lock timeout, citussafe.lockRetries times.
 */
final class BoundedDdl {

  private final Session session;

  BoundedDdl(Session session) {
    this.session = session;
  }

  /** DDL in a migration transaction, whose lock waits the session bounded when it started: a lock timeout explained. */
  void inMigrationTransaction(String table, String sql, SqlWork work) throws SQLException {
    long start = System.nanoTime();
    try {
      work.run();
    } catch (SQLException e) {
      if (!session.lockWaits.isLockTimeout(e, start)) {
        throw e;
      }
      session.cluster.metrics.lockWaitGaveUp();
      throw session.lockWaits.explain(e, table, sql, 1, false);
    }
  }

  /**
   * One DDL statement of a migration in autocommit: run in a transaction of its own that bounds its
   * lock waits on every node, and tried again after a lock timeout, each try logged.
   */
  void inOwnTransaction(String table, String sql, SqlWork work, RewriteLog.Reporter reporter) throws SQLException {
    LockWaits waits = session.lockWaits;
    for (int tries = 1; ; tries++) {
      long start = System.nanoTime();
      try {
        Transactions.inOne(session, () -> {
          session.send(waits.settingStatements());
          work.run();
        });
        if (tries > 1) {
          RewriteLog.report(reporter, sql, "ran at try " + tries + " (the earlier tries gave up waiting for a lock "
              + "after citussafe.lockTimeout)");
        }
        return;
      } catch (SQLException e) {
        if (!waits.isLockTimeout(e, start)) {
          throw e;
        }
        if (tries > waits.retries()) {
          session.cluster.metrics.lockWaitGaveUp();
          throw waits.explain(e, table, sql, tries, true);
        }
        session.cluster.metrics.lockWaitRetried();
        long pause = waits.pauseMillis(tries);
        RewriteLog.LOG.warn("try {} of {} gave up waiting for a lock on {} after citussafe.lockTimeout; trying "
            + "again in {} ms: {}", tries, waits.retries() + 1, table, pause, sql);
        pauseBeforeRetry(pause);
      }
    }
  }

  /**
   * A backoff between tries of a statement that found its table locked, not a wait for consistency:
   * Citus writes are synchronous.
   */
  private static void pauseBeforeRetry(long millis) throws SQLException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CitusSafeException("citussafe: interrupted while waiting to try a statement again; it did not run",
          SqlState.QUERY_CANCELED, e);
    }
  }

  /** One statement committed on its own: bounded and retried on a migration connection, else plain autocommit. */
  void committedAlone(String sql, String table, SqlWork work, RewriteLog.Reporter reporter) throws SQLException {
    if (session.inTransaction()) {
      work.run();
    } else if (session.lockWaits.enabled() && session.migrationNow()) {
      inOwnTransaction(table, sql, work, reporter);
    } else {
      work.run();
    }
  }
}
