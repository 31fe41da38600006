package io.citussafe.rewriter;

/**
 * Allocation-free helpers that skip one lexical element of PostgreSQL SQL and return the offset
 * just past it. The rules follow PostgreSQL's {@code src/backend/parser/scan.l}: nested block
 * comments, {@code ''} doubling in strings, backslash escapes only in {@code E'…'} strings
 * (standard_conforming_strings is on, as it has been by default since 9.1), {@code ""} doubling
 * in quoted identifiers, and {@code $tag$…$tag$} where the tag is an identifier without {@code $}.
 *
 * <p>An unterminated element runs to the end of the text, as the server would report it; the
 * caller passes such text through and lets the server produce the error.
 */
final class Lexer {

  private Lexer() {
  }

  /** Skips white space and comments; returns the offset of the next significant character. */
  static int skipSpace(String sql, int i) {
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        i = skipLineComment(sql, i);
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = skipBlockComment(sql, i);
      } else {
        return i;
      }
    }
    return n;
  }

  static int skipLineComment(String sql, int i) {
    int n = sql.length();
    while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
      i++;
    }
    return i;
  }

  /** Block comments nest in PostgreSQL, unlike in the SQL standard. */
  static int skipBlockComment(String sql, int i) {
    int n = sql.length();
    int depth = 1;
    i += 2;
    while (i < n && depth > 0) {
      char c = sql.charAt(i);
      if (c == '*' && i + 1 < n && sql.charAt(i + 1) == '/') {
        depth--;
        i += 2;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        depth++;
        i += 2;
      } else {
        i++;
      }
    }
    return i;
  }

  /** Skips {@code '…'} starting at the quote; {@code backslashEscapes} for {@code E'…'}. */
  static int skipSingleQuoted(String sql, int i, boolean backslashEscapes) {
    return skipQuoted(sql, i, '\'', backslashEscapes);
  }

  /** Skips {@code "…"} starting at the quote. */
  static int skipQuotedIdentifier(String sql, int i) {
    return skipQuoted(sql, i, '"', false);
  }

  /** Skips from the opening {@code quote} to past the closing one; a doubled quote stands for one. */
  private static int skipQuoted(String sql, int i, char quote, boolean backslashEscapes) {
    int n = sql.length();
    i++;
    while (i < n) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < n && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return n;
  }

  /**
   * Returns the offset just past the opening {@code $tag$} at {@code i}, or -1 when the
   * {@code $} does not open a dollar quote (a parameter such as {@code $1}).
   */
  static int dollarTagEnd(String sql, int i) {
    int n = sql.length();
    int j = i + 1;
    if (j < n && sql.charAt(j) == '$') {
      return j + 1;
    }
    if (j >= n || !isIdentifierStart(sql.charAt(j))) {
      return -1;
    }
    j++;
    while (j < n && sql.charAt(j) != '$') {
      if (!isIdentifierPart(sql.charAt(j)) || sql.charAt(j) == '$') {
        return -1;
      }
      j++;
    }
    return j < n ? j + 1 : -1;
  }

  /** Skips a whole dollar-quoted string whose opening tag spans {@code [i, tagEnd)}. */
  static int skipDollarQuoted(String sql, int i, int tagEnd) {
    int tagLength = tagEnd - i;
    int close = sql.indexOf(sql.substring(i, tagEnd), tagEnd);
    return close < 0 ? sql.length() : close + tagLength;
  }

  /** Identifier rules of scan.l: letters, underscore and any non-ASCII character start one. */
  static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$';
  }

  /** Case-insensitive ASCII match of {@code lowerWord} at {@code [start, end)} without copying. */
  static boolean wordEquals(String sql, int start, int end, String lowerWord) {
    if (end - start != lowerWord.length()) {
      return false;
    }
    for (int k = 0; k < lowerWord.length(); k++) {
      if (toLower(sql.charAt(start + k)) != lowerWord.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** PostgreSQL folds only ASCII letters of unquoted identifiers. */
  static char toLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  /** Case-insensitive ASCII search of a lower-case needle; -1 when absent. */
  static int indexOfIgnoreCase(String sql, String lowerNeedle, int from) {
    int last = sql.length() - lowerNeedle.length();
    char first = lowerNeedle.charAt(0);
    for (int i = from; i <= last; i++) {
      char c = sql.charAt(i);
      if (toLower(c) == first && wordEquals(sql, i, i + lowerNeedle.length(), lowerNeedle)) {
        return i;
      }
    }
    return -1;
  }
}
