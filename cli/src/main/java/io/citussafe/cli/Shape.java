package io.citussafe.cli;

import io.citussafe.cli.SqlTokens.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one statement does to the schema, as far as the offline review needs to know: the table
 * it creates, alters, fills or distributes, and how. Read from tokens; a statement it does not
 * recognise is {@link Kind#OTHER} and changes nothing. Names are as stored (unquoted names in
 * lower case) and schema-free: the review keys tables by their last name part.
 */
final class Shape {

  enum Kind {
    CREATE_TABLE, ALTER_TABLE, CREATE_INDEX, DROP_TABLE, TRUNCATE, INSERT, COPY, UPDATE, DELETE, CALL,
    CREATE_FUNCTION, OTHER
  }

  /** A column as defined in CREATE TABLE or ADD COLUMN. */
  record Column(String name, String type, String typeWritten, boolean notNull, boolean primaryKey, boolean unique,
      Reference references, String defaultExpression, boolean identity, boolean serial, List<Constraint> checks) {
  }

  record Reference(String table, List<String> columns) {
  }

  /**
   * A table constraint.
   *
   * @param type {@code p} primary key, {@code u} unique, {@code f} foreign key, {@code c} check
   */
  record Constraint(String name, char type, List<String> columns, Reference references, String usingIndex) {
  }

  enum ActionKind {
    ADD_COLUMN, ADD_CONSTRAINT, SET_NOT_NULL, DROP_NOT_NULL, SET_TYPE, SET_DEFAULT, DROP_COLUMN, DROP_CONSTRAINT,
    VALIDATE_CONSTRAINT, RENAME_COLUMN, RENAME_TABLE, RENAME_CONSTRAINT, ATTACH_PARTITION, OTHER
  }

  /** One subcommand of ALTER TABLE, with its text as written. */
  record Action(ActionKind kind, Column column, Constraint constraint, String name, String newName, String text) {
  }

  private static final Set<String> COLUMN_CONSTRAINT_WORDS = Set.of("constraint", "not", "null", "primary", "unique",
      "references", "default", "check", "generated", "collate", "deferrable", "initially");
  private static final Set<String> SERIAL_TYPES = Set.of("serial", "serial4", "bigserial", "serial8", "smallserial",
      "serial2");
  private static final Map<String, String> TYPE_NAMES = typeNames();

  Kind kind = Kind.OTHER;
  /** The table the statement is about (stored name), or null. */
  String table;
  final List<Column> columns = new ArrayList<>();
  final List<Constraint> constraints = new ArrayList<>();
  final List<Action> actions = new ArrayList<>();
  /** DROP TABLE and TRUNCATE: every table named. */
  final List<String> tables = new ArrayList<>();
  String partitionOf;
  /** CREATE TABLE … AS, SELECT … INTO: the table is created with rows. */
  boolean createdWithRows;
  String indexName;
  boolean uniqueIndex;
  /** The plain columns of an index; null when it has expressions or a predicate. */
  List<String> indexColumns;
  /** UPDATE: the columns assigned. */
  final List<String> setColumns = new ArrayList<>();
  /** CALL: the function (lower case) and its string-literal arguments by parameter name. */
  String function;
  final Map<String, String> arguments = new LinkedHashMap<>();
  /** CREATE FUNCTION: {@code i}, {@code s} or {@code v}. */
  char volatility;

  private Shape() {
  }

  static Shape of(String sql) {
    Shape shape = new Shape();
    SqlTokens t = SqlTokens.of(sql);
    if (t.size() == 0) {
      return shape;
    }
    try {
      shape.read(sql, t);
    } catch (RuntimeException e) {
      // a statement the reader cannot follow changes nothing in the model
      return new Shape();
    }
    return shape;
  }

