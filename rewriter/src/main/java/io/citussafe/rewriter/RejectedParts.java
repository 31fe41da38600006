package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where each part of a rejected UPDATE or DELETE goes in the atomic rewrite, so that it keeps
 * PostgreSQL's READ COMMITTED meaning: a call Citus rejects is computed in the CTE, alone when
 * its arguments reference no column and it runs for every row (not in a CASE/COALESCE branch,
 * unless STABLE), else with its whole SET expression; every other expression stays in the outer
 * UPDATE; the WHERE, or its AND terms Citus accepts, are repeated there. What cannot be kept is
 * said in {@link #differences}.
 */
final class RejectedParts {

  /** What each SET assignment becomes. */
  enum Mode {
    /** Stays in the outer UPDATE as written. */
    KEEP,
    /** {@code c = DEFAULT}, as written. */
    DEFAULT,
    /** The whole expression is computed in the CTE. */
    WHOLE,
    /** The calls Citus rejects are computed in the CTE; the rest stays outer. */
    PARTS
  }

  record Assigned(DmlShape.Assignment assignment, Mode mode, List<Part> parts) {
  }

  /**
   * A subexpression computed in the CTE: a rejected call widened to the largest subexpression
   * around it that reads no column ({@link ColumnFreeSpan}).
   *
   * @param asText computed as text: it is an operand of {@code ||} assigned to a text column, where
   *     PostgreSQL's {@code text || anynonarray} (STABLE, which Citus rejects with the CTE's column)
   *     is by definition {@code text || operand::text}
   */
  record Part(int start, int end, boolean asText) {
    boolean contains(Part other) {
      return start <= other.start && other.end <= end && !equals(other);
    }
  }

  /** The types {@code text || x} concatenates into. */
  private static final Set<String> TEXT_TYPES = Set.of("text", "character varying", "character", "name");

  /** Each SET assignment and where it goes, in order. */
  final List<Assigned> assigned;
  /**
   * The WHERE spans the outer statement repeats, which are also those the first CTE applies on
   * the shards: all of the WHERE when Citus accepts all of it.
   */
  final List<int[]> recheck;
  /** The WHERE terms with a call Citus rejects, evaluated on the coordinator in the second CTE. */
  final List<int[]> coordinatorTerms;
  /** Why there is no faithful rewrite, or null. */
  final String refusal;
  private final DmlStatement st;
  private final List<String> wholeColumns;
  private final Rejections rejections;

  private RejectedParts(DmlStatement st, List<Assigned> assigned, List<int[]> recheck, List<String> wholeColumns,
      Rejections rejections, String refusal) {
    this.st = st;
    this.assigned = assigned;
    this.recheck = recheck;
    this.wholeColumns = wholeColumns;
    this.rejections = rejections;
    this.refusal = refusal;
    this.coordinatorTerms = new ArrayList<>();
    DmlShape sh = st.shape();
    // all of the WHERE repeated: nothing of it is left to the coordinator (its AND terms are not spans of recheck)
    boolean wholeKept = recheck.size() == 1 && recheck.get(0)[0] == sh.conditionStart
        && recheck.get(0)[1] == sh.conditionEnd;
    if (refusal == null && sh.whereStart >= 0 && !sh.currentOf && !wholeKept) {
      for (int[] term : WhereTerms.andTerms(sh.sql, sh.conditionStart, sh.conditionEnd)) {
        boolean kept = false;
        for (int[] k : recheck) {
          kept |= k[0] == term[0] && k[1] == term[1];
        }
        if (!kept) {
          coordinatorTerms.add(term);
        }
      }
    }
  }

  static RejectedParts of(DmlStatement st, Rejections rejections, java.util.Map<String, String> columnTypes) {
    DmlShape sh = st.shape();
    List<Assigned> assigned = new ArrayList<>(sh.assignments.size());
    List<String> wholeColumns = new ArrayList<>();
    for (int i = 0; i < sh.assignments.size(); i++) {
      Assigned a = assign(st, i, rejections, columnTypes);
      if (a.mode() == Mode.WHOLE && a.assignment().tuple()) {
        return new RejectedParts(st, List.of(), List.of(), List.of(), rejections, "a tuple assignment SET (a, b) = … with a call "
            + "Citus rejects cannot be split into one value per column");
      }
      if (a.mode() == Mode.WHOLE) {
        wholeColumns.addAll(a.assignment().columns());
      }
      assigned.add(a);
    }
    List<int[]> recheck = recheckedConditions(st, rejections);
    return new RejectedParts(st, assigned, recheck, wholeColumns, rejections, null);
  }

  /** How assignment {@code index} is rewritten. */
  private static Assigned assign(DmlStatement st, int index, Rejections rejections,
      java.util.Map<String, String> columnTypes) {
    DmlShape.Assignment a = st.shape().assignments.get(index);
    if (a.isDefault()) {
      return new Assigned(a, Mode.DEFAULT, List.of());
    }
    List<DmlStatement.FunctionUse> uses = st.functionUses();
    boolean anyRejected = false;
    boolean extractable = true;
    for (int u = 0; u < uses.size(); u++) {
      DmlStatement.FunctionUse use = uses.get(u);
      if (use.part() != index || !rejections.rejected()[u]) {
        continue;
      }
      anyRejected = true;
      // moved alone only when evaluating it once per row, from no column, is what PostgreSQL does
      extractable &= use.call() && !use.argumentsReferenceColumn()
          && (!use.insideCaseOrCoalesce() || rejections.volatility()[u] != Volatility.VOLATILE);
    }
    if (!anyRejected) {
      return new Assigned(a, Mode.KEEP, List.of());
    }
    boolean text = !a.tuple() && !a.subscripted() && TEXT_TYPES.contains(columnTypes.getOrDefault(a.columns().get(0), ""));
    List<Part> parts = extractable ? locate(st, index, rejections, text) : null;
    return parts == null ? new Assigned(a, Mode.WHOLE, List.of()) : new Assigned(a, Mode.PARTS, parts);
  }

  /**
   * The span of each rejected call of assignment {@code index}, widened to the largest
   * subexpression around it without a column, outermost only, in order; null when one cannot be
   * found again or the expression holds a subquery.
   */
  private static List<Part> locate(DmlStatement st, int index, Rejections rejections, boolean textTarget) {
    DmlShape.Assignment a = st.shape().assignments.get(index);
    String sql = st.sql();
    Scanner s = new Scanner(sql, a.exprStart(), a.exprEnd());
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (s.isWord("select")) {
        return null;
      }
    }
    List<CallSpans.Call> calls = CallSpans.find(sql, a.exprStart(), a.exprEnd());
    List<Part> chosen = new ArrayList<>(2);
    List<DmlStatement.FunctionUse> uses = st.functionUses();
    for (int u = 0; u < uses.size(); u++) {
      DmlStatement.FunctionUse use = uses.get(u);
      if (use.part() != index || !rejections.rejected()[u]) {
        continue;
      }
      // the k-th use of a name in this expression is the k-th call of that name in its text
      int occurrence = 0;
      for (int earlier = 0; earlier < u; earlier++) {
        occurrence += uses.get(earlier).part() == index && uses.get(earlier).name().equals(use.name()) ? 1 : 0;
      }
      CallSpans.Call found = null;
      for (CallSpans.Call call : calls) {
        if (call.name().equals(use.name()) && occurrence-- == 0) {
          found = call;
          break;
        }
      }
      if (found == null) {
        return null;
      }
      // a tuple's source (f(1), 2) must stay a row: widening stays inside its parentheses
      boolean row = a.tuple() && sql.charAt(a.exprStart()) == '(' && sql.charAt(a.exprEnd() - 1) == ')';
      int[] span = ColumnFreeSpan.widen(sql, found.start(), found.end(), a.exprStart() + (row ? 1 : 0),
          a.exprEnd() - (row ? 1 : 0));
      chosen.add(new Part(span[0], span[1], textTarget
          && ColumnFreeSpan.besideConcatenation(sql, span[0], span[1], a.exprStart(), a.exprEnd())));
    }
    List<Part> outermost = new ArrayList<>(chosen.size());
    for (Part part : chosen) {
      boolean inside = false;
      for (Part other : chosen) {
        inside |= other.contains(part);
      }
      if (!inside && !outermost.contains(part)) {
        outermost.add(part);
      }
    }
    outermost.sort((x, y) -> Integer.compare(x.start(), y.start()));
    return outermost;
  }

  /**
   * The parts of the WHERE that the outer statement repeats: all of it when Citus accepts all of
   * it; else its top-level AND terms that call nothing Citus rejects, when it can be split there.
   */
  private static List<int[]> recheckedConditions(DmlStatement st, Rejections rejections) {
    DmlShape sh = st.shape();
    if (sh.whereStart < 0 || sh.currentOf) {
      return List.of();
    }
    Set<String> rejectedNames = new HashSet<>();
    boolean rejectedCast = false;
    List<DmlStatement.FunctionUse> uses = st.functionUses();
    for (int u = 0; u < uses.size(); u++) {
      DmlStatement.FunctionUse use = uses.get(u);
      if (use.clause() == DmlStatement.Clause.WHERE && rejections.rejected()[u]) {
        rejectedNames.add(use.name());
        rejectedCast |= use.isCast() || !use.call();
      }
    }
    if (rejectedNames.isEmpty()) {
      return List.of(new int[] {sh.conditionStart, sh.conditionEnd});
    }
    List<int[]> terms = WhereTerms.andTerms(sh.sql, sh.conditionStart, sh.conditionEnd);
    List<int[]> kept = new ArrayList<>();
    for (int[] term : terms) {
      if (!CallSpans.callsAny(sh.sql, term[0], term[1], rejectedNames)
          && !(rejectedCast && WhereTerms.castsOrSelects(sh.sql, term[0], term[1]))) {
        kept.add(term);
      }
    }
    return kept;
  }

  /**
   * What differs from PostgreSQL under concurrent writers; null when nothing does.
   *
   * @param byKey rows are matched by their key, not by the values of the columns the new values read
   */
  String differences(boolean byKey) {
    List<String> notes = new ArrayList<>(2);
    if (!wholeColumns.isEmpty() && !byKey) {
      notes.add("the new value of " + String.join(", ", wholeColumns) + " is computed from the columns it reads "
          + "as this statement's snapshot saw them; a row whose columns another transaction changes and commits "
          + "while this statement waits for it is left unchanged (PostgreSQL computes its value from the new "
          + "row version)");
    } else if (!wholeColumns.isEmpty()) {
      notes.add("the new value of " + String.join(", ", wholeColumns) + " is computed from the row as "
          + "this statement's snapshot saw it; if another transaction changes that row and commits while "
          + "this statement waits for it, the value is not computed again from the new row version, "
          + "as PostgreSQL would");
    }
    DmlShape sh = st.shape();
    boolean whereRejected = false;
    for (int u = 0; u < st.functionUses().size(); u++) {
      whereRejected |= st.functionUses().get(u).clause() == DmlStatement.Clause.WHERE && rejections.rejected()[u];
    }
    if (whereRejected) {
      String verb = sh.kind == DmlShape.Kind.DELETE ? "deleted" : "updated";
      notes.add(recheck.isEmpty()
          ? "the WHERE condition is evaluated on the rows as this statement's snapshot saw them; a row that "
              + "another transaction changes and commits meanwhile is " + verb + " even if it no longer "
              + "matches (PostgreSQL re-checks the condition on the new row version)"
          : "of the WHERE condition only the parts without the call Citus rejects are re-checked on a row "
              + "that another transaction changes and commits meanwhile (PostgreSQL re-checks all of it)");
    }
    return notes.isEmpty() ? null : "Under concurrent writers this differs from PostgreSQL: "
        + String.join("; ", notes) + ".";
  }
}
