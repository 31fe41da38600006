package io.citussafe.driver;

import io.citussafe.rewriter.SqlState;
import java.sql.SQLException;

/** An error raised by the driver itself. Its message says which rule applied and what to do. */
final class CitusSafeException extends SQLException {

  private static final long serialVersionUID = 1L;

  CitusSafeException(String message, SqlState state) {
    super(message, state.code());
  }

  CitusSafeException(String message, SqlState state, Throwable cause) {
    super(message, state.code(), cause);
  }

  /** An error that is not the server's, with a driver hint added (see ServerErrors). */
  CitusSafeException(String message, SQLException error) {
    super(message, error.getSQLState(), error.getErrorCode(), error);
  }
}