  private void read(String sql, SqlTokens t) {
    int i = 0;
    if (t.is(0, "create")) {
      i = 1;
      if (t.are(i, "or", "replace")) {
        i += 2;
      }
      while (t.is(i, "global") || t.is(i, "local") || t.is(i, "temp") || t.is(i, "temporary") || t.is(i, "unlogged")) {
        i++;
      }
      if (t.is(i, "table")) {
        readCreateTable(sql, t, i + 1);
      } else if (t.is(i, "unique") || t.is(i, "index")) {
        readCreateIndex(t, i);
      } else if (t.is(i, "function")) {
        readCreateFunction(t, i + 1);
      }
    } else if (t.are(0, "alter", "table")) {
      readAlterTable(sql, t, 2);
    } else if (t.are(0, "drop", "table")) {
      kind = Kind.DROP_TABLE;
      i = 2;
      if (t.are(i, "if", "exists")) {
        i += 2;
      }
      readNameList(t, i);
    } else if (t.is(0, "truncate")) {
      kind = Kind.TRUNCATE;
      i = t.is(1, "table") ? 2 : 1;
      if (t.is(i, "only")) {
        i++;
      }
      readNameList(t, i);
    } else if (t.are(0, "insert", "into")) {
      kind = Kind.INSERT;
      table = readName(t, 2);
    } else if (t.is(0, "copy")) {
      int[] next = new int[1];
      String name = readName(t, 1, next);
      if (name != null && (t.is(next[0], "from") || t.isSymbolAt(next[0], "(") && hasWordAtDepth(t, "from", 0))) {
        kind = Kind.COPY;
        table = name;
      }
    } else if (t.is(0, "update")) {
      readUpdate(t);
    } else if (t.are(0, "delete", "from")) {
      kind = Kind.DELETE;
      table = readName(t, t.is(2, "only") ? 3 : 2);
    } else if (t.is(0, "select")) {
      readSelect(t);
    }
  }

  private static boolean hasWordAtDepth(SqlTokens t, String word, int depth) {
    for (Token token : t.list()) {
      if (token.depth() == depth && token.is(word)) {
        return true;
      }
    }
    return false;
  }

  private void readCreateTable(String sql, SqlTokens t, int i) {
    if (t.are(i, "if", "not", "exists")) {
      i += 3;
    }
    int[] next = new int[1];
    String name = readName(t, i, next);
    if (name == null) {
      return;
    }
    kind = Kind.CREATE_TABLE;
    table = name;
    i = next[0];
    if (t.are(i, "partition", "of")) {
      partitionOf = readName(t, i + 2, next);
      i = next[0];
      if (t.at(i) == null || !t.get(i).isSymbol("(")) {
        return;
      }
    }
    Token open = t.at(i);
    if (open == null || !open.isSymbol("(")) {
      // CREATE TABLE … AS SELECT (rows, unless WITH NO DATA)
      for (int k = i; k < t.size(); k++) {
        if (t.get(k).depth() == 0 && t.get(k).is("as")) {
          createdWithRows = !(t.are(t.size() - 3, "with", "no", "data"));
        }
      }
      return;
    }
    int close = t.closing(i);
    for (int[] item : t.items(i + 1, close, open.depth() + 1)) {
      readTableElement(sql, t, item[0], item[1]);
    }
    for (int k = close + 1; k < t.size(); k++) {
      if (t.get(k).depth() == 0 && t.get(k).is("as")) {
        createdWithRows = !(t.are(t.size() - 3, "with", "no", "data"));
      }
    }
  }

  private void readTableElement(String sql, SqlTokens t, int from, int to) {
    Constraint constraint = readTableConstraint(t, from, to);
    if (constraint != null) {
      constraints.add(constraint);
    } else if (!t.is(from, "like")) {
      Column column = readColumn(sql, t, from, to);
      if (column != null) {
        columns.add(column);
      }
    }
  }

  /** {@code [CONSTRAINT n] PRIMARY KEY (…) | UNIQUE (…) | FOREIGN KEY (…) REFERENCES t (…) | CHECK (…)}. */
  private static Constraint readTableConstraint(SqlTokens t, int from, int to) {
    int i = from;
    String name = null;
    if (t.is(i, "constraint")) {
      name = t.at(i + 1) == null ? null : t.get(i + 1).value();
      i += 2;
    }
    if (t.are(i, "primary", "key")) {
      return keyConstraint(t, name, 'p', i + 2, to);
    }
    if (t.is(i, "unique")) {
      int k = i + 1;
      if (t.are(k, "nulls", "not", "distinct") || t.are(k, "nulls", "distinct")) {
        k += t.is(k + 1, "not") ? 3 : 2;
      }
      return keyConstraint(t, name, 'u', k, to);
    }
    if (t.are(i, "foreign", "key")) {
      List<String> columns = nameList(t, i + 2);
      int k = t.closing(i + 2) + 1;
      Reference references = null;
      if (t.is(k, "references")) {
        references = readReference(t, k + 1);
      }
      return new Constraint(name, 'f', columns, references, null);
    }
    if (t.is(i, "check")) {
      return new Constraint(name, 'c', List.of(), null, null);
    }
    if (t.is(i, "exclude")) {
      return new Constraint(name, 'x', List.of(), null, null);
    }
    return null;
  }

