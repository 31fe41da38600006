package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * R4 — DML that Citus rejects. On distributed, reference and Citus-local tables Citus rejects volatile calls in
 * UPDATE … SET and WHERE, STABLE calls with column arguments, non-IMMUTABLE calls in CASE or
 * COALESCE, and any non-IMMUTABLE call in an upsert's DO UPDATE. Decided before running, from the
 * functions' volatility and where each call sits, so a transaction is never aborted by trying.
 * Only DML that calls a function is read (parsed once per text); the plan is reused while the
 * metadata it came from holds.
 */
final class RejectedDmlRule implements Rule<DmlStatement> {

  private final boolean enabled;
  private final boolean backfill;

  RejectedDmlRule(Options options) {
    this.enabled = options.bulkUpdate() != Options.BulkUpdate.OFF;
    this.backfill = options.backfillBatchRows() > 0;
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("update", "delete", "insert", "with");
  }

  @Override
  public DmlStatement match(StatementText statement) {
    String text = statement.text;
    // texts too long to cache would be parsed on every execution: they pass through unexamined
    if (!enabled || text.length() > StatementText.MAX_CACHED_LENGTH) {
      return null;
    }
    boolean batchable = backfill && statement.firstWord.equals("update");
    if (!batchable && !mayNeedAnalysis(text, 0, text.length())) {
      return null;
    }
    // the only place the parser runs: once per SQL text, for DML that calls functions
    DmlStatement dml = DmlAnalyzer.analyze(text);
    return dml == null || (dml.functionUses().isEmpty() && !batchable && !dml.assignsColumns()
        && !StableOperators.mayApply(dml)) ? null : dml;
  }

  @Override
  public boolean reusable() {
    return true;
  }

