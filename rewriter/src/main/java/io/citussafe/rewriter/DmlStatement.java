package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/**
 * What the DML rule needs to know about one UPDATE, DELETE or INSERT … ON CONFLICT … DO UPDATE:
 * the clauses' offsets ({@link DmlShape}) and the function calls, where they are. Immutable;
 * every rewrite slices the original text, so expressions keep their exact text and the user's
 * {@code ?} placeholders their relative order.
 */
final class DmlStatement {

  /**
   * Name prefix of the {@link FunctionUse}s that stand for a cast of a column expression to a
   * date/time type ({@code cast to interval}), whose conversion functions are STABLE.
   */
  static final String CAST_PREFIX = "cast to ";
  /** How a STABLE operator that StableOperators finds is named among the calls. */
  static final String OPERATOR_PREFIX = "operator ";
  /**
   * A table read by a subquery inside CASE in SET: unless it is a reference table, Citus reads it
   * through an intermediate result, a non-IMMUTABLE call Citus refuses there.
   */
  static final String SUBQUERY_PREFIX = "subquery on ";

  /** Where a function call sits. */
  enum Clause {
    /** SET of an UPDATE. */
    SET,
    /** WHERE of an UPDATE or DELETE. */
    WHERE,
    DO_UPDATE_SET,
    DO_UPDATE_WHERE,
    /** VALUES rows of an upsert. */
    VALUES,
    RETURNING,
    /** FROM of an UPDATE, USING of a DELETE, the WITH prefix, or the query of INSERT … SELECT. */
    OTHER
  }

  /**
   * One call of a function, or of an SQL value function ({@code CURRENT_TIMESTAMP}…, named in
   * lower case), in a subquery too.
   *
   * @param name the name as stored in {@code pg_proc.proname}: folded to lower case unless
   *     quoted, schema removed
   * @param clause where it is
   * @param part the index of its SET (or DO UPDATE SET) assignment; -1 in other clauses
   * @param call it is written as a call ({@code name(…)} or a value function keyword) whose text
   *     can be found again; false for casts and window aggregates
   * @param argumentsReferenceColumn any argument refers to a column (at any depth)
   * @param insideCaseOrCoalesce it is inside a CASE or COALESCE expression (at any depth)
   */
  record FunctionUse(String name, Clause clause, int part, boolean call, boolean argumentsReferenceColumn,
      boolean insideCaseOrCoalesce) {

    boolean isCast() {
      return name.startsWith(CAST_PREFIX);
    }

    /** SQL value functions, date/time casts and StableOperators: STABLE, not in pg_proc under these names. */
    boolean isStableByName() {
      return Keywords.VALUE_FUNCTIONS.contains(name) || isCast() || name.startsWith(OPERATOR_PREFIX);
    }

    /** The table a {@link #SUBQUERY_PREFIX} use reads, or null. */
    String subqueryTable() {
      return name.startsWith(SUBQUERY_PREFIX) ? name.substring(SUBQUERY_PREFIX.length()) : null;
    }
  }

  private final DmlShape shape;
  private final List<FunctionUse> functionUses;
  private final List<String> setColumns;

  DmlStatement(DmlShape shape, List<FunctionUse> functionUses) {
    this.shape = shape;
    this.functionUses = List.copyOf(functionUses);
    List<String> columns = new ArrayList<>();
    for (DmlShape.Assignment a : shape.assignments) {
      columns.addAll(a.columns());
    }
    this.setColumns = List.copyOf(columns);
  }

  DmlShape shape() {
    return shape;
  }

  String sql() {
    return shape.sql;
  }

  DmlShape.Kind kind() {
    return shape.kind;
  }

  /** The target table in regclass syntax exactly as written ({@code sales."Orders"}). */
  String table() {
    return shape.table;
  }

  /** The tables the statement reads besides its target, as written (regclass syntax). */
  List<String> tablesRead() {
    return shape.tablesRead;
  }

  /** Columns assigned by SET (or DO UPDATE SET), as stored. */
  List<String> setColumns() {
    return setColumns;
  }

  List<FunctionUse> functionUses() {
    return functionUses;
  }

  boolean hasReturning() {
    return shape.returningStart >= 0;
  }

  /**
   * The target's column that SET assignment {@code part} assigns as it is ({@code SET a = b},
   * {@code SET a = t.b}), as stored; null when its expression is anything else.
   */
  String sourceColumn(int part) {
    DmlShape.Assignment a = shape.assignments.get(part);
    if (a.isDefault() || a.tuple() || shape.kind != DmlShape.Kind.UPDATE) {
      return null;
    }
    Scanner s = new Scanner(shape.sql, a.exprStart(), a.exprEnd());
    s.next();
    String first = s.isIdentifier() && !Keywords.isAnyWord(s, Keywords.LITERAL_WORDS) ? Names.stored(s) : null;
    s.next();
    if (first == null || s.type() == Scanner.Type.END) {
      return first;
    }
    if (!s.isSymbol('.') || !first.equals(Names.stored(shape.qualifier()))) {
      return null;
    }
    s.next();
    String column = s.isIdentifier() ? Names.stored(s) : null;
    s.next();
    return s.type() == Scanner.Type.END ? column : null;
  }

  /** True when any SET assignment assigns a column as it is: an implicit conversion may be rejected. */
  boolean assignsColumns() {
    for (int i = 0; i < shape.assignments.size(); i++) {
      if (sourceColumn(i) != null) {
        return true;
      }
    }
    return false;
  }

  /** This statement with more uses: the implicit conversions found from the column types. */
  DmlStatement withUses(List<FunctionUse> more) {
    List<FunctionUse> all = new ArrayList<>(functionUses);
    all.addAll(more);
    return new DmlStatement(shape, all);
  }

  int parameterCount() {
    return JdbcPlaceholders.offsets(shape.sql).length;
  }

  @Override
  public String toString() {
    return "DmlStatement[" + shape.kind + " " + shape.table + ", uses=" + functionUses + "]";
  }
}
