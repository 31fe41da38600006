package io.citussafe.rewriter;

/**
 * Identifiers as PostgreSQL reads them: unquoted names fold ASCII letters to lower case, quoted
 * names keep their text with {@code ""} undoubled, and both are cut to 63 bytes. One copy of
 * these rules for every rule and for the command's review.
 */
final class Names {

  private Names() {
  }

  /** The current token as stored in the catalog; null when it is not a plain identifier. */
  static String stored(Scanner s) {
    if (s.type() == Scanner.Type.WORD) {
      return truncated(lower(s.sql(), s.start(), s.end()));
    }
    // "" is no name: PostgreSQL refuses a zero-length quoted identifier, so no rule reads it
    if (s.type() == Scanner.Type.QUOTED_IDENTIFIER && !isUnicodeQuoted(s)
        && s.end() - s.start() > 2 && s.sql().charAt(s.end() - 1) == '"') {
      return truncated(s.sql().substring(s.start() + 1, s.end() - 1).replace("\"\"", "\""));
    }
    return null;
  }

  /** A name as written ({@code "Orders"} or {@code Orders}) as stored ({@code Orders} or {@code orders}). */
  static String stored(String written) {
    if (written.length() >= 2 && written.charAt(0) == '"' && written.charAt(written.length() - 1) == '"') {
      return truncated(written.substring(1, written.length() - 1).replace("\"\"", "\""));
    }
    return truncated(lower(written, 0, written.length()));
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
   * In {@code CREATE [UNIQUE] INDEX … ON [ONLY] t [USING method] (…)}, from anywhere before the
   * top-level {@code ON}: the table, with the scanner left at the column list; null when none.
   */
  static String readIndexTable(Scanner s) {
    while (s.type() != Scanner.Type.END && !(s.depth() == 0 && s.isWord("on"))) {
      s.next();
    }
    s.next();
    s.accept("only");
    String table = readQualified(s);
    if (table != null && s.accept("using")) {
      s.next();
    }
    return table;
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

  /** Reads {@code a[.b[.c]]} (and a trailing {@code *}) as {@link #readQualified} does; its last part as stored, or null. */
  static String readLastPart(Scanner s) {
    String qualified = readQualified(s);
    return qualified == null ? null : lastPart(qualified);
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

  /** PostgreSQL's NAMEDATALEN - 1: the most bytes a name holds. */
  static final int MAX_NAME_BYTES = 63;

  /**
   * The name PostgreSQL chooses for a constraint, an index or a serial column's sequence
   * ({@code makeObjectName}), quoted when needed: {@code table_addition_label}, or
   * {@code table_label} without an addition. While the name is over 63 bytes of UTF-8 the longer of
   * table and addition loses a byte; each is then cut back to a whole character.
   */
  static String defaultName(String table, String addition, String label) {
    return quoted(objectName(table, addition, label));
  }

  /** {@link #defaultName} as stored, unquoted. */
  static String objectName(String table, String addition, String label) {
    byte[] a = utf8(table);
    byte[] b = addition == null ? new byte[0] : utf8(addition);
    int available = MAX_NAME_BYTES - utf8(label).length - 1 - (addition == null ? 0 : 1);
    int aLength = a.length;
    int bLength = b.length;
    while (aLength + bLength > available) {
      if (aLength > bLength) {
        aLength--;
      } else {
        bLength--;
      }
    }
    String first = whole(a, aLength);
    return addition == null ? first + "_" + label : first + "_" + whole(b, bLength) + "_" + label;
  }

  /**
   * The column part of a chosen name ({@code ChooseIndexNameAddition},
   * {@code ChooseForeignKeyConstraintNameAddition}): the names joined by {@code _}, cut to 63 bytes.
   */
  static String nameAddition(java.util.List<String> columns) {
    String joined = String.join("_", columns);
    return whole(utf8(joined), Math.min(utf8(joined).length, MAX_NAME_BYTES));
  }

  /**
   * A name cut to 63 bytes of UTF-8 as the server cuts an identifier that is too long
   * ({@code truncate_identifier}), without splitting a character.
   */
  static String truncated(String name) {
    // no char takes more than 3 bytes (a surrogate pair takes 4 for 2 chars): short names need no count
    if (name.length() <= MAX_NAME_BYTES / 3) {
      return name;
    }
    int bytes = 0;
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      if (bytes > MAX_NAME_BYTES) {
        return name.substring(0, i);
      }
      i += Character.charCount(c);
    }
    return name;
  }

  /** The first {@code length} bytes of UTF-8 text, less the bytes of a character they would split. */
  private static String whole(byte[] utf8, int length) {
    int end = length;
    // a continuation byte (10xxxxxx) at the cut means the character before it is split
    while (end > 0 && end < utf8.length && (utf8[end] & 0xC0) == 0x80) {
      end--;
    }
    return new String(utf8, 0, end, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
