package io.citussafe.rewriter;

import java.util.Arrays;
import java.util.List;

/**
 * Builds a statement from slices of an original text. Each JDBC placeholder of a slice is either
 * kept, and the user's parameter it stands for is recorded in order (so a rewrite that repeats a
 * clause still binds the right values), or replaced by its value's literal (for text that runs
 * where no parameters can be bound).
 */
final class SliceWriter {

  private final String sql;
  private final int[] offsets;
  /** One literal per placeholder of {@link #sql}, or null to keep placeholders. */
  private final List<String> literals;
  private final StringBuilder out;
  private int[] map = new int[4];
  private int mapped;

  /**
   * @throws IllegalArgumentException when {@code literals} is given and does not match the
   *     placeholders in number
   */
  SliceWriter(String sql, List<String> literals) {
    this.sql = sql;
    this.offsets = JdbcPlaceholders.offsets(sql);
    if (literals != null && literals.size() != offsets.length) {
      throw new IllegalArgumentException("the statement has " + offsets.length
          + " parameter placeholders but " + literals.size() + " literals were given");
    }
    this.literals = literals == null ? null : List.copyOf(literals);
    this.out = new StringBuilder(sql.length() * 2 + 128);
  }

  /** Appends {@code sql[start, end)}. */
  SliceWriter slice(int start, int end) {
    int k = Arrays.binarySearch(offsets, start);
    k = k < 0 ? -k - 1 : k;
    int cursor = start;
    for (; k < offsets.length && offsets[k] < end; k++) {
      int at = offsets[k];
      out.append(sql, cursor, at);
      if (literals == null) {
        out.append('?');
        if (mapped == map.length) {
          map = Arrays.copyOf(map, mapped * 2);
        }
        map[mapped++] = k + 1;
      } else {
        appendLiteral(literals.get(k), at + 1 < end ? sql.charAt(at + 1) : ' ');
      }
      cursor = at + 1;
    }
    out.append(sql, cursor, end);
    return this;
  }

  SliceWriter text(String text) {
    out.append(text);
    return this;
  }

  /**
   * Appends a literal where a placeholder stood, with a space on either side where the
   * neighbouring character could otherwise merge with it into another token: {@code a -?} with
   * {@code -5} must not become the comment {@code a --5}, nor {@code 'x'?} with {@code 'y'} the
   * string {@code 'x''y'}.
   */
  private void appendLiteral(String literal, char next) {
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

  /** For each kept placeholder, in order, the user's parameter (1-based). */
  int[] parameterMap() {
    return Arrays.copyOf(map, mapped);
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
