package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link Analysis} + {@link Facts} → {@link Plan}. Each statement is offered to the rules that
 * matched it, in registry order; the first that returns a plan decides, and hands the statements
 * it generates to the rules after it.
 *
 * <p>A text of several statements stays one text, as the user wrote it, when every statement's
 * plan runs in place (pieces rewritten or answered where they stand): on plain PostgreSQL, where
 * no rule runs extra steps, pgjdbc receives it as one unit and its transaction semantics stay as
 * written. Otherwise it is split: statements no rule reads run together as written, and each of
 * the others is planned when it is reached, after the statements before it ran. On Citus a text
 * is also split when a statement a rule reads names a table DDL before it changes.
 */
final class Planner {

  /** How the report of a rule's defect starts (the rule threw; the statement ran as written). */
  static final String DEFECT_REPORT = "could not plan this statement";

  private final Rules rules;
  private final Analyzer analyzer;

  Planner(Rules rules, Analyzer analyzer) {
    this.rules = rules;
    this.analyzer = analyzer;
  }

  Plan plan(Analysis analysis, String sql, Facts facts) throws SQLException {
    List<Analysis.Piece> pieces = analysis.pieces();
    if (!analysis.needsPlan()) {
      return Plan.asWritten(sql);
    }
    if (pieces.size() == 1) {
      return planPiece(pieces.get(0), facts, 0);
    }
    if (readsAfterSchemaChange(pieces) && facts.isCitus()) {
      // facts read now would be of the tables before the text's DDL ran (a column it adds is not
      // there yet): each statement a rule reads is planned when reached
      return split(sql, pieces, analysis.flags());
    }
    List<Plan> plans = new ArrayList<>(pieces.size());
    boolean inPlace = true;
    for (Analysis.Piece piece : pieces) {
      Plan plan = piece.matches().isEmpty() ? null : planPiece(piece, facts, 0);
      inPlace &= plan == null || plan.inPlace();
      plans.add(plan);
    }
    return inPlace ? merged(sql, pieces, plans) : split(sql, pieces, analysis.flags());
  }

  /** Whether a statement a rule reads names a table a statement before it changes (or may change any). */
  private static boolean readsAfterSchemaChange(List<Analysis.Piece> pieces) {
    Set<String> changed = new HashSet<>();
    boolean any = false;
    for (Analysis.Piece piece : pieces) {
      if (!piece.matches().isEmpty() && (any || !changed.isEmpty() && names(piece, changed))) {
        return true;
      }
      if (changesSchema(piece)) {
        String table = SessionFlags.changedTable(piece.statement());
        any |= table == null;
        if (table != null) {
          changed.add(Names.lastPart(table));
        }
      }
    }
    return false;
  }

