package io.citussafe.driver;

import java.sql.PreparedStatement;

/** Wraps pgjdbc's {@link PreparedStatement}; all behaviour lives in {@link BasePreparedStatement}. */
final class CitusSafePreparedStatement extends BasePreparedStatement<PreparedStatement> {

  CitusSafePreparedStatement(CitusSafeConnection connection, PreparedStatement delegate, PreparedText prepared) {
    super(connection, delegate, prepared);
  }
}
