package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * DDL that Citus refuses and that has no transparent rewrite: the statement
 * runs as the later rules plan it, and when Citus refuses it the error carries what to do, with
 * the user's own table and column names, decided before the statement runs (after the error a
 * transaction is aborted and cannot be asked anything):
 *
 * <ul>
 *   <li>a PRIMARY KEY, UNIQUE constraint or unique index of a distributed table without its
 *       distribution column;
 *   <li>a foreign key Citus cannot keep: between distributed tables that are not co-located,
 *       from a reference or local table to a distributed one, from a distributed table to a local
 *       one, or from a reference table to a local one with a cascading action;
 *   <li>a type change of the distribution column;
 *   <li>{@code ALTER COLUMN … SET STATISTICS}, {@code SET STORAGE} and {@code SET COMPRESSION},
 *       which Citus does not support.
 * </ul>
 */
final class CitusRefusalHintRule implements Rule<CitusRefusalHintRule.Ddl> {

  enum Kind {
    UNIQUE, FOREIGN_KEY, COLUMN_TYPE, UNSUPPORTED
  }

  /**
   * @param columns the key's columns as stored (UNIQUE), or the altered column (COLUMN_TYPE, UNSUPPORTED)
   * @param referenced the referenced table (FOREIGN_KEY)
   * @param cascading a foreign key with ON DELETE/UPDATE CASCADE, SET NULL or SET DEFAULT
   * @param detail the key's elements as written (UNIQUE), or the action (UNSUPPORTED)
   */
  record Ddl(String sql, Kind kind, String table, List<String> columns, String referenced, boolean cascading,
      String detail) {
  }

  private final Options.NewTables newTables;

  CitusRefusalHintRule(Options options) {
    this.newTables = options.newTables();
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter", "create");
  }

  @Override
  public Ddl match(StatementText statement) {
    if (statement.firstWord.equals("create")) {
      return uniqueIndex(statement);
    }
    AlterTable alter = AlterTable.read(statement);
    if (alter == null || alter.actions.size() != 1) {
      return null;
    }
    AlterTable.Action action = alter.actions.get(0);
    Scanner s = new Scanner(action.text());
    s.next();
    if (action.addsConstraint()) {
      s.next();
      if (s.accept("constraint")) {
        s.next();
      }
      if (s.accept("primary")) {
        s.accept("key");
        return unique(statement, alter.table, s);
      }
      if (s.accept("unique")) {
        return unique(statement, alter.table, s);
      }
      if (s.accept("foreign") && s.accept("key")) {
        List<String> columns = columnList(s);
        if (!s.accept("references")) {
          return null;
        }
        String referenced = Names.readQualified(s);
        String rest = action.text().toLowerCase(Locale.ROOT);
        boolean cascading = rest.contains("cascade") || rest.contains("set null") || rest.contains("set default");
        return referenced == null ? null
            : new Ddl(statement.text, Kind.FOREIGN_KEY, alter.table, columns, referenced, cascading, null);
      }
      return null;
    }
    if (!action.startsWith("alter")) {
      return null;
    }
    s.next();
    s.accept("column");
    String column = Names.stored(s);
    if (column == null) {
      return null;
    }
    s.next();
    if (s.isWord("type") || s.isWord("set") && action.text().toLowerCase(Locale.ROOT).contains(" data type ")) {
      return new Ddl(statement.text, Kind.COLUMN_TYPE, alter.table, List.of(column), null, false, null);
    }
    if (s.accept("set") && (s.isWord("statistics") || s.isWord("storage") || s.isWord("compression"))) {
      return new Ddl(statement.text, Kind.UNSUPPORTED, alter.table, List.of(column), null, false, action.text());
    }
    return null;
  }

  /** {@code CREATE UNIQUE INDEX … ON [ONLY] t [USING m] (cols)}. */
  private static Ddl uniqueIndex(StatementText statement) {
    Scanner s = statement.scanner();
    s.next();
    if (!s.accept("unique") || !s.isWord("index")) {
      return null;
    }
    String table = Names.readIndexTable(s);
    if (table == null) {
      return null;
    }
    return unique(statement, table, s);
  }

