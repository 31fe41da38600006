package io.citussafe.rewriter;

/**
 * A cursor over the tokens of one SQL text, built on {@link Lexer}. It keeps the current token
 * as offsets and a type, so walking a statement allocates nothing until a caller asks for text.
 * Parenthesis depth is tracked so rules can look only at a statement's top level.
 */
final class Scanner {

  enum Type {
    /** Unquoted identifier or keyword. */
    WORD,
    /** {@code "…"}, possibly {@code U&"…"}. */
    QUOTED_IDENTIFIER,
    /** {@code '…'}, {@code E'…'}, {@code B'…'}, {@code X'…'}, {@code U&'…'}, {@code $tag$…$tag$}. */
    STRING,
    NUMBER,
    /** {@code ?} or {@code $n}. */
    PARAMETER,
    /** Any operator or punctuation; single characters except {@code ::}, {@code :=}, {@code =>}. */
    SYMBOL,
    END
  }

  private final String sql;
  private final int limit;
  private int pos;
  private int depth;
  private Type type;
  private int start;
  private int end;

  Scanner(String sql) {
    this(sql, 0, sql.length());
  }

  Scanner(String sql, int from, int to) {
    this.sql = sql;
    this.pos = from;
    this.limit = to;
  }

  String sql() {
    return sql;
  }

  Type type() {
    return type;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  /** Parenthesis depth before the current token ({@code (} counts after itself). */
  int depth() {
    return depth;
  }

  /** Advances to the next token and returns its type. */
  Type next() {
    if (type == Type.SYMBOL && end - start == 1) {
      char prev = sql.charAt(start);
      if (prev == '(' || prev == '[') {
        depth++;
      }
    }
    int i = Lexer.skipSpace(sql, pos);
    if (i >= limit) {
      start = end = pos = limit;
      return type = Type.END;
    }
    start = i;
    char c = sql.charAt(i);
    char c1 = i + 1 < limit ? sql.charAt(i + 1) : '\0';
    if ((c == 'e' || c == 'E') && c1 == '\'') {
      return finish(Type.STRING, Lexer.skipSingleQuoted(sql, i + 1, true));
    }
    if ((c == 'b' || c == 'B' || c == 'x' || c == 'X' || c == 'n' || c == 'N') && c1 == '\'') {
      return finish(Type.STRING, Lexer.skipSingleQuoted(sql, i + 1, false));
    }
    if ((c == 'u' || c == 'U') && c1 == '&' && i + 2 < limit) {
      char q = sql.charAt(i + 2);
      if (q == '\'') {
        return finish(Type.STRING, Lexer.skipSingleQuoted(sql, i + 2, false));
      }
      if (q == '"') {
        return finish(Type.QUOTED_IDENTIFIER, Lexer.skipQuotedIdentifier(sql, i + 2));
      }
    }
    if (Lexer.isIdentifierStart(c)) {
      int j = i + 1;
      while (j < limit && Lexer.isIdentifierPart(sql.charAt(j))) {
        j++;
      }
      return finish(Type.WORD, j);
    }
    if (c == '\'') {
      return finish(Type.STRING, Lexer.skipSingleQuoted(sql, i, false));
    }
    if (c == '"') {
      return finish(Type.QUOTED_IDENTIFIER, Lexer.skipQuotedIdentifier(sql, i));
    }
    if (c == '$') {
      int tagEnd = Lexer.dollarTagEnd(sql, i);
      if (tagEnd > 0) {
        return finish(Type.STRING, Lexer.skipDollarQuoted(sql, i, tagEnd));
      }
      int j = i + 1;
      while (j < limit && Character.isDigit(sql.charAt(j))) {
        j++;
      }
      return finish(j > i + 1 ? Type.PARAMETER : Type.SYMBOL, j > i + 1 ? j : i + 1);
    }
    if (c == '?') {
      return finish(Type.PARAMETER, i + 1);
    }
    if (c >= '0' && c <= '9' || (c == '.' && c1 >= '0' && c1 <= '9')) {
      int j = i + 1;
      while (j < limit && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '.')) {
        j++;
      }
      return finish(Type.NUMBER, j);
    }
    if ((c == ':' && (c1 == ':' || c1 == '=')) || (c == '=' && c1 == '>')) {
      return finish(Type.SYMBOL, i + 2);
    }
    if (c == ')' || c == ']') {
      depth = Math.max(0, depth - 1);
    }
    return finish(Type.SYMBOL, i + 1);
  }

  private Type finish(Type t, int tokenEnd) {
    end = Math.min(tokenEnd, limit);
    pos = end;
    return type = t;
  }

  boolean isWord(String lowerWord) {
    return type == Type.WORD && Lexer.wordEquals(sql, start, end, lowerWord);
  }

  boolean isSymbol(char c) {
    return type == Type.SYMBOL && end - start == 1 && sql.charAt(start) == c;
  }

  boolean isSymbol(String symbol) {
    return type == Type.SYMBOL && sql.startsWith(symbol, start) && end - start == symbol.length();
  }

  /** Advances when the current token is the given word. */
  boolean accept(String lowerWord) {
    if (isWord(lowerWord)) {
      next();
      return true;
    }
    return false;
  }

  String text() {
    return sql.substring(start, end);
  }

  boolean isIdentifier() {
    return type == Type.WORD || type == Type.QUOTED_IDENTIFIER;
  }

  /** Skips to the token after the parenthesis that closes the one just consumed. */
  void skipToClose(int openDepth) {
    while (type != Type.END && !(isSymbol(')') && depth == openDepth)) {
      next();
    }
    if (type != Type.END) {
      next();
    }
  }

  /**
   * The value of a plain string literal token ({@code '…'} or {@code E'…'} without escapes, or
   * {@code $$…$$}), or null when the token is another kind of string or is unterminated.
   */
  String stringValue() {
    if (type != Type.STRING) {
      return null;
    }
    char c = sql.charAt(start);
    int open = start;
    if ((c == 'e' || c == 'E') && end - start >= 3) {
      // E'…' counts only without backslashes: escapes would need decoding to give the value
      open = start + 1;
      int backslash = sql.indexOf('\\', open);
      if (backslash >= 0 && backslash < end) {
        return null;
      }
    }
    if (end - open < 2) {
      return null;
    }
    if (sql.charAt(open) == '\'' && sql.charAt(end - 1) == '\'') {
      String body = sql.substring(open + 1, end - 1);
      // An unterminated 'x'' also ends in a quote (the lexer read '' as a doubled quote and ran
      // to the end); only a terminated literal has every quote of its body doubled.
      return body.replace("''", "").indexOf('\'') < 0 ? body.replace("''", "'") : null;
    }
    if (c == '$') {
      int tagEnd = Lexer.dollarTagEnd(sql, start);
      int tagLength = tagEnd - start;
      // An unterminated $tag$… runs to the end of the text; without this check the closing tag
      // was cut off text that has none, which threw for "$$" (StringIndexOutOfBoundsException).
      if (end - start < 2 * tagLength || !sql.startsWith(sql.substring(start, tagEnd), end - tagLength)) {
        return null;
      }
      return sql.substring(tagEnd, end - tagLength);
    }
    return null;
  }

  /** Whether the text holds a bind parameter ({@code ?} or {@code $1}): a CREATE TABLE AS cannot take one. */
  static boolean hasParameter(String sql) {
    Scanner s = new Scanner(sql);
    for (Type t = s.next(); t != Type.END; t = s.next()) {
      if (t == Type.PARAMETER) {
        return true;
      }
    }
    return false;
  }
}
