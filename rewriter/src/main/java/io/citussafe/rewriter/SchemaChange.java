package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one statement does to the schema, for a review of migrations without a database: the table
 * it creates, alters, fills or distributes, and how. {@link SchemaChangeReader} reads it with the
 * rules' own readers (the lexer, {@code ALTER TABLE} actions, added columns, names, Citus calls),
 * so the review and the driver read SQL alike. A statement it does not follow is
 * {@link Kind#OTHER} and changes nothing.
 *
 * <p>Names are as stored (unquoted names fold ASCII letters only) and without schema: the last
 * part. A constraint or index without a name carries the name PostgreSQL would choose for it
 * ({@code makeObjectName}), without the number PostgreSQL appends when that name is taken.
 */
public final class SchemaChange {

  public enum Kind {
    CREATE_TABLE, ALTER_TABLE, CREATE_INDEX, DROP_TABLE, TRUNCATE, INSERT, COPY, UPDATE, DELETE, CALL,
    CREATE_FUNCTION, OTHER
  }

  public enum ActionKind {
    ADD_COLUMN, ADD_CONSTRAINT, SET_NOT_NULL, DROP_NOT_NULL, SET_TYPE, SET_DEFAULT, DROP_COLUMN, DROP_CONSTRAINT,
    VALIDATE_CONSTRAINT, RENAME_COLUMN, RENAME_TABLE, RENAME_CONSTRAINT, ATTACH_PARTITION, OTHER
  }

  /** The table and columns a foreign key references; the columns are empty when not written. */
  public record Reference(String table, List<String> columns) {
  }

  /**
   * A table constraint, or a column's constraint with that column.
   *
   * @param type as {@code pg_constraint.contype}: {@code p} primary key, {@code u} unique,
   *     {@code f} foreign key, {@code c} check, {@code x} exclusion
   * @param columns the key's columns; empty for a check, or for a key {@code USING INDEX}
   * @param usingIndex the index of {@code PRIMARY KEY USING INDEX i}, or null
   */
  public record Constraint(String name, char type, List<String> columns, Reference references, String usingIndex) {
  }

  /**
   * A column as defined in CREATE TABLE or ADD COLUMN.
   *
   * @param type as {@code format_type} writes it ({@code int} gives {@code integer}), without modifiers
   * @param typeWritten the type as written
   * @param notNull NOT NULL, a primary key, a serial type or an identity
   * @param defaultCalls the functions its DEFAULT calls, names as stored, in order; SQL value
   *     functions ({@link #isValueFunction}) by their keyword
   * @param constraints its primary key, unique, foreign key and check constraints
   */
  public record Column(String name, String type, String typeWritten, boolean notNull, boolean identity,
      boolean serial, String defaultExpression, List<String> defaultCalls, List<Constraint> constraints) {

    public boolean primaryKey() {
      return has('p');
    }

    public boolean unique() {
      return has('u');
    }

    /** The first foreign key's reference, or null. */
    public Reference references() {
      for (Constraint c : constraints) {
        if (c.type() == 'f') {
          return c.references();
        }
      }
      return null;
    }

    public boolean has(char type) {
      for (Constraint c : constraints) {
        if (c.type() == type) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * One action of ALTER TABLE, with its text as written.
   *
   * @param name the column, constraint or partition it acts on; null for RENAME TO
   * @param detail RENAME: the new name; SET TYPE: the type as {@code format_type} writes it;
   *     SET DEFAULT: the expression; else null
   */
  public record Action(ActionKind kind, Column column, Constraint constraint, String name, String detail,
      String text) {
  }

  Kind kind = Kind.OTHER;
  String table;
  final List<Column> columns = new ArrayList<>();
  final List<Constraint> constraints = new ArrayList<>();
  final List<Action> actions = new ArrayList<>();
  final List<String> tables = new ArrayList<>();
  String partitionOf;
  boolean createdWithRows;
  String indexName;
  boolean uniqueIndex;
  List<String> indexColumns;
  final List<String> setColumns = new ArrayList<>();
  String function;
  final Map<String, String> arguments = new LinkedHashMap<>();
  char volatility;

  SchemaChange() {
  }

  /** True for the SQL value functions written without parentheses, such as {@code current_timestamp}. */
  public static boolean isValueFunction(String name) {
    return Keywords.VALUE_FUNCTIONS.contains(name);
  }

  public Kind kind() {
    return kind;
  }

  /** The table the statement is about, or null. */
  public String table() {
    return table;
  }

  /** CREATE TABLE: its columns. */
  public List<Column> columns() {
    return Collections.unmodifiableList(columns);
  }

  /** CREATE TABLE: its table constraints. */
  public List<Constraint> constraints() {
    return Collections.unmodifiableList(constraints);
  }

  /** ALTER TABLE: its actions, in order. */
  public List<Action> actions() {
    return Collections.unmodifiableList(actions);
  }

  /** DROP TABLE and TRUNCATE: every table named. */
  public List<String> tables() {
    return Collections.unmodifiableList(tables);
  }

  /** CREATE TABLE … PARTITION OF: the parent, or null. */
  public String partitionOf() {
    return partitionOf;
  }

  /** CREATE TABLE … AS, unless WITH NO DATA: the table is created with rows. */
  public boolean createdWithRows() {
    return createdWithRows;
  }

  /** CREATE INDEX: its name, given or chosen; null when unnamed over expressions. */
  public String indexName() {
    return indexName;
  }

  public boolean uniqueIndex() {
    return uniqueIndex;
  }

  /** CREATE INDEX: its plain columns; null when it has expressions or a predicate. */
  public List<String> indexColumns() {
    return indexColumns;
  }

  /** UPDATE: the columns assigned. */
  public List<String> setColumns() {
    return Collections.unmodifiableList(setColumns);
  }

  /** CALL ({@code SELECT fn(…)}) and CREATE FUNCTION: the function, as stored. */
  public String function() {
    return function;
  }

  /** CALL: the string-literal arguments, by parameter name (lower case) or by position ({@code "0"}, {@code "1"}…). */
  public Map<String, String> arguments() {
    return Collections.unmodifiableMap(arguments);
  }

  /** CREATE FUNCTION: {@code i}, {@code s} or {@code v}, as {@code pg_proc.provolatile}. */
  public char volatility() {
    return volatility;
  }

  /** CALL: the table argument ({@code table_name}, {@code relation} or the first), as stored; or null. */
  public String tableArgument() {
    String value = CallArguments.get(arguments, "table_name", 0);
    value = value != null ? value : arguments.get("relation");
    return value == null ? null : Names.lastPart(value);
  }

  /** CALL: the distribution column argument (by name or second), as stored; or null. */
  public String columnArgument() {
    String value = CallArguments.get(arguments, "distribution_column", 1);
    return value == null ? null : Names.lastPart(value);
  }

  /** CALL: one of the calls that distribute a table or make it a reference table. */
  public boolean distributes() {
    return function != null && DistributeRule.FUNCTIONS.contains(function);
  }

  /** CALL: {@code create_reference_table}. */
  public boolean makesReferenceTable() {
    return DistributeRule.REFERENCE_TABLE.equals(function);
  }

  /** CALL: {@code create_distributed_table_concurrently}, which cannot run in a transaction block. */
  public boolean distributesConcurrently() {
    return DistributeRule.DISTRIBUTED_TABLE_CONCURRENTLY.equals(function);
  }
}
