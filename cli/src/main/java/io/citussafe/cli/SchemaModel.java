package io.citussafe.cli;

import io.citussafe.rewriter.TableFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tables as the migrations read so far leave them, for the offline review: created, altered,
 * filled, distributed. Updated with each statement that would run (the user's, and those
 * citussafe adds, such as the truncate after distributing), so a table distributed in V3 is
 * distributed in V7. Keyed by the last part of the name, as stored.
 */
final class SchemaModel {

  /** Where a statement stands: the migration and the line. */
  record Position(String unit, int line) {
    @Override
    public String toString() {
      return unit + " line " + line;
    }
  }

  record ForeignKey(String name, List<String> columns, String table, List<String> referencedColumns) {
    String definition() {
      return "FOREIGN KEY (" + String.join(", ", columns) + ") REFERENCES " + table
          + (referencedColumns.isEmpty() ? "" : "(" + String.join(", ", referencedColumns) + ")");
    }
  }

  static final class Column {
    String type;
    boolean notNull;

    Column(String type, boolean notNull) {
      this.type = type;
      this.notNull = notNull;
    }
  }

  static final class Table {
    String name;
    TableFacts.Kind kind = TableFacts.Kind.LOCAL;
    String distributionColumn;
    final Map<String, Column> columns = new LinkedHashMap<>();
    List<String> primaryKey = List.of();
    String primaryKeyName;
    final Map<String, List<String>> uniqueKeys = new LinkedHashMap<>();
    final Map<String, ForeignKey> foreignKeys = new LinkedHashMap<>();
    final Set<String> checks = new LinkedHashSet<>();
    /** The migration whose statements left rows in the coordinator heap; null while it is empty. */
    String rowsFrom;
    String parent;
    /** Where it was distributed (or made a reference table), and whether its heap had rows then. */
    Position distributedAt;
    boolean distributedWithRows;

    Table(String name) {
      this.name = name;
    }

    boolean isSharded() {
      return kind == TableFacts.Kind.DISTRIBUTED || kind == TableFacts.Kind.REFERENCE;
    }

    /** The primary key, else a unique key over NOT NULL columns; empty when there is none. */
    List<String> rowKey() {
      if (!primaryKey.isEmpty()) {
        return primaryKey;
      }
      for (List<String> key : uniqueKeys.values()) {
        boolean notNull = !key.isEmpty();
        for (String column : key) {
          Column c = columns.get(column);
          notNull &= c != null && c.notNull;
        }
        if (notNull) {
          return key;
        }
      }
      return List.of();
    }

    /** The name of a constraint: {@code p} primary key, {@code u} unique, {@code f}, {@code c}; else 0. */
    char constraintType(String constraint) {
      if (constraint.equals(primaryKeyName)) {
        return 'p';
      }
      if (uniqueKeys.containsKey(constraint)) {
        return 'u';
      }
      if (foreignKeys.containsKey(constraint)) {
        return 'f';
      }
      return checks.contains(constraint) ? 'c' : 0;
    }
  }

  private final Map<String, Table> tables = new LinkedHashMap<>();
  /** Functions the migrations create, by name: {@code i}, {@code s} or {@code v}. */
  private final Map<String, Character> functions = new LinkedHashMap<>();

  Table table(String name) {
    return name == null ? null : tables.get(name);
  }

  Character functionVolatility(String name) {
    return functions.get(name);
  }