  private static Constraint keyConstraint(SqlTokens t, String name, char type, int i, int to) {
    if (t.are(i, "using", "index")) {
      Token index = t.at(i + 2);
      return new Constraint(name, type, List.of(), null, index == null ? null : index.value());
    }
    Token open = t.at(i);
    if (open == null || !open.isSymbol("(")) {
      return new Constraint(name, type, List.of(), null, null);
    }
    return new Constraint(name, type, nameList(t, i), null, null);
  }

  /** The names inside the parentheses opening at {@code open}, e.g. {@code (a, "B")}. */
  private static List<String> nameList(SqlTokens t, int open) {
    List<String> names = new ArrayList<>();
    Token o = t.at(open);
    if (o == null || !o.isSymbol("(")) {
      return names;
    }
    int close = t.closing(open);
    for (int[] item : t.items(open + 1, close, o.depth() + 1)) {
      Token first = t.get(item[0]);
      if (first.isName()) {
        names.add(first.value());
      }
    }
    return names;
  }

  private static Reference readReference(SqlTokens t, int i) {
    int[] next = new int[1];
    String table = readName(t, i, next);
    List<String> columns = t.at(next[0]) != null && t.get(next[0]).isSymbol("(") ? nameList(t, next[0]) : List.of();
    return table == null ? null : new Reference(table, columns);
  }

  /** {@code name type [constraints…]}. */
  private static Column readColumn(String sql, SqlTokens t, int from, int to) {
    Token nameToken = t.at(from);
    if (nameToken == null || !nameToken.isName()) {
      return null;
    }
    int depth = nameToken.depth();
    int typeEnd = from + 1;
    while (typeEnd < to && !(t.get(typeEnd).depth() == depth && t.get(typeEnd).type() == SqlTokens.Type.WORD
        && COLUMN_CONSTRAINT_WORDS.contains(t.get(typeEnd).value()))) {
      typeEnd++;
    }
    String typeWritten = t.text(sql, from + 1, typeEnd);
    boolean notNull = false;
    boolean primaryKey = false;
    boolean unique = false;
    boolean identity = false;
    Reference references = null;
    String defaultExpression = null;
    List<Constraint> checks = new ArrayList<>();
    String constraintName = null;
    for (int k = typeEnd; k < to; k++) {
      Token token = t.get(k);
      if (token.depth() != depth) {
        continue;
      }
      if (token.is("constraint") && k + 1 < to) {
        constraintName = t.get(k + 1).value();
        k++;
      } else if (token.is("not") && t.is(k + 1, "null")) {
        notNull = true;
        k++;
      } else if (token.is("primary") && t.is(k + 1, "key")) {
        primaryKey = true;
        notNull = true;
        k++;
      } else if (token.is("unique")) {
        unique = true;
      } else if (token.is("references")) {
        references = readReference(t, k + 1);
      } else if (token.is("check")) {
        checks.add(new Constraint(constraintName, 'c', List.of(nameToken.value()), null, null));
      } else if (token.is("generated")) {
        for (int g = k; g < to && t.get(g).depth() == depth; g++) {
          if (t.get(g).is("identity")) {
            identity = true;
            notNull = true;
          }
          if (t.get(g).is("stored")) {
            break;
          }
        }
      } else if (token.is("default")) {
        int end = k + 1;
        while (end < to && !(t.get(end).depth() == depth && t.get(end).type() == SqlTokens.Type.WORD
            && COLUMN_CONSTRAINT_WORDS.contains(t.get(end).value()) && !t.get(end).is("null"))) {
          end++;
        }
        defaultExpression = t.text(sql, k + 1, end);
        k = end - 1;
      }
    }
    String base = typeWritten.toLowerCase(Locale.ROOT);
    boolean serial = SERIAL_TYPES.contains(base.trim());
    if (serial) {
      notNull = true;
    }
    return new Column(nameToken.value(), normalizeType(typeWritten), typeWritten, notNull, primaryKey, unique,
        references, defaultExpression, identity, serial, checks);
  }

