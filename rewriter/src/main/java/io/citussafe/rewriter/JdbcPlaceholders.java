package io.citussafe.rewriter;

import java.util.Arrays;
import java.util.List;

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
   * Appends {@code sql[start, end)} with each placeholder in it replaced by its literal: the
   * placeholder at {@code offsets[k]} gets {@code literals.get(k)}. A null {@code literals}
   * appends the slice unchanged.
   */
  static void appendSlice(StringBuilder out, String sql, int start, int end, int[] offsets,
      List<String> literals) {
    if (literals == null) {
      out.append(sql, start, end);
      return;
    }
    int k = Arrays.binarySearch(offsets, start);
    k = k < 0 ? -k - 1 : k;
    int cursor = start;
    for (; k < offsets.length && offsets[k] < end; k++) {
      int at = offsets[k];
      out.append(sql, cursor, at);
      appendLiteral(out, literals.get(k), at + 1 < end ? sql.charAt(at + 1) : ' ');
      cursor = at + 1;
    }
    out.append(sql, cursor, end);
  }

  /**
   * Appends a literal where a placeholder stood, with a space on either side where the
   * neighbouring character could otherwise merge with it into another token: {@code a -?} with
   * {@code -5} must not become the comment {@code a --5}, nor {@code 'x'?} with {@code 'y'} the
   * string {@code 'x''y'}.
   */
  private static void appendLiteral(StringBuilder out, String literal, char next) {
    char previous = out.length() == 0 ? ' ' : out.charAt(out.length() - 1);
    if (!(Character.isWhitespace(previous) || previous == '(' || previous == ',' || previous == '[')) {
      out.append(' ');
    }
    out.append(literal);
    if (!(Character.isWhitespace(next) || next == ')' || next == ',' || next == ']' || next == ';'
        || next == ':')) {
      out.append(' ');
    }
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