  /** The table and its partitions, recursively. */
  List<Table> tree(Table root) {
    List<Table> out = new ArrayList<>();
    out.add(root);
    for (int k = 0; k < out.size(); k++) {
      for (Table t : tables.values()) {
        if (out.get(k).name.equals(t.parent) && !out.contains(t)) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /** Plain local tables with a foreign key to {@code table} or its partitions. */
  List<Map.Entry<Table, ForeignKey>> localReferences(Table table) {
    List<Table> tree = tree(table);
    Set<String> names = new LinkedHashSet<>();
    tree.forEach(t -> names.add(t.name));
    List<Map.Entry<Table, ForeignKey>> found = new ArrayList<>();
    for (Table t : tables.values()) {
      if (t.kind != TableFacts.Kind.LOCAL || names.contains(t.name)) {
        continue;
      }
      for (ForeignKey key : t.foreignKeys.values()) {
        if (names.contains(key.table())) {
          found.add(Map.entry(t, key));
        }
      }
    }
    return found;
  }

  /** Applies what {@code sql} does; statements the model does not follow change nothing. */
  void apply(Shape s, Position at) {
    switch (s.kind) {
      case CREATE_TABLE -> createTable(s, at);
      case ALTER_TABLE -> alterTable(s, at);
      case CREATE_INDEX -> {
        Table t = table(s.table);
        if (t != null && s.uniqueIndex && s.indexColumns != null) {
          t.uniqueKeys.put(s.indexName != null ? s.indexName : t.name + "_" + String.join("_", s.indexColumns) + "_idx",
              List.copyOf(s.indexColumns));
        }
      }
      case DROP_TABLE -> s.tables.forEach(name -> {
        Table t = table(name);
        if (t != null) {
          tree(t).forEach(p -> tables.remove(p.name));
        }
      });
      case TRUNCATE -> s.tables.forEach(name -> {
        Table t = table(name);
        if (t != null) {
          tree(t).forEach(p -> p.rowsFrom = null);
        }
      });
      case INSERT, COPY -> {
        Table t = table(s.table);
        if (t != null && !t.isSharded() && t.rowsFrom == null) {
          t.rowsFrom = at.unit();
        }
      }
      case CALL -> call(s, at);
      case CREATE_FUNCTION -> functions.put(s.function, s.volatility);
      default -> {
      }
    }
  }

  private void createTable(Shape s, Position at) {
    Table t = new Table(s.table);
    tables.put(t.name, t);
    for (Shape.Column column : s.columns) {
      addColumn(t, column);
    }
    for (Shape.Constraint constraint : s.constraints) {
      addConstraint(t, constraint);
    }
    if (s.partitionOf != null) {
      t.parent = s.partitionOf;
      Table parent = table(s.partitionOf);
      if (parent != null) {
        t.kind = parent.kind;
        t.distributionColumn = parent.distributionColumn;
        parent.columns.forEach((name, c) -> t.columns.putIfAbsent(name, new Column(c.type, c.notNull)));
      }
    }
    if (s.createdWithRows) {
      t.rowsFrom = at.unit();
    }
  }

  private void addColumn(Table t, Shape.Column column) {
    if (column == null) {
      return;
    }
    t.columns.put(column.name(), new Column(column.type(), column.notNull()));
    if (column.primaryKey()) {
      t.primaryKey = List.of(column.name());
      t.primaryKeyName = t.name + "_pkey";
    }
    if (column.unique()) {
      t.uniqueKeys.put(t.name + "_" + column.name() + "_key", List.of(column.name()));
    }
    if (column.references() != null) {
      t.foreignKeys.put(t.name + "_" + column.name() + "_fkey", new ForeignKey(t.name + "_" + column.name() + "_fkey",
          List.of(column.name()), column.references().table(), column.references().columns()));
    }
    for (Shape.Constraint check : column.checks()) {
      t.checks.add(check.name() != null ? check.name() : t.name + "_" + column.name() + "_check");
    }
  }

  private void addConstraint(Table t, Shape.Constraint c) {
    List<String> columns = c.columns();
    switch (c.type()) {
      case 'p' -> {
        if (c.usingIndex() != null && t.uniqueKeys.containsKey(c.usingIndex())) {
          columns = t.uniqueKeys.remove(c.usingIndex());
        }
        t.primaryKey = List.copyOf(columns);
        t.primaryKeyName = c.name() != null ? c.name() : c.usingIndex() != null ? c.usingIndex() : t.name + "_pkey";
        for (String column : columns) {
          Column col = t.columns.get(column);
          if (col != null) {
            col.notNull = true;
          }
        }
      }
      case 'u' -> {
        if (c.usingIndex() != null && t.uniqueKeys.containsKey(c.usingIndex())) {
          columns = t.uniqueKeys.remove(c.usingIndex());
        }
        t.uniqueKeys.put(c.name() != null ? c.name() : t.name + "_" + String.join("_", columns) + "_key",
            List.copyOf(columns));
      }
      case 'f' -> {
        if (c.references() != null) {
          String name = c.name() != null ? c.name()
              : t.name + "_" + String.join("_", columns) + "_fkey";
          t.foreignKeys.put(name, new ForeignKey(name, List.copyOf(columns), c.references().table(),
              c.references().columns()));
        }
      }
      case 'c' -> t.checks.add(c.name() != null ? c.name() : t.name + "_check");
      default -> {
      }
    }
  }

  private void alterTable(Shape s, Position at) {
    Table t = table(s.table);
    if (t == null) {
      return;
    }
    for (Shape.Action a : s.actions) {
      switch (a.kind()) {
        case ADD_COLUMN -> addColumn(t, a.column());
        case ADD_CONSTRAINT -> addConstraint(t, a.constraint());
        case SET_NOT_NULL, DROP_NOT_NULL -> {
          Column c = t.columns.get(a.name());
          if (c != null) {
            c.notNull = a.kind() == Shape.ActionKind.SET_NOT_NULL;
          }
        }
        case SET_TYPE -> {
          Column c = t.columns.get(a.name());
          if (c != null && a.newName() != null) {
            c.type = a.newName();
          }
        }
        case DROP_COLUMN -> {
          t.columns.remove(a.name());
          if (t.primaryKey.contains(a.name())) {
            t.primaryKey = List.of();
            t.primaryKeyName = null;
          }
          t.uniqueKeys.values().removeIf(key -> key.contains(a.name()));
          t.foreignKeys.values().removeIf(key -> key.columns().contains(a.name()));
        }
        case DROP_CONSTRAINT -> {
          if (a.name() != null && a.name().equals(t.primaryKeyName)) {
            t.primaryKey = List.of();
            t.primaryKeyName = null;
          }
          t.uniqueKeys.remove(a.name());
          t.foreignKeys.remove(a.name());
          t.checks.remove(a.name());
        }
        case RENAME_COLUMN -> renameColumn(t, a.name(), a.newName());
        case RENAME_CONSTRAINT -> renameConstraint(t, a.name(), a.newName());
        case RENAME_TABLE -> {
          if (a.newName() != null) {
            tables.remove(t.name);
            for (Table other : tables.values()) {
              if (t.name.equals(other.parent)) {
                other.parent = a.newName();
              }
              other.foreignKeys.replaceAll((name, key) -> key.table().equals(t.name)
                  ? new ForeignKey(key.name(), key.columns(), a.newName(), key.referencedColumns()) : key);
            }
            t.name = a.newName();
            tables.put(t.name, t);
          }
        }
        case ATTACH_PARTITION -> {
          Table partition = table(a.name());
          if (partition != null) {
            partition.parent = t.name;
            if (t.isSharded()) {
              partition.kind = t.kind;
              partition.distributionColumn = t.distributionColumn;
            }
          }
        }
        default -> {
        }
      }
    }
  }

  private static void renameColumn(Table t, String from, String to) {
    if (from == null || to == null || !t.columns.containsKey(from)) {
      return;
    }
    Map<String, Column> renamed = new LinkedHashMap<>();
    t.columns.forEach((name, c) -> renamed.put(name.equals(from) ? to : name, c));
    t.columns.clear();
    t.columns.putAll(renamed);
    t.primaryKey = replaced(t.primaryKey, from, to);
    t.uniqueKeys.replaceAll((name, key) -> replaced(key, from, to));
    t.foreignKeys.replaceAll((name, key) -> new ForeignKey(key.name(), replaced(key.columns(), from, to), key.table(),
        key.referencedColumns()));
    if (from.equals(t.distributionColumn)) {
      t.distributionColumn = to;
    }
  }

  private static void renameConstraint(Table t, String from, String to) {
    if (from == null || to == null) {
      return;
    }
    if (from.equals(t.primaryKeyName)) {
      t.primaryKeyName = to;
    } else if (t.uniqueKeys.containsKey(from)) {
      t.uniqueKeys.put(to, t.uniqueKeys.remove(from));
    } else if (t.foreignKeys.containsKey(from)) {
      ForeignKey key = t.foreignKeys.remove(from);
      t.foreignKeys.put(to, new ForeignKey(to, key.columns(), key.table(), key.referencedColumns()));
    } else if (t.checks.remove(from)) {
      t.checks.add(to);
    }
  }

  private static List<String> replaced(List<String> names, String from, String to) {
    List<String> out = new ArrayList<>(names);
    out.replaceAll(n -> n.equals(from) ? to : n);
    return List.copyOf(out);
  }

  private void call(Shape s, Position at) {
    Table t = table(s.tableArgument());
    if (t == null || s.function == null) {
      return;
    }
    switch (s.function) {
      case "create_distributed_table", "create_distributed_table_concurrently", "create_reference_table" -> {
        boolean reference = s.function.equals("create_reference_table");
        if (t.isSharded()) {
          return;
        }
        boolean withRows = false;
        for (Table p : tree(t)) {
          withRows |= p.rowsFrom != null;
          p.kind = reference ? TableFacts.Kind.REFERENCE : TableFacts.Kind.DISTRIBUTED;
          p.distributionColumn = reference ? null : s.columnArgument();
        }
        t.distributedAt = at;
        t.distributedWithRows = withRows;
      }
      case "citus_add_local_table_to_metadata" -> tree(t).forEach(p -> p.kind = TableFacts.Kind.CITUS_LOCAL);
      case "undistribute_table" -> tree(t).forEach(p -> {
        // the rows come back into the coordinator's heap: data now, not stale copies
        p.kind = TableFacts.Kind.LOCAL;
        p.distributionColumn = null;
        p.rowsFrom = at.unit();
      });
      case "alter_distributed_table" -> {
        String column = s.arguments.get("distribution_column");
        if (column != null && t.kind == TableFacts.Kind.DISTRIBUTED) {
          tree(t).forEach(p -> p.distributionColumn = Shape.storedName(column));
        }
      }
      case "truncate_local_data_after_distributing_table" -> tree(t).forEach(p -> p.rowsFrom = null);
      default -> {
      }
    }
  }
}
