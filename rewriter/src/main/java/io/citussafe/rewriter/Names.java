package io.citussafe.rewriter;

/**
 * Identifiers as PostgreSQL reads them: unquoted names fold ASCII letters to lower case, quoted
 * names keep their text with {@code ""} undoubled. One copy of these rules for every rule.
 */
final class Names {

  private Names() {
  }

  /** The current token as stored in the catalog; null when it is not a plain identifier. */
  static String stored(Scanner s) {
    if (s.type() == Scanner.Type.WORD) {
      return lower(s.sql(), s.start(), s.end());
    }
    if (s.type() == Scanner.Type.QUOTED_IDENTIFIER && !isUnicodeQuoted(s)
        && s.end() - s.start() >= 2 && s.sql().charAt(s.end() - 1) == '"') {
      return s.sql().substring(s.start() + 1, s.end() - 1).replace("\"\"", "\"");
    }
    return null;
  }

  /** A name as written ({@code "Orders"} or {@code Orders}) as stored ({@code Orders} or {@code orders}). */
  static String stored(String written) {
    if (written.length() >= 2 && written.charAt(0) == '"' && written.charAt(written.length() - 1) == '"') {
      return written.substring(1, written.length() - 1).replace("\"\"", "\"");
    }
    return lower(written, 0, written.length());
  }

  /**
   * The last part of a qualified name in regclass syntax, as stored: {@code sales."Orders"} gives
   * {@code Orders}. Dots inside quotes do not split.
   */
  static String lastPart(String regclassText) {
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i < regclassText.length(); i++) {
      char c = regclassText.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '.' && !quoted) {
        start = i + 1;
      }
    }
    return stored(regclassText.substring(start).trim());
  }

  /** {@code schema.} of a qualified name in regclass syntax, as written; empty when unqualified. */
  static String qualifier(String regclassText) {
    int dot = -1;
    boolean quoted = false;
    for (int i = 0; i < regclassText.length(); i++) {
      char c = regclassText.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '.' && !quoted) {
        dot = i;
      }
    }
    return regclassText.substring(0, dot + 1);
  }

  /**
   * Standing on TABLE of {@code ALTER TABLE}: skips {@code IF EXISTS} and {@code ONLY} and reads the
   * table's name in regclass syntax (see {@link #readQualified}); the scanner ends after it.
   */
  static String readAlteredTable(Scanner s) {
    s.next();
    if (s.isWord("if")) {
      s.next();
      s.accept("exists");
    }
    s.accept("only");
    return readQualified(s);
  }

  /** Skips {@code IF NOT EXISTS} where the scanner stands; true when it was there. */
  static boolean acceptIfNotExists(Scanner s) {
    if (!s.isWord("if")) {
      return false;
    }
    s.next();
    s.accept("not");
    return s.accept("exists");
  }

  /** Standing on INDEX of {@code CREATE INDEX}: the table after its top-level {@code ON [ONLY]}, or null. */
  static String readIndexedTable(Scanner s) {
    for (s.next(); s.type() != Scanner.Type.END; s.next()) {
      if (s.depth() == 0 && s.isWord("on")) {
        s.next();
        s.accept("only");
        return readQualified(s);
      }
    }
    return null;
  }

  /**
   * Reads {@code ident[.ident[.ident]]} and returns it in regclass syntax: quoted parts keep their
   * quotes, so the server resolves the name exactly as it resolves the statement. Stops after a
   * trailing {@code *} (inheritance). Null when the current token is not an identifier.
   */
  static String readQualified(Scanner s) {
    if (!s.isIdentifier() || isUnicodeQuoted(s)) {
      return null;
    }
    StringBuilder name = new StringBuilder(s.text());
    s.next();
    while (s.isSymbol('.')) {
      s.next();
      if (!s.isIdentifier() || isUnicodeQuoted(s)) {
        return null;
      }
      name.append('.').append(s.text());
      s.next();
    }
    if (s.isSymbol('*')) {
      s.next();
    }
    return name.toString();
  }

  /** {@code U&"…"}: its escapes would need decoding, so such names are not handled. */
  static boolean isUnicodeQuoted(Scanner s) {
    return s.type() == Scanner.Type.QUOTED_IDENTIFIER && s.sql().charAt(s.start()) != '"';
  }

  /** PostgreSQL folds only ASCII letters of unquoted identifiers. */
  static String lower(String text, int from, int to) {
    StringBuilder out = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      out.append(Lexer.toLower(text.charAt(i)));
    }
    return out.toString();
  }

  /**
   * The name PostgreSQL chooses for a constraint or a serial column's sequence
   * ({@code makeObjectName}): {@code table_column_label}, the longer part shortened until it fits
   * in 63 characters.
   */
  static String defaultName(String table, String column, String label) {
    int available = 63 - label.length() - (column == null ? 1 : 2);
    String a = table;
    String b = column == null ? "" : column;
    while (a.length() + b.length() > available) {
      if (a.length() > b.length()) {
        a = a.substring(0, a.length() - 1);
      } else {
        b = b.substring(0, b.length() - 1);
      }
    }
    return quoted(column == null ? a + "_" + label : a + "_" + b + "_" + label);
  }

  /** A name as SQL text: see {@link SqlText#quoteIdentifier}. */
  static String quoted(String name) {
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a valid identifier: \"" + name.replace("\0", "\\0") + "\"");
    }
    boolean plain = (name.charAt(0) >= 'a' && name.charAt(0) <= 'z') || name.charAt(0) == '_';
    for (int i = 1; plain && i < name.length(); i++) {
      char c = name.charAt(i);
      plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }
    return plain && !Keywords.RESERVED.contains(name) ? name : "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
