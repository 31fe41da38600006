package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the rewrites of a {@link DmlStatement} by slicing the original text at the offsets of
 * its {@link DmlShape}, never by deparsing: expressions keep their exact text, comments inside
 * them included. Generated names start with {@code citussafe_} so they cannot capture the user's
 * unqualified column references.
 *
 * <p>The atomic form keeps PostgreSQL's READ COMMITTED meaning: a blocked UPDATE re-evaluates its
 * SET and WHERE on the row version that committed first. So only what Citus rejects is computed
 * in the materialized CTE (on the coordinator, from the statement's snapshot); every other SET
 * expression stays in the outer UPDATE, evaluated on the current row, and the outer statement
 * repeats the WHERE (or the parts of it Citus accepts), so a row changed meanwhile is re-checked:
 * <pre>
 * UPDATE q SET n = n + 1, touched = clock_timestamp() WHERE id = ?
 * → WITH citussafe_rows AS MATERIALIZED (SELECT q.id AS citussafe_k1, clock_timestamp() AS citussafe_v1
 *     FROM q WHERE id = ?)
 *   UPDATE q SET n = n + 1, touched = citussafe_rows.citussafe_v1 FROM citussafe_rows
 *   WHERE q.id = citussafe_rows.citussafe_k1 AND (id = ?)
 * </pre>
 * A call is moved alone when its arguments reference no column and it is evaluated for every row
 * (not in a CASE/COALESCE branch, unless STABLE); otherwise its whole SET expression is computed
 * in the CTE, and the rewrite says what differs from PostgreSQL under concurrent writers.
 */
final class DmlRewriter {

  private static final String SOURCE = "citussafe_src";
  private static final String ROWS = "citussafe_rows";

  private DmlRewriter() {
  }

  /** The atomic rewrite of an UPDATE or DELETE, with placeholders kept (see the class comment). */
  static DmlRewrite atomic(DmlStatement st, List<String> keyColumns, Map<String, String> columnTypes,
      Rejections rejections) {
    if (st.kind() == DmlShape.Kind.UPSERT) {
      return DmlRewrite.refused("an INSERT … ON CONFLICT is not rewritten this way; only its DO UPDATE timestamps are");
    }
    return write(st, keyColumns, columnTypes, rejections, null, 0, false);
  }

  /**
   * One batch of a key-ordered backfill of an UPDATE, with the user's parameters inlined and the
   * watermark as placeholders, one per key column, to bind with the greatest key the previous
   * batch returned. The statement returns the keys it updated; fewer than {@code batchRows} rows
   * means the backfill is done. It can be re-run from any watermark when the UPDATE is idempotent.
   *
   * @throws IllegalArgumentException when {@code batchRows} is not positive or the literals do
   *     not match the placeholders in number
   */
  static DmlRewrite batch(DmlStatement st, List<String> keyColumns, Map<String, String> columnTypes,
      Rejections rejections, int batchRows, List<String> literals, boolean watermark) {
    if (batchRows <= 0) {
      throw new IllegalArgumentException("batch rows must be positive but was: " + batchRows);
    }
    if (st.kind() != DmlShape.Kind.UPDATE) {
      return DmlRewrite.refused("only an UPDATE runs in key-ordered batches");
    }
    if (st.hasReturning()) {
      return DmlRewrite.refused("an UPDATE with RETURNING does not run in batches: each batch returns its keys");
    }
    return write(st, keyColumns, columnTypes, rejections, List.copyOf(literals), batchRows, watermark);
  }

  private static DmlRewrite write(DmlStatement st, List<String> keyColumns, Map<String, String> columnTypes,
      Rejections rejections, List<String> literals, int batchRows, boolean watermark) {
    DmlShape sh = st.shape();
    String refusal = refusal(sh, keyColumns, batchRows > 0);
    if (refusal != null) {
      return DmlRewrite.refused(refusal);
    }
    RejectedParts parts = RejectedParts.of(st, rejections, columnTypes);
    if (parts.refusal != null) {
      return DmlRewrite.refused(parts.refusal);
    }
    // a batch keeps its whole WHERE in the first CTE: its LIMIT must count only rows to update
    List<int[]> coordinatorTerms = batchRows > 0 ? List.of() : parts.coordinatorTerms;
    List<int[]> read = new ArrayList<>(coordinatorTerms);
    for (RejectedParts.Assigned a : parts.assigned) {
      if (a.mode() == RejectedParts.Mode.WHOLE) {
        read.add(new int[] {a.assignment().exprStart(), a.assignment().exprEnd()});
      }
    }
    RowMatch match = RowMatch.of(st, keyColumns, columnTypes, rejections, read);
    if (match.refusal != null) {
      return DmlRewrite.refused(match.refusal);
    }
    String sql = sh.sql;
    String q = sh.qualifier();
    SliceWriter out = new SliceWriter(sql, literals);
    // the user's WITH list goes first, so their values may read its queries
    out.slice(0, sh.withStart >= 0 ? sh.keywordStart : sh.firstToken).text(sh.withStart >= 0 ? ", " : "WITH ")
        .text(SOURCE).text(" AS MATERIALIZED (SELECT ")
        .text(match.byKey() ? "" : "DISTINCT ");
    List<String> passed = new ArrayList<>();
    for (int i = 0; i < match.keys.size(); i++) {
      passed.add(q + "." + match.keys.get(i) + " AS citussafe_k" + (i + 1));
    }
    for (String column : match.columns) {
      passed.add(q + "." + column);
    }
    out.text(passed.isEmpty() ? "true AS citussafe_any" : String.join(", ", passed));
    out.text(" FROM ").slice(sh.targetStart, sh.targetEnd);
    if (batchRows > 0) {
      appendBatchWhere(out, sh, q, match.keys, watermark, batchRows);
    } else {
      appendTerms(out, " WHERE ", parts.recheck);
    }
    out.text("), ").text(ROWS).text(" AS MATERIALIZED (SELECT ");
    List<String> computed = new ArrayList<>();
    for (int i = 0; i < match.keys.size(); i++) {
      computed.add("citussafe_k" + (i + 1));
    }
    for (int i = 0; !match.byKey() && i < match.columns.size(); i++) {
      computed.add(q + "." + match.columns.get(i) + " AS citussafe_a" + (i + 1));
    }
    out.text(computed.isEmpty() ? "true AS citussafe_any" : String.join(", ", computed));
    appendValues(out, parts.assigned, columnTypes);
    // A VOLATILE call in a CTE keeps Citus from routing the whole statement to one shard or to every
    // placement of a reference table, where each would compute the values with its own settings;
    // planned apart, this CTE reads only the first one's result and runs on the coordinator.
    out.text(" FROM ").text(SOURCE).text(" AS ").text(q).text(" WHERE clock_timestamp() IS NOT NULL");
    appendTerms(out, " AND ", coordinatorTerms);
    out.text(") ").slice(sh.keywordStart, sh.targetEnd);
    if (sh.kind == DmlShape.Kind.UPDATE) {
      out.text(" SET ");
      appendOuterSet(out, sh, parts.assigned);
      out.text(" FROM ").text(ROWS);
    } else {
      out.text(" USING ").text(ROWS);
    }
    out.text(" WHERE ");
    List<String> matched = new ArrayList<>();
    for (int i = 0; i < match.keys.size(); i++) {
      matched.add(q + "." + match.keys.get(i) + " = " + ROWS + ".citussafe_k" + (i + 1));
    }
    for (int i = 0; !match.byKey() && i < match.columns.size(); i++) {
      matched.add(q + "." + match.columns.get(i) + " IS NOT DISTINCT FROM " + ROWS + ".citussafe_a" + (i + 1));
    }
    out.text(matched.isEmpty() ? "true" : String.join(" AND ", matched));
    appendTerms(out, " AND ", parts.recheck);
    if (batchRows > 0) {
      out.text(" RETURNING ");
      appendQualified(out, q, match.keys, false);
    } else {
      if (sh.returningStart >= 0) {
        out.text(" ");
        ReturningList.append(out, sh, q);
      }
      out.slice(sh.end, sql.length());
    }
    return DmlRewrite.of(out.toString(), out.parameterMap(), parts.differences(match.byKey()));
  }

  /** {@code <first>(t1) AND (t2) …}, nothing when there are no terms. */
  private static void appendTerms(SliceWriter out, String first, List<int[]> terms) {
    for (int i = 0; i < terms.size(); i++) {
      out.text(i == 0 ? first : " AND ").text("(").slice(terms.get(i)[0], terms.get(i)[1]).text(")");
    }
  }

  /** The values the second CTE computes, on the coordinator, in the order the outer SET reads them. */
  private static void appendValues(SliceWriter out, List<RejectedParts.Assigned> assigned,
      Map<String, String> columnTypes) {
    int value = 0;
    for (RejectedParts.Assigned a : assigned) {
      DmlShape.Assignment set = a.assignment();
      if (a.mode() == RejectedParts.Mode.WHOLE) {
        String type = set.subscripted() ? null : columnTypes.get(set.columns().get(0));
        out.text(", ").text(type == null ? "" : "CAST(").slice(set.exprStart(), set.exprEnd())
            .text(type == null ? "" : " AS " + type + ")").text(" AS citussafe_v" + ++value);
      } else if (a.mode() == RejectedParts.Mode.PARTS) {
        for (RejectedParts.Part part : a.parts()) {
          out.text(", ").text(part.asText() ? "CAST(" : "").slice(part.start(), part.end())
              .text(part.asText() ? " AS text)" : "").text(" AS citussafe_v" + ++value);
        }
      }
    }
  }

  /** A batch's WHERE: the user's condition, the watermark, its order and size. */
  private static void appendBatchWhere(SliceWriter out, DmlShape sh, String q, List<String> keys, boolean watermark,
      int batchRows) {
    String and = " WHERE ";
    if (sh.whereStart >= 0) {
      out.text(" WHERE (").slice(sh.conditionStart, sh.conditionEnd).text(")");
      and = " AND ";
    }
    if (watermark) {
      out.text(and);
      appendWatermark(out, q, keys);
    }
    out.text(" ORDER BY ");
    appendQualified(out, q, keys, false);
    out.text(" LIMIT " + batchRows);
  }

  /**
   * The reason the atomic and batch forms share, or null. The atomic form may assign key columns:
   * its outer UPDATE joins each row on the key the first CTE read, and PostgreSQL never visits the
   * row version an UPDATE writes, so each row is matched once, by its old key. A batch may not: a
   * row whose key moves past the watermark would be updated again by a later batch.
   */
  private static String refusal(DmlShape sh, List<String> keyColumns, boolean batch) {
    if (sh.fromStart >= 0) {
      return "the statement joins other tables (" + (sh.kind == DmlShape.Kind.DELETE ? "USING" : "FROM")
          + "), which the rewrite does not handle";
    }
    if (sh.currentOf) {
      return "WHERE CURRENT OF refers to a cursor position, which the rewrite cannot keep";
    }
    for (DmlShape.Assignment a : batch ? sh.assignments : List.<DmlShape.Assignment>of()) {
      for (String column : a.columns()) {
        if (keyColumns.contains(column)) {
          return "the statement changes key column \"" + column + "\", by which the batches advance";
        }
      }
    }
    return null;
  }

  /** The SET list of the outer UPDATE, targets as written. */
  private static void appendOuterSet(SliceWriter out, DmlShape sh, List<RejectedParts.Assigned> assigned) {
    int value = 0;
    String separator = "";
    for (RejectedParts.Assigned a : assigned) {
      DmlShape.Assignment set = a.assignment();
      out.text(separator).slice(set.start(), set.targetEnd()).text(" = ");
      separator = ", ";
      switch (a.mode()) {
        case WHOLE:
          out.text(ROWS + ".citussafe_v" + ++value);
          break;
        case PARTS:
          int cursor = set.exprStart();
          for (RejectedParts.Part part : a.parts()) {
            out.slice(cursor, part.start()).text(ROWS + ".citussafe_v" + ++value);
            cursor = part.end();
          }
          out.slice(cursor, set.exprEnd());
          break;
        default:
          out.slice(set.exprStart(), set.exprEnd());
          break;
      }
    }
  }

  /** {@code q.k1 [AS citussafe_k1], q.k2 …}. */
  private static void appendQualified(SliceWriter out, String q, List<String> keys, boolean aliased) {
    for (int i = 0; i < keys.size(); i++) {
      out.text((i == 0 ? "" : ", ") + q + "." + keys.get(i) + (aliased ? " AS citussafe_k" + (i + 1) : ""));
    }
  }

  /** {@code q.k > ?}, or {@code (q.k1, q.k2) > (?, ?)}: row comparison orders as ORDER BY k1, k2. */
  private static void appendWatermark(SliceWriter out, String q, List<String> keys) {
    if (keys.size() == 1) {
      out.text(q + "." + keys.get(0) + " > ?");
      return;
    }
    out.text("(");
    appendQualified(out, q, keys, false);
    out.text(") > (");
    for (int i = 0; i < keys.size(); i++) {
      out.text(i == 0 ? "?" : ", ?");
    }
    out.text(")");
  }

  /** {@code SELECT count(*) FROM t [AS a] [WHERE (cond)]}, parameters inlined: a backfill's size. */
  static String count(DmlStatement st, List<String> literals) {
    DmlShape sh = st.shape();
    SliceWriter out = new SliceWriter(sh.sql, List.copyOf(literals));
    out.text("SELECT count(*) FROM ").slice(sh.targetStart, sh.targetEnd);
    if (sh.whereStart >= 0) {
      out.text(" WHERE (").slice(sh.conditionStart, sh.conditionEnd).text(")");
    }
    return out.toString();
  }
}
