package io.citussafe.cli;

import io.citussafe.rewriter.SchemaChange;
import io.citussafe.rewriter.TableFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One table of the {@link SchemaModel}: its columns, keys and constraints by name, and where it
 * stands in Citus. Constraint names come from the statements, as given or as PostgreSQL would
 * choose them.
 */
final class TableModel {

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

  TableModel(String name) {
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

  void addColumn(SchemaChange.Column column) {
    if (column == null) {
      return;
    }
    columns.put(column.name(), new Column(column.type(), column.notNull()));
    column.constraints().forEach(this::addConstraint);
  }

  void addConstraint(SchemaChange.Constraint c) {
    if (c == null) {
      return;
    }
    List<String> keyColumns = c.columns();
    if (c.usingIndex() != null && uniqueKeys.containsKey(c.usingIndex())) {
      keyColumns = uniqueKeys.remove(c.usingIndex());
    }
    switch (c.type()) {
      case 'p' -> {
        primaryKey = List.copyOf(keyColumns);
        primaryKeyName = c.name();
        for (String column : keyColumns) {
          Column col = columns.get(column);
          if (col != null) {
            col.notNull = true;
          }
        }
      }
      case 'u' -> uniqueKeys.put(c.name(), List.copyOf(keyColumns));
      case 'f' -> {
        if (c.references() != null) {
          foreignKeys.put(c.name(), new ForeignKey(c.name(), List.copyOf(keyColumns), c.references().table(),
              c.references().columns()));
        }
      }
      case 'c' -> checks.add(c.name());
      default -> {
      }
    }
  }

  void setNotNull(String column, boolean notNull) {
    Column c = columns.get(column);
    if (c != null) {
      c.notNull = notNull;
    }
  }

  void setType(String column, String type) {
    Column c = columns.get(column);
    if (c != null && type != null) {
      c.type = type;
    }
  }

  void dropColumn(String column) {
    columns.remove(column);
    if (primaryKey.contains(column)) {
      primaryKey = List.of();
      primaryKeyName = null;
    }
    uniqueKeys.values().removeIf(key -> key.contains(column));
    foreignKeys.values().removeIf(key -> key.columns().contains(column));
  }

  void dropConstraint(String constraint) {
    if (constraint != null && constraint.equals(primaryKeyName)) {
      primaryKey = List.of();
      primaryKeyName = null;
    }
    uniqueKeys.remove(constraint);
    foreignKeys.remove(constraint);
    checks.remove(constraint);
  }

  void renameColumn(String from, String to) {
    if (from == null || to == null || !columns.containsKey(from)) {
      return;
    }
    Map<String, Column> renamed = new LinkedHashMap<>();
    columns.forEach((column, c) -> renamed.put(column.equals(from) ? to : column, c));
    columns.clear();
    columns.putAll(renamed);
    primaryKey = replaced(primaryKey, from, to);
    uniqueKeys.replaceAll((key, names) -> replaced(names, from, to));
    foreignKeys.replaceAll((key, fk) -> new ForeignKey(fk.name(), replaced(fk.columns(), from, to), fk.table(),
        fk.referencedColumns()));
    if (from.equals(distributionColumn)) {
      distributionColumn = to;
    }
  }

  void renameConstraint(String from, String to) {
    if (from == null || to == null) {
      return;
    }
    if (from.equals(primaryKeyName)) {
      primaryKeyName = to;
    } else if (uniqueKeys.containsKey(from)) {
      uniqueKeys.put(to, uniqueKeys.remove(from));
    } else if (foreignKeys.containsKey(from)) {
      ForeignKey key = foreignKeys.remove(from);
      foreignKeys.put(to, new ForeignKey(to, key.columns(), key.table(), key.referencedColumns()));
    } else if (checks.remove(from)) {
      checks.add(to);
    }
  }

  /** Another table was renamed: foreign keys to it follow, as does a partition's parent. */
  void tableRenamed(String from, String to) {
    if (from.equals(parent)) {
      parent = to;
    }
    foreignKeys.replaceAll((key, fk) -> fk.table().equals(from)
        ? new ForeignKey(fk.name(), fk.columns(), to, fk.referencedColumns()) : fk);
  }

  private static List<String> replaced(List<String> names, String from, String to) {
    List<String> out = new ArrayList<>(names);
    out.replaceAll(n -> n.equals(from) ? to : n);
    return List.copyOf(out);
  }
}
