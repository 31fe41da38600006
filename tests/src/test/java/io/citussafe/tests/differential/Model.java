package io.citussafe.tests.differential;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the generator believes the schema holds, so that most statements it writes are valid on
 * PostgreSQL. It is updated when a statement is generated, whatever the statement's outcome: a
 * statement that failed makes later ones fail on both sides alike, which is still a comparison.
 */
final class Model {

  enum Kind { LOCAL, REFERENCE, DISTRIBUTED, DISTRIBUTED_APART, CITUS_LOCAL, PARTITIONED }

  enum Type {
    INT("integer"), BIGINT("bigint"), NUMERIC("numeric(12,2)"), TEXT("text"), VARCHAR("varchar(100)"),
    TIMESTAMPTZ("timestamptz"), DATE("date"), BOOLEAN("boolean");

    final String sql;

    Type(String sql) {
      this.sql = sql;
    }

    boolean isText() {
      return this == TEXT || this == VARCHAR;
    }

    boolean isNumber() {
      return this == INT || this == BIGINT || this == NUMERIC;
    }
  }

  static final class Column {
    String name;
    Type type;
    final boolean protectedColumn;
    /** Holds a foreign key: its values must not vary, or whether they are found would. */
    boolean foreignKey;

    Column(String name, Type type, boolean protectedColumn) {
      this.name = name;
      this.type = type;
      this.protectedColumn = protectedColumn;
    }

    String sql() {
      return Model.quote(name);
    }
  }

  static final class Table {
    String name;
    final Kind kind;
    final boolean hasKey;
    final List<Column> columns = new ArrayList<>();
    final List<String> constraints = new ArrayList<>();
    final List<String> indexes = new ArrayList<>();
    final List<String> triggers = new ArrayList<>();
    int nextId;

    Table(String name, Kind kind, boolean hasKey) {
      this.name = name;
      this.kind = kind;
      this.hasKey = hasKey;
    }

    String sql() {
      return Model.quote(name);
    }

    List<Column> columns(Predicate<Type> type) {
      return columns.stream().filter(c -> type.test(c.type)).toList();
    }

    /** Columns a statement may drop, retype or rename: not the key or the partition column. */
    List<Column> changeable() {
      return columns.stream().filter(c -> !c.protectedColumn).toList();
    }
  }

  final List<Table> tables = new ArrayList<>();
  final List<String> sequences = new ArrayList<>();
  final List<String> views = new ArrayList<>();
  final Set<String> volatileColumns = new HashSet<>();
  private int counter;

  /** A fresh name with {@code prefix}, unique within the scenario. */
  String fresh(String prefix) {
    return prefix + "_" + (++counter);
  }

  void markVolatile(Table table, Column column) {
    volatileColumns.add(table.name + "." + column.name);
  }

  /**
   * Records that {@code value} is written into the column: the column varies between runs when
   * the value does, or when it reads a column of the table that does (a loose textual test,
   * which at worst compares a column more leniently).
   */
  void assign(Table table, Column column, Expressions.Expr value) {
    boolean readsVarying = table.columns.stream()
        .anyMatch(c -> volatileColumns.contains(table.name + "." + c.name) && value.sql().contains(c.sql()));
    if (value.varies() || readsVarying) {
      markVolatile(table, column);
    }
  }

  /** A renamed column keeps what is known of its values. */
  void rename(Table table, Column column, String newName) {
    if (volatileColumns.remove(table.name + "." + column.name)) {
      volatileColumns.add(table.name + "." + newName);
    }
    column.name = newName;
  }

  /** Quotes an identifier when PostgreSQL would fold or refuse it unquoted. */
  static String quote(String name) {
    return name.matches("[a-z_][a-z0-9_]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
  }

  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
