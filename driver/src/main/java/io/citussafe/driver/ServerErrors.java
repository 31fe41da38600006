package io.citussafe.driver;

import io.citussafe.rewriter.SqlState;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * How the driver changes an error without changing what callers catch: a hint or the failed step
 * is added as a line of the message, a server error stays a {@link PSQLException} with its
 * {@link ServerErrorMessage} (constraint, table, column, detail), a batch failure stays a
 * {@link BatchUpdateException} with its counts; SQLSTATE and error code stay, and the original is
 * the cause. Also the errors the driver raises as the server would, and the codes it restores.
 */
final class ServerErrors {

  static final String MARK = "citussafe hint:";
  private static final String STEP_MARK = "citussafe step:";

  private ServerErrors() {
  }

  /**
   * A shard's constraint violation that Citus's COPY path re-raised as {@code XX000} (it keeps the
   * shard's message and detail, drops the code): the same error with the code PostgreSQL gives it,
   * which is what exception translators and retry logic look at; null for any other error.
   */
  static SQLException constraintStateRestored(SQLException error) {
    if (!SqlState.INTERNAL_ERROR.is(error.getSQLState()) || !(error instanceof PSQLException server)
        || server.getServerErrorMessage() == null || server.getServerErrorMessage().getMessage() == null) {
      return null;
    }
    ServerErrorMessage original = server.getServerErrorMessage();
    SqlState state = violationState(original.getMessage());
    if (state == null) {
      return null;
    }
    StringBuilder fields = new StringBuilder();
    field(fields, 'S', original.getSeverity());
    field(fields, 'V', original.getSeverity());
    field(fields, 'C', state.code());
    field(fields, 'M', original.getMessage());
    field(fields, 'D', original.getDetail());
    field(fields, 'H', original.getHint());
    field(fields, 'W', original.getWhere());
    PSQLException restored = new PSQLException(new ServerErrorMessage(fields.toString()));
    restored.initCause(error);
    return restored;
  }

  /** The code of PostgreSQL's own constraint-violation messages (their English text, as Citus servers log). */
  private static SqlState violationState(String message) {
    if (message.startsWith("null value in column ") && message.endsWith(" violates not-null constraint")) {
      return SqlState.NOT_NULL_VIOLATION;
    }
    if (message.startsWith("duplicate key value violates unique constraint ")) {
      return SqlState.UNIQUE_VIOLATION;
    }
    if (message.startsWith("insert or update on table ") && message.contains(" violates foreign key constraint ")) {
      return SqlState.FOREIGN_KEY_VIOLATION;
    }
    if (message.startsWith("new row for relation ") && message.contains(" violates check constraint ")) {
      return SqlState.CHECK_VIOLATION;
    }
    if (message.startsWith("conflicting key value violates exclusion constraint ")) {
      return SqlState.EXCLUSION_VIOLATION;
    }
    return null;
  }

  private static void field(StringBuilder fields, char type, String value) {
    if (value != null) {
      fields.append(type).append(value).append('\0');
    }
  }

  /**
   * An error as the server would have raised it for the statement as written ({@code ERROR: …},
   * SQLSTATE, the schema and table fields), with the error of the step that found the violation as
   * its cause: what callers and exception translators see is the same as without the driver.
   */
  static SQLException asServerError(String message, SqlState sqlState, String table, SQLException cause) {
    StringBuilder fields = new StringBuilder().append("SERROR\0VERROR\0C").append(sqlState.code()).append("\0M")
        .append(message).append('\0');
    if (cause instanceof PSQLException server && server.getServerErrorMessage() != null) {
      field(fields, 's', server.getServerErrorMessage().getSchema());
    }
    field(fields, 't', table);
    PSQLException error = new PSQLException(new ServerErrorMessage(fields.toString()));
    error.initCause(cause);
    return error;
  }

  /** The error with a driver hint appended, of the same kind as the original (see the class comment). */
  static SQLException withHint(SQLException error, String hint) {
    if (hint == null || error.getMessage() != null && error.getMessage().contains(MARK)) {
      return error;
    }
    return withLine(error, MARK + " " + hint);
  }

  /**
   * Adds which step of a plan failed and what state that leaves, beside any hint; only once, for
   * the innermost step that failed.
   */
  static SQLException withStep(SQLException error, String step) {
    if (error.getMessage() != null && error.getMessage().contains(STEP_MARK)) {
      return error;
    }
    return withLine(error, STEP_MARK + " " + step);
  }

  private static SQLException withLine(SQLException error, String line) {
    String message = error.getMessage() + "\n  " + line;
    if (error instanceof BatchUpdateException batch) {
      return new BatchUpdateException(message, batch.getSQLState(), batch.getErrorCode(),
          batch.getLargeUpdateCounts(), batch);
    }
    if (error instanceof PSQLException server && server.getServerErrorMessage() != null) {
      return new ExplainedServerError(server, message);
    }
    return new CitusSafeException(message, error);
  }

  /** A server error with the driver's hint in its message; everything else is the server's. */
  static final class ExplainedServerError extends PSQLException {

    private static final long serialVersionUID = 1L;
    private final String message;

    ExplainedServerError(PSQLException original, String message) {
      super(original.getServerErrorMessage());
      this.message = message;
      initCause(original);
      setStackTrace(original.getStackTrace());
    }

    @Override
    public String getMessage() {
      return message;
    }
  }
}
