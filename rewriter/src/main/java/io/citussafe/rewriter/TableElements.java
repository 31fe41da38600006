package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of CREATE TABLE for {@link SchemaChange}, also added by ALTER TABLE: columns (read by
 * {@link AddColumn}, as the rules read them) and table constraints with the names PostgreSQL
 * gives them.
 */
final class TableElements {

  private TableElements() {
  }

  /** Standing after TABLE of CREATE TABLE. */
  static void createTable(Scanner s, SchemaChange change) {
    if (s.accept("if")) {
      s.accept("not");
      s.accept("exists");
    }
    String table = Names.readLastPart(s);
    if (table == null) {
      return;
    }
    change.kind = SchemaChange.Kind.CREATE_TABLE;
    change.table = table;
    if (s.isWord("partition")) {
      s.next();
      if (s.accept("of")) {
        change.partitionOf = Names.readLastPart(s);
      }
    }
    if (s.isSymbol('(')) {
      for (String element : items(s)) {
        SchemaChange.Constraint constraint = tableConstraint(element, table);
        if (constraint != null) {
          change.constraints.add(constraint);
        } else if (!startsWith(element, "like")) {
          SchemaChange.Column column = column(AddColumn.readDefinition(element), table);
          if (column != null) {
            change.columns.add(column);
          }
        }
      }
    }
    // CREATE TABLE … AS …: rows, unless it ends WITH NO DATA
    boolean as = false;
    String[] last = new String[3];
    for (; s.type() != Scanner.Type.END; s.next()) {
      if (s.depth() == 0) {
        as |= s.isWord("as");
        last[0] = last[1];
        last[1] = last[2];
        last[2] = s.type() == Scanner.Type.WORD ? Names.lower(s.sql(), s.start(), s.end()) : "";
      }
    }
    change.createdWithRows = as && !("with".equals(last[0]) && "no".equals(last[1]) && "data".equals(last[2]));
  }

  /**
   * {@code [CONSTRAINT n] PRIMARY KEY (…) | UNIQUE (…) | FOREIGN KEY (…) REFERENCES t (…) | CHECK (…) |
   * EXCLUDE …}, or null when the element is not a table constraint.
   */
  static SchemaChange.Constraint tableConstraint(String element, String table) {
    Scanner s = new Scanner(element);
    s.next();
    String name = null;
    if (s.accept("constraint")) {
      name = Names.stored(s);
      s.next();
    }
    if (s.accept("primary") && s.accept("key")) {
      return key(s, name, 'p', table);
    }
    if (s.accept("unique")) {
      if (s.accept("nulls")) {
        s.accept("not");
        s.accept("distinct");
      }
      return key(s, name, 'u', table);
    }
    if (s.accept("foreign") && s.accept("key")) {
      List<String> columns = s.isSymbol('(') ? nameList(s) : List.of();
      SchemaChange.Reference references = s.accept("references") ? reference(s) : null;
      return new SchemaChange.Constraint(name != null ? name
          : Names.objectName(table, Names.nameAddition(columns), "fkey"), 'f', columns, references, null);
    }
    if (s.isWord("check")) {
      return new SchemaChange.Constraint(name != null ? name : Names.objectName(table, CheckNames.column(s, null), "check"),
          'c', List.of(), null, null);
    }
    if (s.isWord("exclude")) {
      return new SchemaChange.Constraint(name != null ? name : Names.objectName(table, null, "excl"), 'x', List.of(),
          null, null);
    }
    return null;
  }

  /** Standing after {@code PRIMARY KEY} or {@code UNIQUE}: {@code (columns)} or {@code USING INDEX i}. */
  private static SchemaChange.Constraint key(Scanner s, String name, char type, String table) {
    if (s.accept("using") && s.accept("index")) {
      String index = Names.stored(s);
      // without a name of its own, the constraint takes the index's
      return new SchemaChange.Constraint(name != null ? name : index, type, List.of(), null, index);
    }
    List<String> columns = s.isSymbol('(') ? nameList(s) : List.of();
    String chosen = type == 'p' ? Names.objectName(table, null, "pkey")
        : Names.objectName(table, Names.nameAddition(columns), "key");
    return new SchemaChange.Constraint(name != null ? name : chosen, type, columns, null, null);
  }

