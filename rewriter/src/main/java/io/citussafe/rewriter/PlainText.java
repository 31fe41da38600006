package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What {@link PlainDml} reads in a text at a place it stopped: words compared where they stand,
 * with PostgreSQL's ASCII-only folding of unquoted names, and nothing allocated.
 */
final class PlainText {

  private PlainText() {
  }

  static String[][] byLength(Collection<String> names) {
    int longest = names.stream().mapToInt(String::length).max().orElse(0);
    List<List<String>> lists = new ArrayList<>();
    for (int length = 0; length <= longest; length++) {
      lists.add(new ArrayList<>());
    }
    names.forEach(name -> lists.get(name.length()).add(name));
    return lists.stream().map(list -> list.toArray(String[]::new)).toArray(String[][]::new);
  }

  /**
   * The text between {@code start} and {@code end} is one of {@code names} (lower case), with
   * PostgreSQL's ASCII-only folding of unquoted names: {@code ın} (dotless i) is not {@code in}.
   */
  static boolean isOneOf(String[][] names, String sql, int start, int end) {
    int length = end - start;
    if (length >= names.length) {
      return false;
    }
    for (String name : names[length]) {
      int k = 0;
      while (k < length && Lexer.toLower(sql.charAt(start + k)) == name.charAt(k)) {
        k++;
      }
      if (k == length) {
        return true;
      }
    }
    return false;
  }

  /**
   * The text has {@code lower} (lower case) at {@code i}, with PostgreSQL's ASCII-only folding of
   * keywords, which is also cheaper than {@link String#regionMatches(boolean, int, String, int, int)}.
   */
  static boolean startsWith(String sql, int i, String lower) {
    int length = lower.length();
    if (i + length > sql.length()) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (Lexer.toLower(sql.charAt(i + k)) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** The word {@code word} (lower case) stands at {@code i}, whole. */
  static boolean isWord(String sql, int i, String word) {
    int end = i + word.length();
    return startsWith(sql, i, word) && (end == sql.length() || !isWordChar(sql.charAt(end)));
  }

  /** The line that ends at {@code end} has a {@code --} (a comment, or "--" in a string: the long way either way). */
  static boolean lineComment(String sql, int end) {
    int lineStart = Math.max(sql.lastIndexOf('\n', end - 1), sql.lastIndexOf('\r', end - 1)) + 1;
    int dashes = sql.indexOf("--", lineStart);
    return dashes >= 0 && dashes < end;
  }

  /** A {@code --} or {@code /*} comment starts at {@code i}. */
  static boolean startsComment(String sql, int i) {
    char c = sql.charAt(i);
    return (c == '-' || c == '/') && i + 1 < sql.length() && sql.charAt(i + 1) == (c == '-' ? '-' : '*');
  }

  static boolean onlySpaceAfter(String sql, int from) {
    for (int i = from; i < sql.length(); i++) {
      if (sql.charAt(i) > ' ') {
        return false;
      }
    }
    return true;
  }

  static boolean isWordChar(char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c > 127;
  }
}