  /** Whether the statement names one of {@code tables} (last parts, as stored). */
  private static boolean names(Analysis.Piece piece, Set<String> tables) {
    Scanner s = piece.statement().scanner();
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (s.isIdentifier() && tables.contains(Names.stored(s))) {
        return true;
      }
    }
    return false;
  }

  private static boolean changesSchema(Analysis.Piece piece) {
    return (SessionFlags.of(piece.statement()) & Analysis.SCHEMA_CHANGE) != 0;
  }

  /** The whole text with each rewritten or answered statement replaced where it stands. */
  private static Plan merged(String sql, List<Analysis.Piece> pieces, List<Plan> plans) {
    StringBuilder text = new StringBuilder(sql.length() + 64);
    List<Step> reports = new ArrayList<>();
    List<String> hints = new ArrayList<>();
    boolean reusable = true;
    String rule = null;
    int cursor = 0;
    for (int i = 0; i < pieces.size(); i++) {
      Plan plan = plans.get(i);
      if (plan == null) {
        continue;
      }
      rule = rule == null ? plan.rule() : rule;
      Analysis.Piece piece = pieces.get(i);
      text.append(sql, cursor, piece.start());
      for (Step step : plan.steps()) {
        if (step instanceof Step.User user) {
          text.append(user.sql());
          if (user.hint() != null) {
            hints.add(user.hint());
          }
        } else if (step instanceof Step.Answer answer) {
          // the space and comments before the statement stay where they were
          text.append(sql, piece.start(), Lexer.skipSpace(sql, piece.start())).append(answer.query());
        } else {
          reports.add(step);
        }
      }
      reusable &= plan.reusable();
      cursor = piece.end();
    }
    text.append(sql, cursor, sql.length());
    List<Step> steps = new ArrayList<>(reports.size() + 1);
    steps.add(new Step.User(text.toString(), hints.isEmpty() ? null : String.join(" ", hints)));
    steps.addAll(reports);
    return new Plan(steps, reusable).madeBy(rule);
  }

  /**
   * Runs of statements no rule reads go together as written; the others are planned when
   * reached. The last statement's results are the caller's. A text without BEGIN, COMMIT or
   * ROLLBACK runs in one transaction, as PostgreSQL runs it when it is sent whole.
   */
  private static Plan split(String sql, List<Analysis.Piece> pieces, int flags) {
    List<Step> steps = new ArrayList<>();
    Set<String> changed = new LinkedHashSet<>();
    String rule = null;
    int runStart = -1;
    int runEnd = -1;
    for (Analysis.Piece piece : pieces) {
      if (piece.matches().isEmpty()) {
        runStart = runStart < 0 ? piece.start() : runStart;
        runEnd = piece.end();
        changed.addAll(changes(piece));
        continue;
      }
      if (runStart >= 0) {
        steps.add(new Step.Run(sql.substring(runStart, runEnd)));
        runStart = -1;
      }
      // the statements planned later read the tables as the statements before them left them
      for (String table : changed) {
        steps.add(new Step.Invalidate(table));
      }
      changed.clear();
      steps.add(new Step.Deferred(piece.statement().text));
      changed.addAll(changes(piece));
      rule = rule == null ? Rules.name(piece.matches().get(0).rule()) : rule;
    }
    if (runStart >= 0) {
      steps.add(new Step.User(sql.substring(runStart, runEnd), null));
    }
    boolean ownsTransactions = (flags & (Analysis.TRANSACTION_START | Analysis.TRANSACTION_END)) != 0;
    return (ownsTransactions ? Plan.of(steps) : Plan.of(new Step.Together(steps))).madeBy(rule);
  }

  /** The tables a statement changes: none, one, or a null for any. */
  private static List<String> changes(Analysis.Piece piece) {
    if (!changesSchema(piece)) {
      return List.of();
    }
    List<String> one = new ArrayList<>(1);
    one.add(SessionFlags.changedTable(piece.statement()));
    return one;
  }

  /** The plan of one statement under the rules from {@code fromOrder} on. */
  private Plan planPiece(Analysis.Piece piece, Facts facts, int fromOrder) throws SQLException {
    boolean reusable = true;
    for (Match<?> match : piece.matches()) {
      if (match.order() < fromOrder) {
        continue;
      }
      reusable &= match.rule().reusable();
      Plan plan;
      try {
        plan = match.plan(facts, new Later(match.order() + 1, facts));
      } catch (RuntimeException e) {
        // a rule's defect must not stop a statement PostgreSQL would run: it runs as pgjdbc would run it
        return Plan.of(new Step.User(piece.statement().text, null), new Step.Report(DEFECT_REPORT + " ("
            + match.rule().getClass().getSimpleName() + ": " + e + "), so it ran as written; please report it"));
      }
      if (plan != null) {
        return plan.reusable(reusable).madeBy(Rules.name(match.rule()));
      }
    }
    return Plan.asWritten(piece.statement().text).reusable(reusable);
  }

  /** The rules after one rule, for the statements it generates. */
  private final class Later implements Rule.Next {
    private final int fromOrder;
    private final Facts facts;

    Later(int fromOrder, Facts facts) {
      this.fromOrder = fromOrder;
      this.facts = facts;
    }

    @Override
    public List<Step> plan(String sql) throws SQLException {
      return later(sql, fromOrder, facts);
    }

    @Override
    public List<Step> planGenerated(String sql) throws SQLException {
      List<Step> steps = new ArrayList<>();
      for (Step step : later(sql, fromOrder, new InTransaction(facts))) {
        if (step instanceof Step.User user) {
          steps.add(new Step.Run(user.sql(), user.hint()));
        } else if (step instanceof Step.Dml dml) {
          steps.add(new Step.Dml(dml.plan(), false));
        } else {
          steps.add(step);
        }
      }
      return steps;
    }
  }

  /** The steps of a statement a rule generated, under the rules after it. */
  private List<Step> later(String sql, int fromOrder, Facts facts) throws SQLException {
    Analysis analysis = analyzer.analyze(sql);
    if (!analysis.needsPlan()) {
      return List.of(new Step.User(sql, null));
    }
    List<Step> steps = new ArrayList<>();
    for (Analysis.Piece piece : analysis.pieces()) {
      steps.addAll(planPiece(piece, facts, fromOrder).steps());
    }
    return steps;
  }

  /** The facts as seen from inside a rule's own transaction. */
  private static final class InTransaction implements Facts {
    private final Facts facts;

    InTransaction(Facts facts) {
      this.facts = facts;
    }

    @Override
    public boolean isCitus() throws SQLException {
      return facts.isCitus();
    }

    @Override
    public boolean inTransaction() {
      return true;
    }

    @Override
    public TableFacts table(String name) throws SQLException {
      return facts.table(name);
    }

    @Override
    public TableFacts tableNow(String name) throws SQLException {
      return facts.tableNow(name);
    }

    @Override
    public ColumnFacts columns(String name) throws SQLException {
      return facts.columns(name);
    }

    @Override
    public java.util.Map<String, Volatility> volatility(java.util.Set<String> names) throws SQLException {
      return facts.volatility(names);
    }

    @Override
    public long estimatedRows(String table) throws SQLException {
      return facts.estimatedRows(table);
    }

    @Override
    public boolean hasRows(String table) throws SQLException {
      return facts.hasRows(table);
    }

    @Override
    public ConstraintFacts constraint(String table, String name) throws SQLException {
      return facts.constraint(table, name);
    }

    @Override
    public boolean constraintNameTaken(String table, String name) throws SQLException {
      return facts.constraintNameTaken(table, name);
    }

    @Override
    public boolean isDistributedObject(String name) throws SQLException {
      return facts.isDistributedObject(name);
    }

    @Override
    public List<ForeignKeyFacts> localReferences(String table) throws SQLException {
      return facts.localReferences(table);
    }

    @Override
    public List<ForeignKeyLink> foreignKeyLinks(String table) throws SQLException {
      return facts.foreignKeyLinks(table);
    }

    @Override
    public TableKeys keys(String table) throws SQLException {
      return facts.keys(table);
    }

    @Override
    public ColumnState column(String table, String column) throws SQLException {
      return facts.column(table, column);
    }

    @Override
    public String rowTypeComment(String table) throws SQLException {
      return facts.rowTypeComment(table);
    }

    @Override
    public FunctionFacts triggerFunction(String name) throws SQLException {
      return facts.triggerFunction(name);
    }

    @Override
    public boolean relationBeside(String table, String name) throws SQLException {
      return facts.relationBeside(table, name);
    }

    @Override
    public boolean distributedIn(String schema, String column) throws SQLException {
      return facts.distributedIn(schema, column);
    }

    @Override
    public java.util.Map<String, String> settings(List<String> names) throws SQLException {
      return facts.settings(names);
    }

    @Override
    public List<String> triggers(String table) throws SQLException {
      return facts.triggers(table);
    }

    @Override
    public String operatorClassSchema(String name, String accessMethod) throws SQLException {
      return facts.operatorClassSchema(name, accessMethod);
    }

    @Override
    public TriggerSwitches enabledTriggers(String table) throws SQLException {
      return facts.enabledTriggers(table);
    }

    @Override
    public List<String> commentStatements(String table) throws SQLException {
      return facts.commentStatements(table);
    }
  }
}
