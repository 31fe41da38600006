package io.citussafe.rewriter;

/**
 * One {@code ALTER [COLUMN] c [SET DATA] TYPE t [USING e]} action of an ALTER TABLE, as the rules
 * that change how a type change runs read it.
 *
 * @param column the column as written
 * @param storedColumn the column as stored
 * @param type the new type as written
 * @param using the USING expression, or null
 */
record Conversion(String column, String storedColumn, String type, String using) {

  /** The action as a type change, or null when it is another ALTER COLUMN action. */
  static Conversion read(String action) {
    Scanner s = new Scanner(action);
    s.next();
    s.next();
    s.accept("column");
    String stored = Names.stored(s);
    if (stored == null) {
      return null;
    }
    String column = s.text();
    s.next();
    if (!(s.accept("type") || s.accept("set") && s.accept("data") && s.accept("type"))) {
      return null;
    }
    int typeStart = s.start();
    int typeEnd = typeStart;
    while (s.type() != Scanner.Type.END && !(s.depth() == 0 && s.isWord("using"))) {
      typeEnd = s.end();
      s.next();
    }
    String using = null;
    if (s.accept("using")) {
      using = action.substring(s.start()).strip();
    }
    return typeEnd == typeStart ? null : new Conversion(column, stored, action.substring(typeStart, typeEnd), using);
  }
}
