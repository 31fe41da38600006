package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the parts of one UPDATE, DELETE or INSERT … ON CONFLICT … DO UPDATE lie in its text, as
 * offsets: rewrites slice the original text at these points, so every expression keeps its exact
 * text and every {@code ?} its relative order. Spans run from the first character of their first
 * token to the last character of their last token, so none ends inside a comment. Filled once by
 * {@link DmlAnalyzer}, never changed afterwards.
 */
final class DmlShape {

  enum Kind {
    UPDATE,
    DELETE,
    /** INSERT … ON CONFLICT … DO UPDATE. */
    UPSERT
  }

  /**
   * One {@code target = expression} item of a SET list.
   *
   * @param start first character of the target
   * @param targetEnd end of the target ({@code col}, {@code col[1]}, {@code (a, b)})
   * @param exprStart first character of the expression
   * @param exprEnd end of the expression
   * @param columns the target columns as stored (unquoted names folded to lower case)
   * @param tuple {@code (a, b) = …}
   * @param subscripted {@code a[1] = …} or {@code a.field = …}
   * @param isDefault the expression is {@code DEFAULT}
   */
  record Assignment(int start, int targetEnd, int exprStart, int exprEnd, List<String> columns,
      boolean tuple, boolean subscripted, boolean isDefault) {
  }

  final String sql;
  Kind kind;
  /** Start of the first token (WITH or the keyword); what precedes it is space and comments. */
  int firstToken;
  int withStart = -1;
  /** {@code [start, end)} pairs of the bodies of the WITH prefix's queries. */
  final List<int[]> withBodies = new ArrayList<>(1);
  /** The UPDATE, DELETE or INSERT keyword. */
  int keywordStart;
  /** The first token after {@code UPDATE}, {@code DELETE FROM} or {@code INSERT INTO}. */
  int targetStart;
  int tableStart;
  int tableEnd;
  /** End of the table's {@code [*] [[AS] alias]}; equals {@link #tableEnd} when absent. */
  int targetEnd;
  String table;
  String tableName;
  String alias;
  /**
   * The tables the statement reads besides its target (FROM, USING, subqueries, the WITH queries,
   * an INSERT's query), as written; found by the function walk, empty before it.
   */
  final List<String> tablesRead = new ArrayList<>(2);
  /** SET of an UPDATE or DO UPDATE SET of an upsert. */
  final List<Assignment> assignments = new ArrayList<>(4);
  int fromStart = -1;
  int fromEnd;
  int whereStart = -1;
  int conditionStart;
  int conditionEnd;
  boolean currentOf;
  int returningStart = -1;
  int returningListStart;
  int returningEnd;
  /** The rows of an INSERT: {@code VALUES …} or a query; -1 for {@code DEFAULT VALUES}. */
  int sourceStart = -1;
  int sourceEnd;
  boolean sourceIsValues;
  /** End of the statement's last token, before any {@code ;} and trailing comments. */
  int end;

  DmlShape(String sql) {
    this.sql = sql;
  }

  String qualifier() {
    return alias != null ? alias : tableName;
  }

  boolean hasTuple() {
    for (Assignment a : assignments) {
      if (a.tuple()) {
        return true;
      }
    }
    return false;
  }
}
