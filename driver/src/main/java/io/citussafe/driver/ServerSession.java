package io.citussafe.driver;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * What the driver reads of pgjdbc's view of the server session, without a round trip: whether a
 * transaction block is open (also one the user opened with {@code BEGIN} in autocommit mode),
 * reported parameters, and how pgjdbc types strings. An interface, so the session can be tested
 * without a server.
 */
interface ServerSession {

  /** A transaction block is open on the server. */
  boolean inTransactionBlock();

  /** A parameter the server reports ({@code TimeZone}, {@code standard_conforming_strings}…), or null. */
  String parameter(String name);

  /** pgjdbc sends strings as {@code varchar}; false with {@code stringtype=unspecified}. */
  boolean varcharStrings();

  static ServerSession of(Connection physical) throws SQLException {
    return new Pgjdbc(physical.unwrap(BaseConnection.class));
  }

  /** The pgjdbc connection's own state. */
  final class Pgjdbc implements ServerSession {
    private final BaseConnection base;

    Pgjdbc(BaseConnection base) {
      this.base = base;
    }

    @Override
    public boolean inTransactionBlock() {
      return base.getTransactionState() != TransactionState.IDLE;
    }

    @Override
    public String parameter(String name) {
      return base.getParameterStatus(name);
    }

    @Override
    public boolean varcharStrings() {
      return base.getStringVarcharFlag();
    }
  }
}
