package io.citussafe.tests.histories;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Where and why a history stopped, read from what the tool threw: the migration or changeset, the
 * statement, the error's SQLSTATE and message, and the server's (or citussafe's) hint.
 */
record Stop(String migration, String statement, String sqlState, String message, String hint) {

  private static final Pattern FLYWAY_MIGRATION = Pattern.compile("Migration (\\S+) failed");
  private static final Pattern LIQUIBASE_CHANGESET = Pattern.compile("changeset (\\S+?):?\\s");
  private static final Pattern FLYWAY_STATEMENT = Pattern.compile("Statement\\s*:\\s*(.*)", Pattern.DOTALL);
  private static final Pattern LIQUIBASE_STATEMENT = Pattern.compile("\\[Failed SQL: \\(\\d+\\) (.*)\\]", Pattern.DOTALL);

  static Stop of(Throwable thrown) {
    String text = String.valueOf(thrown.getMessage());
    SQLException sql = null;
    String migration = first(text, FLYWAY_MIGRATION, LIQUIBASE_CHANGESET);
    String statement = first(text, FLYWAY_STATEMENT, LIQUIBASE_STATEMENT);
    for (Throwable t = thrown; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLException e && sql == null) {
        // the outermost: citussafe's explained error wraps the server's, which lacks the hint
        sql = e;
      } else if (t instanceof FlywayMigrateException e && e.getMigration() != null) {
        migration = e.getMigration().getScript();
      } else if (t instanceof FlywaySqlScriptException e) {
        // Flyway 13 shows the statement in its message only at debug level
        statement = e.getStatement();
      }
    }
    String hint = "";
    if (sql instanceof PSQLException p && p.getServerErrorMessage() != null) {
      ServerErrorMessage m = p.getServerErrorMessage();
      hint = (m.getDetail() == null ? "" : m.getDetail() + " ") + (m.getHint() == null ? "" : m.getHint())
          + " " + citussafeLines(p.getMessage());
    } else if (sql != null) {
      // citussafe's own errors carry what to do after the first line
      hint = linesAfterFirst(sql.getMessage());
    }
    String message = sql != null ? firstLine(sql.getMessage()) : thrown.getClass().getSimpleName() + ": " + firstLine(text);
    return new Stop(migration, statement, sql == null ? "" : String.valueOf(sql.getSQLState()), message, hint.trim());
  }

  /** The lines citussafe added to a server's error (its hint, the step that failed). */
  private static String citussafeLines(String message) {
    return String.valueOf(message).lines().map(String::strip).filter(l -> l.startsWith("citussafe"))
        .collect(java.util.stream.Collectors.joining(" "));
  }

  private static String linesAfterFirst(String message) {
    String full = String.valueOf(message).strip();
    return full.indexOf('\n') < 0 ? "" : full.substring(full.indexOf('\n') + 1).strip();
  }

  /** A stop that is not the tool's: the layout could not be made. */
  static Stop ofLayout(String what, SQLException e) {
    Stop stop = of(e);
    return new Stop("(layout)", what, stop.sqlState(), stop.message(), stop.hint());
  }

  private static String first(String text, Pattern... patterns) {
    for (Pattern p : patterns) {
      Matcher m = p.matcher(text);
      if (m.find()) {
        return m.group(1).strip();
      }
    }
    return "";
  }

  private static String firstLine(String text) {
    String s = String.valueOf(text).strip();
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
