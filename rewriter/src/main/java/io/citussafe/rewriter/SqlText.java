package io.citussafe.rewriter;

import java.util.List;
import java.util.Set;

/**
 * Quoting and parameter inlining for SQL text the driver builds. Literals assume
 * {@code standard_conforming_strings = on} (the default since PostgreSQL 9.1), under which a
 * backslash in {@code '…'} is an ordinary character.
 */
public final class SqlText {

  /**
   * PostgreSQL's reserved keywords and those that cannot be column names ("reserved (can be
   * function or type)"); a generated identifier spelled like one is quoted.
   */
  private static final Set<String> RESERVED = Set.of(
      "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
      "binary", "both", "case", "cast", "check", "collate", "collation", "column", "concurrently",
      "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
      "current_schema", "current_time", "current_timestamp", "current_user", "default",
      "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for",
      "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "initially",
      "inner", "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left", "like",
      "limit", "localtime", "localtimestamp", "natural", "not", "notnull", "null", "offset", "on",
      "only", "or", "order", "outer", "overlaps", "placing", "primary", "references", "returning",
      "right", "select", "session_user", "similar", "some", "symmetric", "system_user", "table",
      "tablesample", "then", "to", "trailing", "true", "union", "unique", "user", "using",
      "variadic", "verbose", "when", "where", "window", "with");

  private SqlText() {
  }

  /**
   * Replaces each JDBC {@code ?} placeholder of {@code sql} with the literal text at the same
   * index. Placeholders are found as pgjdbc finds them: not inside strings, quoted identifiers,
   * dollar quotes or comments, and {@code ??} (pgjdbc's escape for the jsonb operators {@code ?},
   * {@code ?|}, {@code ?&}) is not one. The result keeps such escapes, so it is meant to be run
   * through pgjdbc; a space is put beside a literal where it would otherwise merge with its
   * neighbour ({@code a -?} with {@code -5}).
   *
   * @param literalTexts already quoted literals, e.g. from {@link #quoteLiteral}
   * @throws IllegalArgumentException when the number of literals differs from the number of
   *     placeholders
   * @throws NullPointerException when an argument or a literal text is null
   */
  public static String inlineParameters(String sql, List<String> literalTexts) {
    int[] offsets = JdbcPlaceholders.offsets(sql);
    requireCount(offsets.length, literalTexts);
    StringBuilder out = new StringBuilder(sql.length() + 16 * offsets.length);
    JdbcPlaceholders.appendSlice(out, sql, 0, sql.length(), offsets, List.copyOf(literalTexts));
    return out.toString();
  }

  /** The number of JDBC placeholders in {@code sql}, counted as {@link #inlineParameters} does. */
  public static int countParameters(String sql) {
    return JdbcPlaceholders.offsets(sql).length;
  }

  /**
   * {@code value} as a string literal {@code '…'}, single quotes doubled. Backslashes stay as
   * they are: under {@code standard_conforming_strings = on} they are ordinary characters.
   *
   * @throws IllegalArgumentException when {@code value} contains a NUL character, which no
   *     PostgreSQL text can hold
   * @throws NullPointerException when {@code value} is null (write {@code NULL} instead)
   */
  public static String quoteLiteral(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a string literal cannot contain a NUL character");
    }
    return "'" + value.replace("'", "''") + "'";
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
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a valid identifier: \"" + name.replace("\0", "\\0") + "\"");
    }
    boolean plain = (name.charAt(0) >= 'a' && name.charAt(0) <= 'z') || name.charAt(0) == '_';
    for (int i = 1; plain && i < name.length(); i++) {
      char c = name.charAt(i);
      plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }
    return plain && !RESERVED.contains(name) ? name : "\"" + name.replace("\"", "\"\"") + "\"";
  }

  static void requireCount(int placeholders, List<String> literalTexts) {
    if (literalTexts.size() != placeholders) {
      throw new IllegalArgumentException("the statement has " + placeholders
          + " parameter placeholders but " + literalTexts.size() + " literals were given");
    }
  }
}
