package io.citussafe.driver;

import java.sql.Connection;
import java.sql.SQLException;

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
