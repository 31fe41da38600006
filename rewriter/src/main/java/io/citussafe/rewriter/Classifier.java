package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides what the driver does with a SQL string, from tokens only. The first keyword of each
 * statement settles most cases ({@code INSERT}, {@code UPDATE}, {@code SELECT 1}… pass through);
 * only {@code ALTER TABLE}, {@code CREATE INDEX} and {@code SELECT} of a Citus function are looked
 * at further, and then only at the top level of the statement. Nothing here can fail on odd
 * input: what is not recognised passes through and the server answers it.
 */
final class Classifier {

  private static final Set<String> DISTRIBUTE_FUNCTIONS = Set.of(
      "create_distributed_table", "create_distributed_table_concurrently", "create_reference_table");

  /** Citus functions that plain PostgreSQL lacks; skipped there so migrations run unchanged. */
  private static final Set<String> CITUS_ONLY_FUNCTIONS = Set.of(
      "truncate_local_data_after_distributing_table",
      "run_command_on_workers", "run_command_on_shards", "run_command_on_placements",
      "run_command_on_colocated_placements", "run_command_on_all_nodes", "run_command_on_coordinator",
      "undistribute_table", "alter_distributed_table", "citus_add_local_table_to_metadata",
      "mark_tables_colocated", "update_distributed_table_colocation", "create_distributed_function");

  /** Markers for a statement run as written; the caller groups such runs. */
  private static final Step.Execute PLAIN = new Step.Execute("", false);
  private static final Step.Execute PLAIN_DDL = new Step.Execute("", true);

  private Classifier() {
  }

  static Plan classify(String sql) {
    int[] pieces = Splitter.split(sql);
    List<Step> steps = null;
    int runStart = -1;
    int runEnd = -1;
    boolean runChangesSchema = false;
    int flags = MigrationToolMarkers.mentionedIn(sql) ? Plan.MIGRATION_TOOL : 0;
    for (int k = 0; k < pieces.length; k += 2) {
      int from = pieces[k];
      int to = pieces[k + 1];
      flags |= sessionFlags(sql, from, to);
      Step special = classifyPiece(sql, from, to);
      if (special instanceof Step.Execute plain) {
        runStart = runStart < 0 ? from : runStart;
        runEnd = to;
        runChangesSchema |= plain.changesSchema();
        continue;
      }
      if (steps == null) {
        steps = new ArrayList<>(4);
      }
      if (runStart >= 0) {
        steps.add(new Step.Execute(sql.substring(runStart, runEnd), runChangesSchema));
        runStart = -1;
        runChangesSchema = false;
      }
      if (special instanceof Step.CleanLocalHeap clean) {
        steps.add(clean);
        runStart = from;
        runEnd = to;
        runChangesSchema = true;
      } else {
        steps.add(special);
      }
    }
    if (steps == null) {
      return runChangesSchema ? new Plan(List.of(new Step.Execute(sql, true)), 0, flags) : Plan.passThrough(flags);
    }
    if (runStart >= 0) {
      steps.add(new Step.Execute(sql.substring(runStart, runEnd), runChangesSchema));
    }
    int result = steps.size() - 1;
    while (steps.get(result) instanceof Step.CleanLocalHeap) {
      result--;
    }
    return new Plan(steps, result, flags);
  }