  /**
   * A type as {@code format_type(t, NULL)} writes it: modifiers dropped, aliases resolved
   * ({@code int} → {@code integer}, {@code varchar(3)} → {@code character varying}), so rewrites
   * cast to the same types the driver reads from the catalog.
   */
  static String normalizeType(String written) {
    String s = written.trim().toLowerCase(Locale.ROOT);
    boolean array = false;
    while (s.endsWith("[]")) {
      array = true;
      s = s.substring(0, s.length() - 2).trim();
    }
    if (s.endsWith("array")) {
      array = true;
      s = s.substring(0, s.length() - 5).trim();
    }
    String withTimeZone = s.contains("with time zone") ? " with time zone"
        : s.contains("without time zone") ? " without time zone" : "";
    s = s.replace("with time zone", "").replace("without time zone", "").replaceAll("\\([^)]*\\)", "")
        .replaceAll("\\s+", " ").trim();
    if (s.startsWith("pg_catalog.")) {
      s = s.substring("pg_catalog.".length());
    }
    String name = TYPE_NAMES.getOrDefault(s, s);
    if ((name.equals("timestamp") || name.equals("time"))) {
      name = name + (withTimeZone.isEmpty() ? " without time zone" : withTimeZone);
    }
    return array ? name + "[]" : name;
  }

