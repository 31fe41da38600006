package io.citussafe.driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Steps that must commit together, whether or not the user opened a transaction. */
final class Transactions {

  private Transactions() {
  }

  /** Runs {@code work} in the user's transaction, or in one of its own in autocommit mode. */
  static void inOne(Session session, SqlWork work) throws SQLException {
    if (session.inTransaction()) {
      work.run();
      return;
    }
    Connection physical = session.physical;
    physical.setAutoCommit(false);
    SQLException failure = null;
    try {
      // several statements in one transaction: in sequential mode on Citus, or DDL after a parallel
      // multi-shard step (a foreign key to a reference table after ADD COLUMN) is refused
      if (session.settings.sequentialTransactions() != Settings.Sequential.NEVER && session.facts.isCitus()) {
        session.send(List.of(Session.SET_SEQUENTIAL));
      }
      work.run();
      physical.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        physical.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      if (e instanceof SQLException sqlException) {
        failure = sqlException;
      } else {
        throw e;
      }
    } finally {
      try {
        physical.setAutoCommit(true);
      } catch (SQLException restoreFailure) {
        if (failure == null) {
          throw restoreFailure;
        }
        failure.addSuppressed(restoreFailure);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
