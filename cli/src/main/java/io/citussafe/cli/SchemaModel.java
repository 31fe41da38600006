package io.citussafe.cli;

import io.citussafe.rewriter.SchemaChange;
import io.citussafe.rewriter.SchemaChange.Action;
import io.citussafe.rewriter.SqlText;
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
 * distributed in V7. Fed by the rewriter's {@link SchemaChange}; keyed by the last part of the
 * name, as stored.
 */
final class SchemaModel {

  private final Map<String, TableModel> tables = new LinkedHashMap<>();
  /** Functions the migrations create, by name: {@code i}, {@code s} or {@code v}. */
  private final Map<String, Character> functions = new LinkedHashMap<>();

  TableModel table(String name) {
    return name == null ? null : tables.get(name);
  }

  java.util.Collection<TableModel> tables() {
    return tables.values();
  }

  Character functionVolatility(String name) {
    return functions.get(name);
  }

  /** The table and its partitions, recursively. */
  List<TableModel> tree(TableModel root) {
    List<TableModel> out = new ArrayList<>();
    out.add(root);
    for (int k = 0; k < out.size(); k++) {
      for (TableModel t : tables.values()) {
        if (out.get(k).name.equals(t.parent) && !out.contains(t)) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /** Plain local tables with a foreign key to {@code table} or its partitions. */
  List<Map.Entry<TableModel, TableModel.ForeignKey>> localReferences(TableModel table) {
    Set<String> names = new LinkedHashSet<>();
    tree(table).forEach(t -> names.add(t.name));
    List<Map.Entry<TableModel, TableModel.ForeignKey>> found = new ArrayList<>();
    for (TableModel t : tables.values()) {
      if (t.kind != TableFacts.Kind.LOCAL || names.contains(t.name)) {
        continue;
      }
      for (TableModel.ForeignKey key : t.foreignKeys.values()) {
        if (names.contains(key.table())) {
          found.add(Map.entry(t, key));
        }
      }
    }
    return found;
  }

  /** Applies what a statement does; statements the model does not follow change nothing. */
  void apply(SchemaChange s, Position at) {
    switch (s.kind()) {
      case CREATE_TABLE -> createTable(s, at);
      case ALTER_TABLE -> alterTable(s);
      case CREATE_INDEX -> {
        TableModel t = table(s.table());
        if (t != null && s.uniqueIndex() && s.indexColumns() != null) {
          t.uniqueKeys.put(s.indexName(), List.copyOf(s.indexColumns()));
        }
      }
      case DROP_TABLE -> s.tables().forEach(name -> {
        TableModel t = table(name);
        if (t != null) {
          tree(t).forEach(p -> tables.remove(p.name));
        }
      });
      case TRUNCATE -> s.tables().forEach(name -> {
        TableModel t = table(name);
        if (t != null) {
          tree(t).forEach(p -> p.rowsFrom = null);
        }
      });
      case INSERT, COPY -> {
        TableModel t = table(s.table());
        if (t != null && !t.isSharded() && t.rowsFrom == null) {
          t.rowsFrom = at.unit();
        }
      }
      case CALL -> call(s, at);
      case CREATE_FUNCTION -> functions.put(s.function(), s.volatility());
      default -> {
      }
    }
  }

  private void createTable(SchemaChange s, Position at) {
    TableModel t = new TableModel(s.table());
    tables.put(t.name, t);
    s.columns().forEach(t::addColumn);
    s.constraints().forEach(t::addConstraint);
    if (s.partitionOf() != null) {
      t.parent = s.partitionOf();
      TableModel parent = table(s.partitionOf());
      if (parent != null) {
        t.kind = parent.kind;
        t.distributionColumn = parent.distributionColumn;
        parent.columns.forEach((name, c) -> t.columns.putIfAbsent(name, new TableModel.Column(c.type, c.notNull)));
      }
    }
    if (s.createdWithRows()) {
      t.rowsFrom = at.unit();
    }
  }

  private void alterTable(SchemaChange s) {
    TableModel t = table(s.table());
    if (t == null) {
      return;
    }
    for (Action a : s.actions()) {
      switch (a.kind()) {
        case ADD_COLUMN -> t.addColumn(a.column());
        case ADD_CONSTRAINT -> t.addConstraint(a.constraint());
        case SET_NOT_NULL -> t.setNotNull(a.name(), true);
        case DROP_NOT_NULL -> t.setNotNull(a.name(), false);
        case SET_TYPE -> t.setType(a.name(), a.detail());
        case DROP_COLUMN -> t.dropColumn(a.name());
        case DROP_CONSTRAINT -> t.dropConstraint(a.name());
        case RENAME_COLUMN -> t.renameColumn(a.name(), a.detail());
        case RENAME_CONSTRAINT -> t.renameConstraint(a.name(), a.detail());
        case RENAME_TABLE -> {
          if (a.detail() != null) {
            String from = t.name;
            tables.remove(from);
            tables.values().forEach(other -> other.tableRenamed(from, a.detail()));
            t.name = a.detail();
            tables.put(t.name, t);
          }
        }
        case ATTACH_PARTITION -> {
          TableModel partition = table(a.name());
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

  /** What a Citus call does to the table it names (with its partitions). */
  private void call(SchemaChange s, Position at) {
    TableModel t = table(s.tableArgument());
    if (t == null) {
      return;
    }
    if (s.distributes()) {
      if (t.isSharded()) {
        return;
      }
      boolean reference = s.makesReferenceTable();
      boolean withRows = false;
      for (TableModel p : tree(t)) {
        withRows |= p.rowsFrom != null;
        p.kind = reference ? TableFacts.Kind.REFERENCE : TableFacts.Kind.DISTRIBUTED;
        p.distributionColumn = reference ? null : s.columnArgument();
      }
      t.distributedAt = at;
      t.distributedWithRows = withRows;
      return;
    }
    switch (s.function()) {
      case "citus_add_local_table_to_metadata" -> tree(t).forEach(p -> p.kind = TableFacts.Kind.CITUS_LOCAL);
      case "undistribute_table" -> tree(t).forEach(p -> {
        // the rows come back into the coordinator's heap: data now, not stale copies
        p.kind = TableFacts.Kind.LOCAL;
        p.distributionColumn = null;
        p.rowsFrom = at.unit();
      });
      case "alter_distributed_table" -> {
        String column = s.arguments().get("distribution_column");
        if (column != null && t.kind == TableFacts.Kind.DISTRIBUTED) {
          tree(t).forEach(p -> p.distributionColumn = SqlText.storedName(column));
        }
      }
      case "truncate_local_data_after_distributing_table" -> tree(t).forEach(p -> p.rowsFrom = null);
      default -> {
      }
    }
  }
}