  private static Map<String, String> typeNames() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("int", "integer");
    m.put("int4", "integer");
    m.put("serial", "integer");
    m.put("serial4", "integer");
    m.put("int8", "bigint");
    m.put("bigserial", "bigint");
    m.put("serial8", "bigint");
    m.put("int2", "smallint");
    m.put("smallserial", "smallint");
    m.put("serial2", "smallint");
    m.put("float8", "double precision");
    m.put("float", "double precision");
    m.put("float4", "real");
    m.put("bool", "boolean");
    m.put("varchar", "character varying");
    m.put("char", "bpchar");
    m.put("character", "bpchar");
    m.put("decimal", "numeric");
    m.put("timestamptz", "timestamp with time zone");
    m.put("timetz", "time with time zone");
    m.put("varbit", "varbit");
    m.put("bit", "varbit");
    return m;
  }

  private void readCreateIndex(SqlTokens t, int i) {
    if (t.is(i, "unique")) {
      uniqueIndex = true;
      i++;
    }
    if (!t.is(i, "index")) {
      return;
    }
    i++;
    if (t.is(i, "concurrently")) {
      i++;
    }
    if (t.are(i, "if", "not", "exists")) {
      i += 3;
    }
    if (!t.is(i, "on") && t.at(i) != null && t.get(i).isName()) {
      indexName = t.get(i).value();
      i++;
    }
    if (!t.is(i, "on")) {
      return;
    }
    i++;
    if (t.is(i, "only")) {
      i++;
    }
    int[] next = new int[1];
    table = readName(t, i, next);
    if (table == null) {
      return;
    }
    kind = Kind.CREATE_INDEX;
    i = next[0];
    if (t.is(i, "using")) {
      i += 2;
    }
    Token open = t.at(i);
    if (open == null || !open.isSymbol("(")) {
      return;
    }
    int close = t.closing(i);
    List<String> names = new ArrayList<>();
    boolean plain = true;
    for (int[] item : t.items(i + 1, close, open.depth() + 1)) {
      Token first = t.get(item[0]);
      plain &= first.isName() && (item[1] - item[0] == 1 || t.get(item[0] + 1).is("asc") || t.get(item[0] + 1).is("desc"));
      names.add(first.value());
    }
    for (int k = close + 1; k < t.size(); k++) {
      plain &= !(t.get(k).depth() == 0 && t.get(k).is("where"));
    }
    indexColumns = plain ? names : null;
  }

  private void readCreateFunction(SqlTokens t, int i) {
    int[] next = new int[1];
    String name = readName(t, i, next);
    if (name == null) {
      return;
    }
    kind = Kind.CREATE_FUNCTION;
    table = null;
    function = name;
    volatility = 'v';
    for (Token token : t.list()) {
      if (token.depth() == 0 && token.type() == SqlTokens.Type.WORD) {
        switch (token.value()) {
          case "immutable" -> volatility = 'i';
          case "stable" -> volatility = 's';
          case "volatile" -> volatility = 'v';
          default -> {
          }
        }
      }
    }
  }

  private void readAlterTable(String sql, SqlTokens t, int i) {
    if (t.are(i, "if", "exists")) {
      i += 2;
    }
    if (t.is(i, "only")) {
      i++;
    }
    int[] next = new int[1];
    String name = readName(t, i, next);
    if (name == null) {
      return;
    }
    kind = Kind.ALTER_TABLE;
    table = name;
    i = next[0];
    if (t.at(i) != null && t.get(i).isSymbol("*")) {
      i++;
    }
    for (int[] item : t.items(i, t.size(), 0)) {
      actions.add(readAction(sql, t, item[0], item[1]));
    }
  }

  private static Action readAction(String sql, SqlTokens t, int from, int to) {
    String text = t.text(sql, from, to);
    int i = from;
    if (t.is(i, "add")) {
      i++;
      Constraint constraint = readTableConstraint(t, i, to);
      if (constraint != null) {
        return new Action(ActionKind.ADD_CONSTRAINT, null, constraint, constraint.name(), null, text);
      }
      if (t.is(i, "column")) {
        i++;
      }
      if (t.are(i, "if", "not", "exists")) {
        i += 3;
      }
      Column column = readColumn(sql, t, i, to);
      return new Action(ActionKind.ADD_COLUMN, column, null, column == null ? null : column.name(), null, text);
    }
    if (t.is(i, "alter")) {
      i++;
      if (t.is(i, "column")) {
        i++;
      }
      String column = t.at(i) == null ? null : t.get(i).value();
      i++;
      if (t.are(i, "set", "not", "null")) {
        return new Action(ActionKind.SET_NOT_NULL, null, null, column, null, text);
      }
      if (t.are(i, "drop", "not", "null")) {
        return new Action(ActionKind.DROP_NOT_NULL, null, null, column, null, text);
      }
      if (t.is(i, "type") || t.are(i, "set", "data", "type")) {
        int typeStart = t.is(i, "type") ? i + 1 : i + 3;
        int typeEnd = typeStart;
        while (typeEnd < to && !t.is(typeEnd, "using") && !t.is(typeEnd, "collate")) {
          typeEnd++;
        }
        return new Action(ActionKind.SET_TYPE, null, null, column, normalizeType(t.text(sql, typeStart, typeEnd)), text);
      }
      if (t.are(i, "set", "default")) {
        return new Action(ActionKind.SET_DEFAULT, null, null, column, t.text(sql, i + 2, to), text);
      }
      return new Action(ActionKind.OTHER, null, null, column, null, text);
    }
    if (t.is(i, "drop")) {
      i++;
      if (t.is(i, "constraint")) {
        i++;
        if (t.are(i, "if", "exists")) {
          i += 2;
        }
        return new Action(ActionKind.DROP_CONSTRAINT, null, null, t.at(i) == null ? null : t.get(i).value(), null, text);
      }
      if (t.is(i, "column")) {
        i++;
      }
      if (t.are(i, "if", "exists")) {
        i += 2;
      }
      return new Action(ActionKind.DROP_COLUMN, null, null, t.at(i) == null ? null : t.get(i).value(), null, text);
    }
    if (t.are(i, "validate", "constraint")) {
      return new Action(ActionKind.VALIDATE_CONSTRAINT, null, null, t.at(i + 2) == null ? null : t.get(i + 2).value(),
          null, text);
    }
    if (t.is(i, "rename")) {
      i++;
      if (t.is(i, "to")) {
        return new Action(ActionKind.RENAME_TABLE, null, null, null, t.at(i + 1) == null ? null : t.get(i + 1).value(), text);
      }
      ActionKind kind = ActionKind.RENAME_COLUMN;
      if (t.is(i, "constraint")) {
        kind = ActionKind.RENAME_CONSTRAINT;
        i++;
      } else if (t.is(i, "column")) {
        i++;
      }
      String old = t.at(i) == null ? null : t.get(i).value();
      String renamed = t.is(i + 1, "to") && t.at(i + 2) != null ? t.get(i + 2).value() : null;
      return new Action(kind, null, null, old, renamed, text);
    }
    if (t.are(i, "attach", "partition")) {
      return new Action(ActionKind.ATTACH_PARTITION, null, null, readName(t, i + 2), null, text);
    }
    return new Action(ActionKind.OTHER, null, null, null, null, text);
  }

  private void readUpdate(SqlTokens t) {
    int i = t.is(1, "only") ? 2 : 1;
    int[] next = new int[1];
    String name = readName(t, i, next);
    if (name == null) {
      return;
    }
    kind = Kind.UPDATE;
    table = name;
    i = next[0];
    while (i < t.size() && !(t.get(i).depth() == 0 && t.get(i).is("set"))) {
      i++;
    }
    int end = i + 1;
    while (end < t.size() && !(t.get(end).depth() == 0 && (t.get(end).is("from") || t.get(end).is("where")
        || t.get(end).is("returning")))) {
      end++;
    }
    for (int[] item : t.items(i + 1, end, 0)) {
      Token first = t.get(item[0]);
      if (first.isSymbol("(")) {
        setColumns.addAll(nameList(t, item[0]));
      } else if (first.isName()) {
        setColumns.add(first.value());
      }
    }
  }

  /** {@code SELECT [schema.]fn('…', name => '…')}, also {@code SELECT … FROM fn(…)}. */
  private void readSelect(SqlTokens t) {
    int i = 1;
    if (!isCall(t, i)) {
      while (i < t.size() && !(t.get(i).depth() == 0 && t.get(i).is("from"))) {
        i++;
      }
      i++;
      if (!isCall(t, i)) {
        return;
      }
    }
    if (t.isSymbolAt(i + 1, ".")) {
      i += 2;
    }
    kind = Kind.CALL;
    function = t.get(i).value();
    int open = i + 1;
    int close = t.closing(open);
    int position = 0;
    for (int[] item : t.items(open + 1, close, t.get(open).depth() + 1)) {
      String parameter = null;
      int k = item[0];
      if (t.get(k).isName() && t.at(k + 1) != null && (t.get(k + 1).isSymbol("=>") || t.get(k + 1).isSymbol(":="))) {
        parameter = t.get(k).value();
        k += 2;
      }
      Token value = t.at(k);
      String key = parameter != null ? parameter : Integer.toString(position);
      if (value != null && value.type() == SqlTokens.Type.STRING) {
        arguments.put(key, value.value());
      }
      position++;
    }
  }

  private static boolean isCall(SqlTokens t, int i) {
    Token name = t.at(i);
    if (name == null || name.type() != SqlTokens.Type.WORD) {
      return false;
    }
    if (t.isSymbolAt(i + 1, ".")) {
      return t.at(i + 2) != null && t.get(i + 2).type() == SqlTokens.Type.WORD && t.isSymbolAt(i + 3, "(");
    }
    return t.isSymbolAt(i + 1, "(");
  }

  /** The table argument of a Citus call, by name or position. */
  String tableArgument() {
    String value = arguments.containsKey("table_name") ? arguments.get("table_name")
        : arguments.containsKey("relation") ? arguments.get("relation") : arguments.get("0");
    return value == null ? null : storedName(value);
  }

  /** The distribution column argument, by name or position, as stored. */
  String columnArgument() {
    String value = arguments.containsKey("distribution_column") ? arguments.get("distribution_column")
        : arguments.get("1");
    return value == null ? null : storedName(value);
  }

  private void readNameList(SqlTokens t, int i) {
    int[] next = new int[1];
    while (true) {
      String name = readName(t, i, next);
      if (name == null) {
        return;
      }
      tables.add(name);
      i = next[0];
      if (t.at(i) != null && t.get(i).isSymbol("*")) {
        i++;
      }
      if (t.at(i) == null || !t.get(i).isSymbol(",")) {
        return;
      }
      i++;
    }
  }

  private static String readName(SqlTokens t, int i) {
    return readName(t, i, new int[1]);
  }

  /** Reads {@code a[.b[.c]]}; the last part, as stored; {@code next[0]} is the token after it. */
  static String readName(SqlTokens t, int i, int[] next) {
    Token token = t.at(i);
    if (token == null || !token.isName()) {
      return null;
    }
    String name = token.value();
    i++;
    while (t.isSymbolAt(i, ".") && t.at(i + 1) != null && t.get(i + 1).isName()) {
      name = t.get(i + 1).value();
      i += 2;
    }
    next[0] = i;
    return name;
  }

  /**
   * The last part of a name in regclass syntax, as stored: {@code sales."Orders"} → {@code Orders},
   * {@code Orders} → {@code orders}.
   */
  static String storedName(String regclass) {
    SqlTokens t = SqlTokens.of(regclass);
    String name = readName(t, 0, new int[1]);
    return name == null ? regclass : name;
  }
}
