package io.citussafe.rewriter;

import java.util.Arrays;

/**
 * JDBC {@code ?} placeholders found the way pgjdbc finds them ({@code core/Parser.parseJdbcSql}):
 * a {@code ?} outside strings, quoted identifiers, dollar quotes and comments is a placeholder,
 * except {@code ??}, an escaped {@code ?} that pgjdbc sends to the server as one {@code ?} (how
 * users write the jsonb operators {@code ?}, {@code ?|} and {@code ?&}). pgjdbc knows no other
 * exception: a lone {@code ?} followed by {@code |} is a placeholder too.
 *
 * <p>Text built here stays in that JDBC form, escapes kept, because the driver hands it to pgjdbc
 * again. Only text that pgjdbc does not look into (the dollar-quoted command of
 * {@code run_command_on_shards}) must be turned into server form with {@link #unescape}.
 */
final class JdbcPlaceholders {

  private JdbcPlaceholders() {
  }

  /** Offsets of the placeholders in {@code [from, to)}, ascending. */
  static int[] offsets(String sql, int from, int to) {
    int[] found = new int[4];
    int count = 0;
    Scanner s = new Scanner(sql, from, to);
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (t != Scanner.Type.PARAMETER || sql.charAt(s.start()) != '?') {
        continue;
      }
      if (s.end() < sql.length() && sql.charAt(s.end()) == '?') {
        s.next(); // the second ? of the escape
        continue;
      }
      if (count == found.length) {
        found = Arrays.copyOf(found, count * 2);
      }
      found[count++] = s.start();
    }
    return Arrays.copyOf(found, count);
  }

  static int[] offsets(String sql) {
    return offsets(sql, 0, sql.length());
  }

  /**
   * The text the server receives for JDBC text without placeholders: each {@code ??} outside
   * strings and comments becomes {@code ?}.
   *
   * @throws IllegalArgumentException when the text still holds a placeholder
   */
  static String unescape(String sql) {
    StringBuilder out = null;
    int cursor = 0;
    Scanner s = new Scanner(sql);
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (t != Scanner.Type.PARAMETER || sql.charAt(s.start()) != '?') {
        continue;
      }
      if (s.end() >= sql.length() || sql.charAt(s.end()) != '?') {
        throw new IllegalArgumentException("a ? placeholder at offset " + s.start() + " has no value");
      }
      if (out == null) {
        out = new StringBuilder(sql.length());
      }
      out.append(sql, cursor, s.end());
      s.next();
      cursor = s.end();
    }
    return out == null ? sql : out.append(sql, cursor, sql.length()).toString();
  }
}
