package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SQL-standard time keywords ({@code CURRENT_DATE}, {@code CURRENT_TIME}, {@code
 * CURRENT_TIMESTAMP}, {@code LOCALTIME}, {@code LOCALTIMESTAMP}, each with an optional precision)
 * and their function forms. Citus computes a call of a STABLE function without column references
 * on the coordinator before it sends a write to the workers, but sends these keywords as they are
 * written: each placement then computes them itself, with its own transaction start and its own
 * {@code TimeZone}. The function forms mean exactly what PostgreSQL means by the keywords (the
 * transaction's start, converted in the session's zone, rounded to the precision), and Citus
 * computes them on the coordinator.
 */
final class TimeKeywords {

  private TimeKeywords() {
  }

  /** True when the text holds one of the keywords outside strings, comments and names. */
  static boolean present(String sql) {
    return functionForms(sql) != sql;
  }

  /**
   * The text with each keyword (and its precision) replaced by its function form and nothing else
   * changed; the same instance when it holds none.
   */
  static String functionForms(String sql) {
    Scanner s = new Scanner(sql);
    StringBuilder out = null;
    int cursor = 0;
    // a keyword after "." or AS is a name ("t.current_date", "AS localtime"), as PostgreSQL's grammar reads it
    boolean name = false;
    for (s.next(); s.type() != Scanner.Type.END; ) {
      if (name || !Keywords.isAnyWord(s, Keywords.VALUE_FUNCTION_WORDS)) {
        name = s.isSymbol('.') || s.isWord("as");
        s.next();
        continue;
      }
      String word = Names.lower(sql, s.start(), s.end());
      int start = s.start();
      int end = s.end();
      String precision = null;
      s.next();
      if (s.isSymbol('(') && !word.equals("current_date")) {
        s.next();
        if (s.type() == Scanner.Type.NUMBER) {
          String digits = s.text();
          s.next();
          if (s.isSymbol(')')) {
            precision = digits;
            end = s.end();
            s.next();
          }
        }
        if (precision == null) {
          return sql; // not the keyword's form: leave the text to PostgreSQL as written
        }
      }
      out = out == null ? new StringBuilder(sql.length() + 32) : out;
      out.append(sql, cursor, start).append(functionForm(word, precision));
      cursor = end;
    }
    return out == null ? sql : out.append(sql, cursor, sql.length()).toString();
  }

  /** The function form of one keyword (lower case) with its precision (digits, or null). */
  static String functionForm(String word, String precision) {
    String p = precision == null ? "" : "(" + precision + ")";
    return switch (word) {
      case "current_timestamp" -> precision == null ? "now()" : "CAST(now() AS timestamp" + p + " with time zone)";
      case "current_date" -> "CAST(now() AS date)";
      case "current_time" -> "CAST(now() AS time" + p + " with time zone)";
      case "localtime" -> "CAST(now() AS time" + p + " without time zone)";
      case "localtimestamp" -> "CAST(now() AS timestamp" + p + " without time zone)";
      default -> throw new IllegalArgumentException(word);
    };
  }

  /**
   * {@code ALTER TABLE … ALTER COLUMN … SET DEFAULT} in the function form for each column of the
   * table whose default holds a keyword (in column order of their names), for a table that is about
   * to become a Citus table; empty when none does.
   */
  static List<String> setDefaults(String table, Facts facts) throws SQLException {
    List<String> statements = new ArrayList<>();
    for (Map.Entry<String, String> column : new TreeMap<>(facts.columns(table).columnDefaults()).entrySet()) {
      String rewritten = functionForms(column.getValue());
      if (rewritten != column.getValue()) {
        statements.add(setDefault(table, column.getKey(), rewritten));
      }
    }
    return statements;
  }

  /** The statement that sets a column's default. */
  static String setDefault(String table, String storedColumn, String expression) {
    return "ALTER TABLE " + table + " ALTER COLUMN " + Names.quoted(storedColumn) + " SET DEFAULT "
        + expression;
  }

  /** Why the keywords were rewritten, for the warning of the statement that did it. */
  static String why(String table) {
    return "wrote CURRENT_DATE, CURRENT_TIME, CURRENT_TIMESTAMP, LOCALTIME and LOCALTIMESTAMP for " + table
        + " in their function forms (now(), CAST(now() AS date), …), which mean the same in PostgreSQL: Citus "
        + "sends the keywords to each placement, which computes them with its own transaction start and its own "
        + "TimeZone (a reference table's copies differ, a distributed table gets the workers' zone), while it "
        + "computes the function forms once, on the coordinator, in your session";
  }
}