  private static boolean callsSetConfig(Scanner s) {
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (s.isWord("set_config")) {
        s.next();
        if (s.isSymbol('(')) {
          return true;
        }
      }
    }
    return false;
  }

  /** A single UPDATE as a {@link Step.Dml} step whether or not it calls functions; else pass-through. */
  static Plan classifyUpdate(String sql) {
    int[] pieces = Splitter.split(sql);
    if (pieces.length != 2) {
      return Plan.PASS_THROUGH;
    }
    Scanner s = new Scanner(sql, pieces[0], pieces[1]);
    s.next();
    if (!s.isWord("update")) {
      return Plan.PASS_THROUGH;
    }
    DmlStatement dml = DmlAnalyzer.analyze(sql.substring(pieces[0], pieces[1]));
    return dml == null ? Plan.PASS_THROUGH : new Plan(List.of(new Step.Dml(dml.sql(), dml)), 0, 0);
  }

  /**
   * Transaction and session effects of one statement, which the connection tracks even for
   * statements that pass through.
   */
  private static int sessionFlags(String sql, int from, int to) {
    Scanner s = new Scanner(sql, from, to);
    s.next();
    if (s.isWord("begin") || s.isWord("start")) {
      return Plan.TRANSACTION_START;
    }
    if (s.isWord("commit") || s.isWord("end") || s.isWord("abort") || s.isWord("rollback")) {
      s.next();
      // ROLLBACK TO SAVEPOINT stays in the transaction; COMMIT/ROLLBACK PREPARED run outside one
      return s.isWord("to") || s.isWord("prepared") ? 0 : Plan.TRANSACTION_END;
    }
    if (s.isWord("prepare")) {
      s.next();
      return s.isWord("transaction") ? Plan.TRANSACTION_END : 0;
    }
    if (s.isWord("discard")) {
      return Plan.SESSION_CHANGE;
    }
    if (s.isWord("select") && Lexer.indexOfIgnoreCase(sql.substring(from, to), "set_config", 0) >= 0
        && callsSetConfig(s)) {
      // Flyway switches schemas with SELECT set_config('search_path', ?, false)
      return Plan.SESSION_CHANGE;
    }
    if (s.isWord("set") || s.isWord("reset")) {
      s.next();
      if (s.isWord("session") || s.isWord("local")) {
        s.next();
      }
      return s.isWord("search_path") || s.isWord("schema") || s.isWord("all") ? Plan.SESSION_CHANGE : 0;
    }
    return 0;
  }

  /** The step for one statement; an {@link Step.Execute} for anything run as written. */
  private static Step classifyPiece(String sql, int from, int to) {
    Scanner s = new Scanner(sql, from, to);
    s.next();
    if (s.isWord("select")) {
      return classifySelect(s, sql.substring(from, to));
    }
    if (s.isWord("alter")) {
      s.next();
      if (s.isWord("table")) {
        return classifyAlterTable(s, sql.substring(from, to));
      }
      return PLAIN_DDL;
    }
    if (s.isWord("create")) {
      return classifyCreate(s, sql.substring(from, to));
    }
    // texts too long to cache would be parsed on every execution: they pass through unexamined
    if ((s.isWord("update") || s.isWord("delete") || s.isWord("insert"))
        && to - from <= Rewriter.MAX_CACHED_LENGTH && DmlAnalyzer.mayNeedAnalysis(sql, from, to)) {
      // the only place the parser runs: once per SQL text, for DML that calls functions
      DmlStatement dml = DmlAnalyzer.analyze(sql.substring(from, to));
      return dml == null || dml.functionUses().isEmpty() ? PLAIN : new Step.Dml(dml.sql(), dml);
    }
    // DO is opaque (never heap-scanning here), but it usually runs DDL or distributes a table in a
    // migration, so the driver's cached table metadata must be dropped after it.
    if (s.isWord("drop") || s.isWord("truncate") || s.isWord("comment") || s.isWord("do")) {
      return PLAIN_DDL;
    }
    return PLAIN;
  }

  /**
   * {@code SELECT [schema.]fn(…)}, or {@code SELECT … FROM [schema.]fn(…)} (as in
   * {@code SELECT success, result FROM run_command_on_shards(…)}), of a Citus function.
   */
  private static Step classifySelect(Scanner s, String piece) {
    s.next();
    Step call = citusCall(s, piece);
    if (call != null) {
      return call;
    }
    while (s.type() != Scanner.Type.END && !(s.depth() == 0 && s.isWord("from"))) {
      s.next();
    }
    if (s.type() == Scanner.Type.END) {
      return PLAIN;
    }
    s.next();
    call = citusCall(s, piece);
    return call == null ? PLAIN : call;
  }

  /** The step for a Citus function call starting at the current token, or null. */
  private static Step citusCall(Scanner s, String piece) {
    if (s.type() != Scanner.Type.WORD) {
      return null;
    }
    String name = s.text().toLowerCase(Locale.ROOT);
    s.next();
    if (s.isSymbol('.')) {
      s.next();
      if (s.type() != Scanner.Type.WORD) {
        return null;
      }
      name = s.text().toLowerCase(Locale.ROOT);
      s.next();
    }
    if (!s.isSymbol('(')) {
      return null;
    }
    if (DISTRIBUTE_FUNCTIONS.contains(name)) {
      return new Step.Distribute(piece, readDistributionCall(s, name));
    }
    if (CITUS_ONLY_FUNCTIONS.contains(name)) {
      return new Step.CitusOnly(piece, name);
    }
    return null;
  }

  /**
   * Reads positional and named ({@code =>}, {@code :=}) arguments; the scanner stands on the
   * opening parenthesis. Only string literals (optionally cast, {@code 'orders'::regclass}) count.
   */
  private static DistributionCall readDistributionCall(Scanner s, String function) {
    int depth = s.depth();
    String table = null;
    String column = null;
    int position = 0;
    s.next();
    while (s.type() != Scanner.Type.END && !(s.isSymbol(')') && s.depth() == depth)) {
      String argumentName = null;
      if (s.type() == Scanner.Type.WORD) {
        int nameStart = s.start();
        int nameEnd = s.end();
        s.next();
        if (s.isSymbol("=>") || s.isSymbol(":=")) {
          argumentName = s.sql().substring(nameStart, nameEnd).toLowerCase(Locale.ROOT);
          s.next();
        } else {
          // an expression such as a bare column reference: not a literal argument
          position++;
          skipArgument(s, depth);
          continue;
        }
      }
      String value = s.stringValue();
      s.next();
      if (s.isSymbol("::")) {
        s.next();
        s.next();
      }
      boolean literal = value != null && (s.isSymbol(',') || s.isSymbol(')')) && s.depth() <= depth + 1;
      String slot = argumentName != null ? argumentName : position == 0 ? "table_name"
          : position == 1 ? "distribution_column" : "";
      if (literal && slot.equals("table_name")) {
        table = value;
      } else if (literal && slot.equals("distribution_column")) {
        column = value;
      }
      position++;
      skipArgument(s, depth);
    }
    return new DistributionCall(function, table, "create_reference_table".equals(function) ? null : column);
  }

  /** Moves past the rest of one argument: to the next top-level comma, or onto the close. */
  private static void skipArgument(Scanner s, int depth) {
    while (s.type() != Scanner.Type.END) {
      if (s.depth() == depth + 1 && s.isSymbol(',')) {
        s.next();
        return;
      }
      if (s.depth() == depth && s.isSymbol(')')) {
        return;
      }
      s.next();
    }
  }

  /**
   * {@code ALTER TABLE [IF EXISTS] [ONLY] name [*] action [, …]}: heap-scanning when any
   * top-level action adds {@code NOT NULL}, {@code CHECK}, {@code PRIMARY KEY}, {@code UNIQUE},
   * validates a constraint or changes a column type. A false positive is not free: the cleanup it
   * triggers fails when a local table references the table, so the common unreserved words are
   * read in context ({@code TYPE} is often a column name, {@code DROP NOT NULL} needs no scan).
   */
  private static Step classifyAlterTable(Scanner s, String piece) {
    s.next();
    if (s.isWord("if")) {
      s.next();
      s.accept("exists");
    }
    s.accept("only");
    String table = readQualifiedName(s);
    if (table == null) {
      return PLAIN_DDL;
    }
    boolean previousWasNot = false;
    boolean previousWasDrop = false;
    boolean dropNot = false;
    boolean previousWasData = false;
    // ALTER [COLUMN] name TYPE …: 1 after ALTER or ALTER COLUMN, 2 just after the column name
    int alterColumn = 0;
    for (; s.type() != Scanner.Type.END; s.next()) {
      if (s.depth() > 0 || !s.isIdentifier()) {
        previousWasNot = previousWasDrop = previousWasData = false;
        alterColumn = 0;
        continue;
      }
      if ((previousWasNot && !dropNot && s.isWord("null")) || s.isWord("check") || s.isWord("primary")
          || s.isWord("unique") || s.isWord("validate")
          || (s.isWord("type") && (alterColumn == 2 || previousWasData))) {
        return new Step.CleanLocalHeap(table, piece);
      }
      dropNot = previousWasDrop;
      previousWasNot = s.isWord("not");
      previousWasDrop = s.isWord("drop");
      previousWasData = s.isWord("data");
      alterColumn = s.isWord("alter") ? 1 : alterColumn == 1 ? (s.isWord("column") ? 1 : 2) : 0;
    }
    return PLAIN_DDL;
  }

  /** {@code CREATE [UNIQUE] INDEX … ON [ONLY] table}; any other CREATE is plain DDL. */
  private static Step classifyCreate(Scanner s, String piece) {
    s.next();
    s.accept("unique");
    if (!s.isWord("index")) {
      return PLAIN_DDL;
    }
    for (s.next(); s.type() != Scanner.Type.END; s.next()) {
      if (s.depth() == 0 && s.isWord("on")) {
        s.next();
        s.accept("only");
        String table = readQualifiedName(s);
        return table == null ? PLAIN_DDL : new Step.CleanLocalHeap(table, piece);
      }
    }
    return PLAIN_DDL;
  }

  /**
   * Reads {@code ident[.ident[.ident]]} and returns it in regclass syntax: quoted parts keep
   * their quotes, so the server resolves the name exactly as it resolves the statement.
   */
  private static String readQualifiedName(Scanner s) {
    if (!s.isIdentifier()) {
      return null;
    }
    StringBuilder name = new StringBuilder(s.text());
    s.next();
    while (s.isSymbol('.')) {
      s.next();
      if (!s.isIdentifier()) {
        return null;
      }
      name.append('.').append(s.text());
      s.next();
    }
    if (s.isSymbol('*')) {
      s.next();
    }
    return name.toString();
  }
}
