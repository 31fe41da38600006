package io.citussafe.driver;

import io.citussafe.rewriter.Analysis;
import java.sql.PreparedStatement;

/** Wraps pgjdbc's {@link PreparedStatement}; all behaviour lives in {@link BasePreparedStatement}. */
final class CitusSafePreparedStatement extends BasePreparedStatement<PreparedStatement> {

  CitusSafePreparedStatement(CitusSafeConnection connection, PreparedStatement delegate, String sql,
      Analysis analysis, Preparer<PreparedStatement> preparer) {
    super(connection, delegate, sql, analysis, preparer);
  }
}