  /** A key's list, on its parenthesis: its columns, and its elements as written for the hint. */
  private static Ddl unique(StatementText statement, String table, Scanner s) {
    String written = listText(s);
    return new Ddl(statement.text, Kind.UNIQUE, table, columnList(s), null, false, written);
  }

  /** The text inside the parenthesized list the scanner stands on, as written; the scanner does not move. */
  private static String listText(Scanner s) {
    if (!s.isSymbol('(')) {
      return "";
    }
    Scanner inside = new Scanner(s.sql(), s.start(), s.sql().length());
    inside.next();
    inside.next();
    int from = inside.start();
    while (inside.type() != Scanner.Type.END && !(inside.isSymbol(')') && inside.depth() == 0)) {
      inside.next();
    }
    return s.sql().substring(from, inside.type() == Scanner.Type.END ? s.sql().length() : inside.start()).strip();
  }

  /**
   * {@code (a, "B", c)} as stored: the name that starts each element. An index element's operator
   * class, collation and order ({@code status text_pattern_ops}, {@code name COLLATE "C" DESC}) are
   * no columns, and an expression ({@code lower(email)}, {@code (a + b)}) counts as none. Leaves the
   * scanner after the list.
   */
  static List<String> columnList(Scanner s) {
    List<String> columns = new ArrayList<>();
    if (!s.isSymbol('(')) {
      return columns;
    }
    int depth = s.depth();
    String name = null;
    int position = 0;
    for (s.next(); s.type() != Scanner.Type.END && !(s.isSymbol(')') && s.depth() == depth); s.next()) {
      if (s.depth() != depth + 1) {
        continue;
      }
      if (s.isSymbol(',')) {
        addIfName(columns, name);
        name = null;
        position = 0;
        continue;
      }
      if (position == 0) {
        name = s.isIdentifier() ? Names.stored(s) : null;
      } else if (position == 1 && s.isSymbol('(')) {
        name = null;
      }
      position++;
    }
    addIfName(columns, name);
    s.next();
    return columns;
  }

  private static void addIfName(List<String> columns, String name) {
    if (name != null) {
      columns.add(name);
    }
  }