  /** Standing after REFERENCES: {@code table [(columns)]}. */
  private static SchemaChange.Reference reference(Scanner s) {
    String table = Names.readLastPart(s);
    if (table == null) {
      return null;
    }
    return new SchemaChange.Reference(table, s.isSymbol('(') ? nameList(s) : List.of());
  }

  /** A column read by {@link AddColumn}, for the model; null when it is none. */
  static SchemaChange.Column column(AddColumn added, String table) {
    if (added == null) {
      return null;
    }
    String name = added.storedColumn;
    boolean identity = false;
    List<SchemaChange.Constraint> constraints = new ArrayList<>(2);
    for (AddColumn.Constraint c : added.constraints) {
      String given = c.name();
      switch (c.kind()) {
        case "primary" -> constraints.add(new SchemaChange.Constraint(given != null ? given
            : Names.objectName(table, null, "pkey"), 'p', List.of(name), null, null));
        case "unique" -> constraints.add(new SchemaChange.Constraint(given != null ? given
            : Names.objectName(table, name, "key"), 'u', List.of(name), null, null));
        case "check" -> constraints.add(new SchemaChange.Constraint(given != null ? given
            : Names.objectName(table, name, "check"), 'c', List.of(name), null, null));
        case "references" -> {
          Scanner s = new Scanner(c.text());
          s.next();
          while (s.type() != Scanner.Type.END && !s.accept("references")) {
            s.next();
          }
          constraints.add(new SchemaChange.Constraint(given != null ? given : Names.objectName(table, name, "fkey"),
              'f', List.of(name), reference(s), null));
        }
        case "generated" -> identity |= Lexer.indexOfIgnoreCase(c.text(), "identity", 0) >= 0;
        default -> {
        }
      }
    }
    boolean serial = added.isSerial();
    boolean notNull = added.has("not") || added.has("primary") || identity || serial;
    String defaultExpression = added.defaultExpression();
    List<String> calls = new ArrayList<>(1);
    if (defaultExpression != null) {
      CallSpans.find(defaultExpression, 0, defaultExpression.length()).forEach(call -> calls.add(call.name()));
    }
    return new SchemaChange.Column(name, TypeNames.normalize(added.type), added.type, notNull, identity, serial,
        defaultExpression, List.copyOf(calls), List.copyOf(constraints));
  }

  /**
   * The items of the parenthesised list the scanner stands on, split at its top-level commas, each
   * as written; the scanner ends after the closing parenthesis.
   */
  static List<String> items(Scanner s) {
    List<String> items = new ArrayList<>();
    int depth = s.depth();
    int start = -1;
    int end = -1;
    for (s.next(); s.type() != Scanner.Type.END && !(s.isSymbol(')') && s.depth() == depth); s.next()) {
      if (s.depth() == depth + 1 && s.isSymbol(',')) {
        if (start >= 0) {
          items.add(s.sql().substring(start, end));
        }
        start = -1;
      } else {
        start = start < 0 ? s.start() : start;
        end = s.end();
      }
    }
    if (start >= 0) {
      items.add(s.sql().substring(start, end));
    }
    s.next();
    return items;
  }

  /** The names that start the items of the parenthesised list the scanner stands on, as stored. */
  static List<String> nameList(Scanner s) {
    List<String> names = new ArrayList<>();
    for (String item : items(s)) {
      Scanner first = new Scanner(item);
      first.next();
      String name = Names.stored(first);
      if (name != null) {
        names.add(name);
      }
    }
    return List.copyOf(names);
  }

  private static boolean startsWith(String element, String lowerWord) {
    Scanner s = new Scanner(element);
    s.next();
    return s.isWord(lowerWord);
  }
}
