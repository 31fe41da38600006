package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code ADD [COLUMN] [IF NOT EXISTS] name type [constraint …]} action, read into the parts
 * the rules change: the type, the default, NOT NULL, identity, and the column constraints (each
 * with its exact text). Column constraints follow PostgreSQL's grammar: each starts with
 * {@code CONSTRAINT name}, {@code NOT NULL}, {@code NULL}, {@code CHECK}, {@code DEFAULT},
 * {@code UNIQUE}, {@code PRIMARY KEY}, {@code REFERENCES}, {@code GENERATED} or {@code COLLATE};
 * {@code DEFERRABLE} and {@code INITIALLY} belong to the one before.
 */
final class AddColumn {

  private static final String[] STARTS = {"constraint", "not", "null", "check", "default", "unique", "primary",
      "references", "generated", "collate"};

  /**
   * A column constraint: its first keyword (lower case), whether it is named, its name as stored
   * (null when unnamed), and its text.
   */
  record Constraint(String kind, boolean named, String name, String text) {
  }

  final boolean ifNotExists;
  /** The column as written, and as stored. */
  final String column;
  final String storedColumn;
  final String type;
  final List<Constraint> constraints;

  private AddColumn(boolean ifNotExists, String column, String storedColumn, String type,
      List<Constraint> constraints) {
    this.ifNotExists = ifNotExists;
    this.column = column;
    this.storedColumn = storedColumn;
    this.type = type;
    this.constraints = constraints;
  }

  /** The action as an added column, or null when it is not one this can read. */
  static AddColumn read(String action) {
    Scanner s = new Scanner(action);
    s.next();
    if (!s.accept("add")) {
      return null;
    }
    s.accept("column");
    boolean ifNotExists = false;
    if (s.isWord("if")) {
      s.next();
      if (!s.accept("not") || !s.accept("exists")) {
        return null;
      }
      ifNotExists = true;
    }
    return definition(action, s, ifNotExists);
  }

  /** A column definition of CREATE TABLE, {@code name type [constraint …]}, or null when it is not one. */
  static AddColumn readDefinition(String element) {
    Scanner s = new Scanner(element);
    s.next();
    return definition(element, s, false);
  }

  /** Reads from the column's name on. */
  private static AddColumn definition(String action, Scanner s, boolean ifNotExists) {
    String stored = Names.stored(s);
    if (stored == null) {
      return null;
    }
    String column = s.text();
    s.next();
    int typeStart = s.start();
    int typeEnd = typeStart;
    while (s.type() != Scanner.Type.END && !(s.depth() == 0 && Keywords.isAnyWord(s, STARTS))) {
      typeEnd = s.end();
      s.next();
    }
    if (typeEnd == typeStart) {
      return null;
    }
    List<Constraint> constraints = new ArrayList<>(2);
    while (s.type() != Scanner.Type.END) {
      int start = s.start();
      boolean named = s.isWord("constraint");
      String name = null;
      if (named) {
        s.next();
        name = Names.stored(s);
        s.next();
      }
      String kind = s.type() == Scanner.Type.WORD ? Names.lower(action, s.start(), s.end()) : "";
      int end = s.end();
      // DEFAULT NULL: the NULL is the default's
      boolean joined = kind.equals("default");
      s.next();
      if (kind.equals("not") && s.isWord("null")) {
        end = s.end();
        s.next();
      }
      while (s.type() != Scanner.Type.END && (joined || !startsConstraint(s))) {
        // SET NULL, SET DEFAULT, BY DEFAULT: a start keyword inside this constraint
        joined = s.isWord("set") || s.isWord("by");
        end = s.end();
        s.next();
      }
      constraints.add(new Constraint(kind, named, name, action.substring(start, end)));
    }
    return new AddColumn(ifNotExists, column, stored, action.substring(typeStart, typeEnd), List.copyOf(constraints));
  }

  /** A keyword that starts a column constraint; NOT DEFERRABLE belongs to the one before. */
  private static boolean startsConstraint(Scanner s) {
    if (s.depth() != 0 || !Keywords.isAnyWord(s, STARTS)) {
      return false;
    }
    if (!s.isWord("not")) {
      return true;
    }
    Scanner ahead = new Scanner(s.sql(), s.end(), s.sql().length());
    ahead.next();
    return !ahead.isWord("deferrable");
  }

  /** The type, lower case, without spaces: {@code bigserial}, {@code int4}… */
  String bareType() {
    return Names.lower(type, 0, type.length()).replaceAll("\\s+", "");
  }

  boolean isSerial() {
    return TypeNames.serialBase(bareType()) != null;
  }

  /** The integer type behind a serial type. */
  String serialBase() {
    return TypeNames.serialBase(bareType());
  }

  /** The DEFAULT expression's text, or null. */
  String defaultExpression() {
    for (Constraint c : constraints) {
      if (c.kind().equals("default")) {
        return c.text().substring(Lexer.indexOfIgnoreCase(c.text(), "default", 0) + 7).strip();
      }
    }
    return null;
  }

  boolean has(String kind) {
    for (Constraint c : constraints) {
      if (c.kind().equals(kind)) {
        return true;
      }
    }
    return false;
  }

  /** {@code ADD COLUMN [IF NOT EXISTS] name <type> <constraints kept>}. */
  String addText(String type, List<Constraint> kept) {
    StringBuilder out = new StringBuilder("ADD COLUMN ");
    if (ifNotExists) {
      out.append("IF NOT EXISTS ");
    }
    out.append(column).append(' ').append(type);
    for (Constraint c : kept) {
      out.append(' ').append(c.text());
    }
    return out.toString();
  }
}
