package io.citussafe.driver;

import io.citussafe.rewriter.Plan;
import java.sql.PreparedStatement;

/** Wraps pgjdbc's {@link PreparedStatement}; all behaviour lives in {@link BasePreparedStatement}. */
final class CitusSafePreparedStatement extends BasePreparedStatement<PreparedStatement> {

  CitusSafePreparedStatement(CitusSafeConnection connection, PreparedStatement delegate, String sql,
      Plan plan) {
    super(connection, delegate, sql, plan);
  }
}
