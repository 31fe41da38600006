package io.citussafe.cli;

import io.citussafe.rewriter.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of one statement, for reading what DDL does to the review's schema model. Statements
 * are split by the rewriter ({@code SqlText.statements}); this only reads inside one. Follows
 * PostgreSQL's {@code scan.l} where it matters for names: strings ({@code '…'}, {@code E'…'}),
 * dollar quotes, nested block comments, line comments, quoted identifiers. Each token carries its
 * parenthesis depth.
 */
final class SqlTokens {

  enum Type { WORD, QUOTED, STRING, NUMBER, SYMBOL, PARAMETER }

  /**
   * @param text the token as written
   * @param value a word in lower case, a quoted identifier or string unquoted; else the text
   * @param depth parentheses open before the token (a {@code (} has the depth outside it)
   */
  record Token(Type type, String text, String value, int depth, int start, int end) {

    boolean is(String word) {
      return type == Type.WORD && value.equals(word);
    }

    boolean isSymbol(String symbol) {
      return type == Type.SYMBOL && text.equals(symbol);
    }

    /** A name: a word or a quoted identifier. */
    boolean isName() {
      return type == Type.WORD || type == Type.QUOTED;
    }
  }

  private final List<Token> tokens;

  private SqlTokens(List<Token> tokens) {
    this.tokens = tokens;
  }

  static SqlTokens of(String sql) {
    List<Token> out = new ArrayList<>();
    int depth = 0;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      int skipped = Character.isWhitespace(c) ? -1 : SqlText.skipQuotedOrComment(sql, i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (skipped >= 0) {
        Token token = quoted(sql, i, skipped, depth);
        if (token != null) {
          out.add(token);
        }
        i = skipped;
      } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
        int end = i + 1;
        while (end < n && Character.isDigit(sql.charAt(end))) {
          end++;
        }
        out.add(new Token(Type.PARAMETER, sql.substring(i, end), sql.substring(i, end), depth, i, end));
        i = end;
      } else if (Character.isLetter(c) || c == '_') {
        int end = i + 1;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_' || sql.charAt(end) == '$')) {
          end++;
        }
        String text = sql.substring(i, end);
        out.add(new Token(Type.WORD, text, text.toLowerCase(Locale.ROOT), depth, i, end));
        i = end;
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
        int end = i + 1;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.' || sql.charAt(end) == '_')) {
          end++;
        }
        out.add(new Token(Type.NUMBER, sql.substring(i, end), sql.substring(i, end), depth, i, end));
        i = end;
      } else {
        String symbol = i + 1 < n && isPair(c, sql.charAt(i + 1)) ? sql.substring(i, i + 2) : String.valueOf(c);
        if (c == ')') {
          depth = Math.max(0, depth - 1);
        }
        out.add(new Token(Type.SYMBOL, symbol, symbol, depth, i, i + symbol.length()));
        if (c == '(') {
          depth++;
        }
        i += symbol.length();
      }
    }
    return new SqlTokens(List.copyOf(out));
  }

  List<Token> list() {
    return tokens;
  }

  int size() {
    return tokens.size();
  }

  Token get(int index) {
    return tokens.get(index);
  }

  /** The token at {@code index}, or null past the end. */
  Token at(int index) {
    return index >= 0 && index < tokens.size() ? tokens.get(index) : null;
  }

  boolean isSymbolAt(int index, String symbol) {
    Token t = at(index);
    return t != null && t.isSymbol(symbol);
  }

  boolean is(int index, String word) {
    Token t = at(index);
    return t != null && t.is(word);
  }

  /** The words at {@code index} on are {@code words}, in order. */
  boolean are(int index, String... words) {
    for (int k = 0; k < words.length; k++) {
      if (!is(index + k, words[k])) {
        return false;
      }
    }
    return true;
  }

  /** The index of the {@code )} closing the {@code (} at {@code open}, or the size when unclosed. */
  int closing(int open) {
    int depth = tokens.get(open).depth();
    for (int k = open + 1; k < tokens.size(); k++) {
      Token t = tokens.get(k);
      if (t.depth() == depth && t.isSymbol(")")) {
        return k;
      }
    }
    return tokens.size();
  }

  /**
   * The ranges {@code [from, to)} of the items of a list at {@code depth} between {@code from} and
   * {@code to}, split at commas of that depth.
   */
  List<int[]> items(int from, int to, int depth) {
    List<int[]> items = new ArrayList<>();
    int start = from;
    for (int k = from; k < to; k++) {
      Token t = tokens.get(k);
      if (t.depth() == depth && t.isSymbol(",")) {
        if (k > start) {
          items.add(new int[] {start, k});
        }
        start = k + 1;
      }
    }
    if (to > start) {
      items.add(new int[] {start, to});
    }
    return items;
  }

  /** The text of the statement from token {@code from} to token {@code to} (exclusive), as written. */
  String text(String sql, int from, int to) {
    if (from >= to || from >= tokens.size()) {
      return "";
    }
    return sql.substring(tokens.get(from).start(), tokens.get(Math.min(to, tokens.size()) - 1).end());
  }

  /** The statement as one line: comments dropped, white space between tokens made one space. */
  static String oneLine(String sql) {
    SqlTokens t = of(sql);
    StringBuilder out = new StringBuilder();
    Token previous = null;
    for (Token token : t.tokens) {
      if (previous != null && token.start() > previous.end() && !previous.isSymbol("(") && !token.isSymbol(")")
          && !token.isSymbol(",")) {
        out.append(' ');
      }
      out.append(token.text());
      previous = token;
    }
    return out.toString();
  }

  /** The offset of the first token of {@code sql}, past white space and comments. */
  static int firstTokenOffset(String sql) {
    SqlTokens t = of(sql);
    return t.tokens.isEmpty() ? 0 : t.tokens.get(0).start();
  }

  private static boolean isPair(char a, char b) {
    return (a == ':' && (b == ':' || b == '=')) || (a == '=' && b == '>') || (a == '<' && (b == '>' || b == '='))
        || (a == '>' && b == '=') || (a == '!' && b == '=') || (a == '|' && b == '|');
  }

  /**
   * The token of the string, quoted identifier or dollar quote at {@code [start, end)}, its value
   * unquoted; null for a comment.
   */
  private static Token quoted(String sql, int start, int end, int depth) {
    String text = sql.substring(start, end);
    char c = text.charAt(0);
    if (c == '"') {
      String body = text.substring(1, Math.max(text.length() - 1, 1)).replace("\"\"", "\"");
      return new Token(Type.QUOTED, text, body, depth, start, end);
    }
    if (c == '\'' || c == 'E' || c == 'e') {
      int open = c == '\'' ? 1 : 2;
      String body = text.substring(open, Math.max(text.length() - 1, open)).replace("''", "'");
      return new Token(Type.STRING, text, body, depth, start, end);
    }
    if (c == '$') {
      int tagLength = text.indexOf('$', 1) + 1;
      boolean closed = text.length() >= 2 * tagLength && text.endsWith(text.substring(0, tagLength));
      return new Token(Type.STRING, text, text.substring(tagLength, closed ? text.length() - tagLength : text.length()),
          depth, start, end);
    }
    return null;
  }
}
