package io.citussafe.driver;

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

  /** The server's error with a driver hint added (see CitusSafeConnection.withHint). */
  CitusSafeException(String message, SQLException serverError) {
    super(message, serverError.getSQLState(), serverError.getErrorCode(), serverError);
  }
}