  @Override
  public Plan plan(DmlStatement st, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus()) {
      return null;
    }
    TableFacts table = facts.table(st.table());
    // Citus-local tables go through the same checks of Citus's router planner, and so does a
    // plain local table's write that reads a Citus table (Citus plans the whole statement)
    if (!table.isCitusTable() && !readsCitusTable(st, facts)) {
      return null;
    }
    ColumnFacts columns = facts.columns(st.table());
    st = withConversions(st, columns.columnTypes());
    Verdict verdict = judge(st, facts);
    Rejections rejections = verdict.rejections();
    String why = verdict.why();
    boolean hash = table.isDistributed();
    if (why == null) {
      return backfill && hash && st.kind() == DmlShape.Kind.UPDATE
          ? Plan.of(new Step.Dml(new DmlPlan(st, DmlPlan.Action.AS_WRITTEN, null, columns, true, rejections, null), true))
          : null;
    }
    if (st.kind() == DmlShape.Kind.UPSERT) {
      DmlRewrite rewrite = UpsertTimestamps.of(st, null);
      return rewrite.isRefused() ? refused(st, why, rewrite.refusal())
          : Plan.of(new Step.Dml(new DmlPlan(st, DmlPlan.Action.UPSERT_TIMESTAMPS, rewrite, columns, hash,
              rejections, why), true));
    }
    if (hash && st.setColumns().contains(table.distributionColumn())) {
      return refused(st, why, "it assigns the distribution column " + table.distributionColumn()
          + ", which moves rows between shards");
    }
    DmlRewrite rewrite = DmlRewriter.atomic(st, columns.rowKey(), columns.columnTypes(), rejections);
    return rewrite.isRefused() ? refused(st, why, rewrite.refusal())
        : Plan.of(new Step.Dml(new DmlPlan(st, DmlPlan.Action.REWRITTEN, rewrite, columns, hash, rejections, why),
            true));
  }

  private static boolean readsCitusTable(DmlStatement st, Facts facts) throws SQLException {
    for (String read : st.tablesRead()) {
      if (facts.table(read).isCitusTable()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The statement with a use for each assignment {@code SET a = b} whose implicit conversion runs a
   * STABLE function ({@link AssignmentCasts}): named {@code cast to <type>}, it is a STABLE call
   * with a column reference, which Citus rejects, and the rewrite computes it on the coordinator; and
   * one for each STABLE operator or cast on a column ({@link StableOperators}).
   */
  static DmlStatement withConversions(DmlStatement st, Map<String, String> columnTypes) {
    List<DmlStatement.FunctionUse> conversions = StableOperators.uses(st, columnTypes);
    List<DmlShape.Assignment> assignments = st.shape().assignments;
    for (int i = 0; i < assignments.size(); i++) {
      String source = st.sourceColumn(i);
      String target = assignments.get(i).subscripted() ? null : columnTypes.get(assignments.get(i).columns().get(0));
      if (source != null && AssignmentCasts.stable(columnTypes.get(source), target)) {
        conversions.add(new DmlStatement.FunctionUse(DmlStatement.CAST_PREFIX + target, DmlStatement.Clause.SET, i,
            false, true, false));
      }
    }
    return conversions.isEmpty() ? st : st.withUses(conversions);
  }

  /**
   * Which calls Citus rejects where they stand.
   *
   * @param why the first rule broken, in Citus's words; null when Citus accepts the statement
   */
  record Verdict(Rejections rejections, String why) {
  }

  static Verdict judge(DmlStatement st, Facts facts) throws SQLException {
    List<DmlStatement.FunctionUse> uses = st.functionUses();
    Set<String> names = new HashSet<>();
    for (DmlStatement.FunctionUse use : uses) {
      if (!use.isStableByName() && use.subqueryTable() == null) {
        names.add(use.name());
      }
    }
    Map<String, Volatility> known = names.isEmpty() ? Map.of() : facts.volatility(names);
    Volatility[] volatility = new Volatility[uses.size()];
    boolean[] rejected = new boolean[uses.size()];
    String why = null;
    for (int u = 0; u < uses.size(); u++) {
      DmlStatement.FunctionUse use = uses.get(u);
      String table = use.subqueryTable();
      // a reference table is read where the row is; any other through an intermediate result (seed 205: a
      // Citus-local table in CASE of a distributed table's UPDATE)
      volatility[u] = table != null ? (facts.table(table).isReference() ? Volatility.IMMUTABLE : Volatility.STABLE)
          : use.isStableByName() ? Volatility.STABLE : known.getOrDefault(use.name(), Volatility.VOLATILE);
      String broken = citusRule(use, volatility[u]);
      rejected[u] = broken != null;
      why = why == null ? broken : why;
    }
    return new Verdict(new Rejections(rejected, volatility), why);
  }

  private static Plan refused(DmlStatement st, String rule, String reason) {
    return Plan.of(new Step.User(st.sql(), rule + "; citussafe cannot rewrite it faithfully because " + reason
        + ". Statement: " + st.sql()));
  }

  /**
   * The Citus rule (its own error text) that one call breaks where it stands, or null when Citus
   * accepts it. Mirrors Citus 13's checks for modifications of distributed tables, in the order
   * Citus applies them, so the message matches its error.
   */
  static String citusRule(DmlStatement.FunctionUse use, Volatility v) {
    switch (use.clause()) {
      case SET:
        if (v != Volatility.IMMUTABLE && use.insideCaseOrCoalesce()) {
          return "non-IMMUTABLE functions are not allowed in CASE or COALESCE statements (" + use.name() + ")";
        }
        if (v == Volatility.VOLATILE) {
          return "functions used in UPDATE queries on distributed tables must not be VOLATILE (" + use.name() + ")";
        }
        if (v == Volatility.STABLE && use.argumentsReferenceColumn()) {
          return "STABLE functions used in UPDATE queries cannot be called with column references ("
              + use.name() + ")";
        }
        return null;
      case WHERE:
        if (v == Volatility.VOLATILE) {
          return "functions used in the WHERE/ON/WHEN clause of modification queries on distributed "
              + "tables must not be VOLATILE (" + use.name() + ")";
        }
        if (v == Volatility.STABLE && use.argumentsReferenceColumn()) {
          return "STABLE functions used in the WHERE clause of modification queries cannot be called "
              + "with column references (" + use.name() + ")";
        }
        if (v != Volatility.IMMUTABLE && use.insideCaseOrCoalesce()) {
          return "non-IMMUTABLE functions are not allowed in CASE or COALESCE statements (" + use.name() + ")";
        }
        return null;
      case DO_UPDATE_SET:
      case DO_UPDATE_WHERE:
        return v != Volatility.IMMUTABLE ? "functions used in the DO UPDATE SET clause of INSERTs on "
            + "distributed tables must be marked IMMUTABLE (" + use.name() + ")" : null;
      default:
        return null;
    }
  }

  /**
   * True when the statement in {@code sql[from, to)} is an UPDATE or DELETE (possibly after a
   * WITH prefix) whose text has a {@code (} or an SQL value function keyword outside strings and
   * comments, or an INSERT with a top-level {@code ON CONFLICT … DO UPDATE} followed by one of
   * those: only such statements can hold a function call that Citus rejects.
   */
  static boolean mayNeedAnalysis(String sql, int from, int to) {
    ClauseReader r = new ClauseReader(sql, from, to);
    if (r.s.isWord("with") && !r.skipWith(null)) {
      return false;
    }
    boolean insert = r.s.isWord("insert");
    if (!insert && !r.s.isWord("update") && !r.s.isWord("delete")) {
      return false;
    }
    boolean looking = !insert;
    boolean previousOn = false;
    boolean conflict = false;
    boolean previousDo = false;
    boolean previousCallable = false;
    boolean previousEquals = false;
    for (r.next(); r.s.type() != Scanner.Type.END; r.next()) {
      // SET a = b: the conversion from b's type to a's may be STABLE
      if (!insert && previousEquals && isBareName(r.s)) {
        return true;
      }
      previousEquals = r.s.isSymbol('=');
      if (looking) {
        // a call is a name followed by "(": IN (…), VALUES (…), SET (a, b) and plain
        // parentheses are not, so ordinary DML never reaches the parser
        if ((r.s.isSymbol('(') && previousCallable) || isValueFunction(r.s) || isDateTimeCast(r)
            || r.s.isWord("interval")) {
          return true;
        }
        previousCallable = r.s.type() == Scanner.Type.QUOTED_IDENTIFIER
            || (r.s.type() == Scanner.Type.WORD && !Keywords.isAnyWord(r.s, Keywords.NOT_CALLS));
      } else if (r.s.depth() == 0) {
        conflict |= previousOn && r.s.isWord("conflict");
        looking = previousDo && r.s.isWord("update");
        previousOn = r.s.isWord("on");
        previousDo = conflict && r.s.isWord("do");
      }
    }
    return false;
  }

  /** A name standing alone, possibly qualified: then a word, a comma, a semicolon or the end. */
  private static boolean isBareName(Scanner s) {
    if (!s.isIdentifier() || Keywords.isAnyWord(s, Keywords.LITERAL_WORDS)) {
      return false;
    }
    Scanner ahead = new Scanner(s.sql(), s.end(), s.sql().length());
    ahead.next();
    if (ahead.isSymbol('.')) {
      ahead.next();
      if (!ahead.isIdentifier()) {
        return false;
      }
      ahead.next();
    }
    return ahead.type() == Scanner.Type.END || ahead.type() == Scanner.Type.WORD || ahead.isSymbol(',')
        || ahead.isSymbol(';');
  }

  /** {@code ::date}, {@code ::interval}, {@code ::text}…: a cast that may run a STABLE conversion. */
  private static boolean isDateTimeCast(ClauseReader r) {
    if (!r.s.isSymbol("::")) {
      return false;
    }
    Scanner ahead = new Scanner(r.s.sql(), r.s.end(), r.s.sql().length());
    ahead.next();
    if (ahead.isWord("pg_catalog")) {
      ahead.next();
      ahead.next();
    }
    return Keywords.isAnyWord(ahead, Keywords.DATE_TIME_TYPE_WORDS) || StableOperators.stringType(ahead);
  }

  static boolean isValueFunction(Scanner s) {
    return Keywords.isAnyWord(s, Keywords.VALUE_FUNCTION_WORDS);
  }
}
