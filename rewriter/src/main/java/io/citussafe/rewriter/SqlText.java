package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/**
 * Quoting for SQL text the driver builds. Literals read the same whatever the session's
 * {@code standard_conforming_strings} is, so text built here can also run in the workers' own
 * sessions ({@code run_command_on_shards}).
 */
public final class SqlText {

  private SqlText() {
  }

  /**
   * {@code value} as a string literal: {@code '…'} with single quotes doubled; when it holds a
   * backslash, {@code E'…'} with backslashes doubled too. A plain {@code '…'} with a backslash
   * would mean one thing with {@code standard_conforming_strings = on} and another with
   * {@code off}; the {@code E} form means the same under both.
   *
   * @throws IllegalArgumentException when {@code value} contains a NUL character, which no
   *     PostgreSQL text can hold
   * @throws NullPointerException when {@code value} is null (write {@code NULL} instead)
   */
  public static String quoteLiteral(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a string literal cannot contain a NUL character");
    }
    String quoted = value.replace("'", "''");
    if (value.indexOf('\\') < 0) {
      return "'" + quoted + "'";
    }
    return "E'" + quoted.replace("\\", "\\\\") + "'";
  }

  /**
   * {@code name}, a name as stored in the catalog, written so the server reads it back unchanged:
   * bare when it is lower case, made of letters, digits and underscores and not a reserved
   * keyword, else in double quotes with inner quotes doubled ({@code Orders} gives
   * {@code "Orders"}).
   *
   * @throws IllegalArgumentException when {@code name} is empty or contains a NUL character
   * @throws NullPointerException when {@code name} is null
   */
  public static String quoteIdentifier(String name) {
    return Names.quoted(name);
  }

  /**
   * The expression with each {@code CURRENT_DATE}, {@code CURRENT_TIME}, {@code CURRENT_TIMESTAMP},
   * {@code LOCALTIME} and {@code LOCALTIMESTAMP} (with its precision) in the function form that
   * PostgreSQL defines the same way and Citus computes on the coordinator ({@code now()}, {@code
   * CAST(now() AS date)}, …); the same instance when it holds none.
   */
  public static String timeKeywordsAsFunctions(String expression) {
    return TimeKeywords.functionForms(expression);
  }

  /**
   * The last part of a qualified name in regclass syntax, as stored: {@code sales."Orders"} gives
   * {@code Orders}, {@code Orders} gives {@code orders}.
   */
  public static String storedName(String regclassText) {
    return Names.lastPart(regclassText);
  }

  /** The number of JDBC {@code ?} placeholders in {@code sql}, counted as pgjdbc counts them. */
  public static int countParameters(String sql) {
    return JdbcPlaceholders.offsets(sql).length;
  }

  /**
   * The offset just past the comment, string ({@code '…'}, {@code E'…'}), quoted identifier or
   * dollar-quoted string that starts at {@code i}, read as the driver reads them; -1 when none starts
   * there. An unterminated one runs to the end of the text.
   */
  public static int skipQuotedOrComment(String sql, int i) {
    int n = sql.length();
    char c = sql.charAt(i);
    char next = i + 1 < n ? sql.charAt(i + 1) : 0;
    if (c == '-' && next == '-') {
      return Lexer.skipLineComment(sql, i);
    } else if (c == '/' && next == '*') {
      return Lexer.skipBlockComment(sql, i);
    } else if (c == '\'') {
      return Lexer.skipSingleQuoted(sql, i, false);
    } else if ((c == 'E' || c == 'e') && next == '\'') {
      return Lexer.skipSingleQuoted(sql, i + 1, true);
    } else if (c == '"') {
      return Lexer.skipQuotedIdentifier(sql, i);
    } else if (c == '$') {
      int tagEnd = Lexer.dollarTagEnd(sql, i);
      return tagEnd < 0 ? -1 : Lexer.skipDollarQuoted(sql, i, tagEnd);
    }
    return -1;
  }

  /** The offset of the first token of {@code sql}, past white space and comments; its length when there is none. */
  public static int firstTokenOffset(String sql) {
    return Lexer.skipSpace(sql, 0);
  }

  /**
   * {@code sql} on one line, for reports: comments dropped, white space between tokens made one
   * space, none after {@code (} or before {@code )} and {@code ,}; tokens keep their text.
   */
  public static String oneLine(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    Scanner s = new Scanner(sql);
    int previousEnd = -1;
    boolean previousOpens = false;
    for (s.next(); s.type() != Scanner.Type.END; s.next()) {
      if (previousEnd >= 0 && s.start() > previousEnd && !previousOpens && !s.isSymbol(')') && !s.isSymbol(',')) {
        out.append(' ');
      }
      out.append(sql, s.start(), s.end());
      previousEnd = s.end();
      previousOpens = s.isSymbol('(');
    }
    return out.toString();
  }

  /**
   * The statements of a query string as the driver splits it: at top-level semicolons, not inside
   * strings, dollar quotes, comments, quoted identifiers, parentheses or {@code BEGIN ATOMIC}
   * bodies. Each statement keeps its exact text (leading white space and comments included)
   * without the semicolon, in order; pieces holding only white space or comments are dropped.
   *
   * @throws NullPointerException when {@code sql} is null
   */
  public static List<String> statements(String sql) {
    int[] offsets = Splitter.split(sql);
    List<String> statements = new ArrayList<>(offsets.length / 2);
    for (int k = 0; k < offsets.length; k += 2) {
      statements.add(sql.substring(offsets[k], offsets[k + 1]));
    }
    return statements;
  }
}