  @Override
  public Plan plan(Ddl ddl, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus()) {
      return null;
    }
    TableFacts table = facts.tableNow(ddl.table());
    String hint = hint(ddl, table, facts);
    return hint == null ? null : Plan.of(withHint(next.plan(ddl.sql()), ddl.sql(), hint + " Statement: " + ddl.sql()));
  }

  private String hint(Ddl ddl, TableFacts table, Facts facts) throws SQLException {
    String t = ddl.table();
    switch (ddl.kind()) {
      case UNIQUE:
        if (!table.isDistributed() || ddl.columns().contains(table.distributionColumn())) {
          return null;
        }
        String key = ddl.detail();
        return "Citus keeps each row of " + t + " on the shard of its distribution column "
            + table.distributionColumn() + ", so a primary key or unique constraint must include it: make it ("
            + table.distributionColumn() + (key.isEmpty() ? "" : ", " + key) + "), or, if " + t + " is small and "
            + "read everywhere, make it a reference table (SELECT undistribute_table('" + t + "'); SELECT "
            + "create_reference_table('" + t + "')), where any key works.";
      case FOREIGN_KEY:
        return foreignKeyHint(ddl, table, facts.tableNow(ddl.referenced()));
      case COLUMN_TYPE:
        if (!table.isDistributed() || !ddl.columns().get(0).equals(table.distributionColumn())) {
          return null;
        }
        return "Citus cannot change the type of " + t + "'s distribution column " + table.distributionColumn()
            + " in place. Make the table local, change the type and distribute it again, in one migration: SELECT "
            + "undistribute_table('" + t + "'); then this statement; then SELECT create_distributed_table('" + t
            + "', '" + table.distributionColumn() + "') (add colocate_with => '<table>' to keep it co-located).";
      default:
        if (!table.isCitusTable()) {
          return null;
        }
        return "Citus does not propagate " + ddl.detail() + " to the shards of " + t + ". Run it on each shard "
            + "with SELECT run_command_on_shards('" + t + "', $cmd$ALTER TABLE %s " + ddl.detail() + "$cmd$), or "
            + "leave it out of the migration.";
    }
  }

  private String foreignKeyHint(Ddl ddl, TableFacts from, TableFacts to) {
    String a = ddl.table();
    String b = ddl.referenced();
    if (from.isDistributed() && to.isDistributed() && from.colocationId() != to.colocationId()) {
      return "Citus keeps foreign keys between distributed tables only when they are co-located (same shard "
          + "count, rows with equal distribution values on the same node): SELECT update_distributed_table_colocation('"
          + a + "', colocate_with => '" + b + "') co-locates them (both must be distributed by a column of the same "
          + "type), or make " + b + " a reference table (SELECT undistribute_table('" + b + "'); SELECT "
          + "create_reference_table('" + b + "')).";
    }
    if (from.isDistributed() && to.isDistributed() && !ddl.columns().contains(from.distributionColumn())) {
      return "Citus keeps a foreign key between co-located distributed tables only when it pairs their "
          + "distribution columns in the same position: make it FOREIGN KEY (" + from.distributionColumn() + ", "
          + String.join(", ", ddl.columns()) + ") REFERENCES " + b + " (" + to.distributionColumn() + ", …), over a "
          + "unique key of " + b + " that starts with " + to.distributionColumn() + ", or make " + b + " a reference "
          + "table (SELECT undistribute_table('" + b + "'); SELECT create_reference_table('" + b + "')).";
    }
    if (from.isDistributed() && to.kind() == TableFacts.Kind.CITUS_LOCAL) {
      return "Citus does not keep a foreign key from the distributed table " + a + " to the Citus-local table " + b
          + ", whose rows stay on the coordinator: make " + b + " a reference table first (SELECT "
          + "create_reference_table('" + b + "')), or distribute it co-located with " + a + ".";
    }
    if (to.isDistributed() && !from.isDistributed()) {
      return "Citus does not keep a foreign key from a " + (from.isReference() ? "reference" : "local") + " table to "
          + "the distributed table " + b + ". Distribute " + a + " co-located with it (SELECT "
          + "create_distributed_table('" + a + "', '<its column referencing " + b + ">', colocate_with => '" + b
          + "')), or make " + b + " a reference table.";
    }
    if (from.isDistributed() && to.kind() == TableFacts.Kind.LOCAL) {
      return "Citus does not keep a foreign key from the distributed table " + a + " to the local table " + b
          + ": make " + b + " a reference table first (SELECT create_reference_table('" + b + "')).";
    }
    if (from.isReference() && (to.kind() == TableFacts.Kind.LOCAL || to.kind() == TableFacts.Kind.CITUS_LOCAL)
        && ddl.cascading()) {
      return "Citus keeps a foreign key from the reference table " + a + " to the "
          + (to.kind() == TableFacts.Kind.LOCAL ? "local" : "Citus-local") + " table " + b + " only "
          + "with NO ACTION or RESTRICT: make " + b + " a reference table first (SELECT create_reference_table('"
          + b + "'))" + (newTables == Options.NewTables.LOCAL ? ", or set citussafe.newTables=reference on the "
              + "migration URL so that tables a migration creates become reference tables right away" : "")
          + ".";
    }
    return null;
  }

  /**
   * The steps with the hint on the user's statement, also inside a transaction of steps and in
   * lock-light steps (whose statement as written, run when the first step fails, keeps it too).
   */
  static List<Step> withHint(List<Step> steps, String sql, String hint) {
    return Step.mapLeaves(steps, step -> {
      if (step instanceof Step.User user) {
        return new Step.User(user.sql(), user.hint() == null ? hint : user.hint());
      }
      if (step instanceof Step.Run run && run.sql().equals(sql)) {
        return new Step.Run(run.sql(), run.hint() == null ? hint : run.hint());
      }
      return step;
    });
  }
}
