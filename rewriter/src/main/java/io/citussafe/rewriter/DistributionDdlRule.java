package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Later migrations keep the layout of {@code citussafe.distributionColumn} (see
 * {@link DistributionGraphRule}), on Citus:
 *
 * <ul>
 *   <li>{@code CREATE TABLE} of a table holding the column once the layout exists (it references a
 *       distributed table, or a table of its schema is distributed by the column): created without
 *       its foreign keys, then
 *       distributed by the column (as the layout distributes, so its keys get the column first),
 *       then the keys added, in one transaction; tables without the column follow
 *       {@code citussafe.newTables};
 *   <li>{@code ADD PRIMARY KEY}, {@code ADD UNIQUE} and {@code CREATE UNIQUE INDEX} on a table
 *       distributed by the column get it as their first column;
 *   <li>{@code ADD FOREIGN KEY (x) REFERENCES p (id)} between tables distributed by the column gets
 *       it on both sides; from a plain table holding the column to a distributed one, the table is
 *       distributed first (a local table's key to a distributed table is not enforced on delete).
 * </ul>
 */
final class DistributionDdlRule implements Rule<DistributionDdlRule.Ddl> {

  enum Kind {
    CREATE_TABLE, UNIQUE, FOREIGN_KEY
  }

  /**
   * @param columns the key's columns as stored (UNIQUE, FOREIGN_KEY)
   * @param listStart the offset in {@code sql} just past the key's opening parenthesis (UNIQUE)
   * @param unnamedAt where an ADD of a constraint without a name starts its kind ({@code UNIQUE …}),
   *     else -1: the widened key gets the name PostgreSQL would have given the key as written
   * @param referenced the tables a created table references (CREATE_TABLE)
   */
  record Ddl(String sql, Kind kind, String table, boolean ifNotExists, List<String> columns, int listStart,
      int unnamedAt, List<String> referenced) {
  }

  private final String column;

  DistributionDdlRule(Options options) {
    this.column = options.distributionColumn();
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter", "create");
  }

  @Override
  public Ddl match(StatementText statement) {
    if (column == null) {
      return null;
    }
    if (statement.firstWord.equals("alter")) {
      return alter(statement);
    }
    Scanner s = statement.scanner();
    s.next();
    if (s.accept("unique")) {
      return uniqueIndex(statement.text, s);
    }
    s.accept("unlogged");
    if (!s.accept("table") || SessionFlags.mentionsMigrationTool(statement.text)) {
      return null;
    }
    boolean ifNotExists = Names.acceptIfNotExists(s);
    String table = Names.readQualified(s);
    SchemaChange created = SchemaChangeReader.read(statement.text);
    if (table == null || !s.isSymbol('(') || created.partitionOf() != null || created.createdWithRows()) {
      return null;
    }
    List<String> referenced = new ArrayList<>();
    boolean holds = false;
    for (SchemaChange.Column c : created.columns()) {
      holds |= c.name().equals(column);
      for (SchemaChange.Constraint k : c.constraints()) {
        if (k.references() != null) {
          referenced.add(k.references().table());
        }
      }
    }
    for (SchemaChange.Constraint k : created.constraints()) {
      if (k.references() != null) {
        referenced.add(k.references().table());
      }
    }
    return holds ? new Ddl(statement.text, Kind.CREATE_TABLE, table, ifNotExists, List.of(), -1, -1,
        List.copyOf(referenced)) : null;
  }

  /** {@code CREATE UNIQUE INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON [ONLY] t [USING m] (…)}. */
  private static Ddl uniqueIndex(String sql, Scanner s) {
    if (!s.isWord("index")) {
      return null;
    }
    String table = Names.readIndexTable(s);
    if (table == null) {
      return null;
    }
    int listStart = s.isSymbol('(') ? s.end() : -1;
    List<String> columns = CitusRefusalHintRule.columnList(s);
    return listStart < 0 ? null : new Ddl(sql, Kind.UNIQUE, table, false, columns, listStart, -1, List.of());
  }

  /** {@code ALTER TABLE t ADD [CONSTRAINT n] PRIMARY KEY|UNIQUE|FOREIGN KEY (…)}, alone. */
  private static Ddl alter(StatementText statement) {
    AlterTable alter = AlterTable.read(statement);
    if (alter == null || alter.actions.size() != 1 || !alter.actions.get(0).addsConstraint()) {
      return null;
    }
    String action = alter.actions.get(0).text();
    int offset = statement.text.lastIndexOf(action);
    Scanner s = new Scanner(statement.text, offset, statement.text.length());
    s.next();
    s.next();
    boolean named = s.accept("constraint");
    if (named) {
      s.next();
    }
    int kindAt = s.start();
    boolean foreign = s.isWord("foreign");
    boolean primary = s.isWord("primary");
    if (!s.accept("primary") && !s.accept("unique") && !s.accept("foreign")) {
      return null;
    }
    s.accept("key");
    int listStart = s.isSymbol('(') ? s.end() : -1;
    List<String> columns = CitusRefusalHintRule.columnList(s);
    return listStart < 0 ? null : new Ddl(statement.text, foreign ? Kind.FOREIGN_KEY : Kind.UNIQUE, alter.table,
        false, columns, listStart, named || primary ? -1 : kindAt, List.of());
  }

  @Override
  public Plan plan(Ddl ddl, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus()) {
      return null;
    }
    TableFacts table = facts.tableNow(ddl.table());
    switch (ddl.kind()) {
      case CREATE_TABLE:
        return ddl.ifNotExists() && table.exists() || !layoutExists(ddl, facts) ? null : created(ddl);
      case UNIQUE:
        if (!byColumn(table) || ddl.columns().contains(column)) {
          return null;
        }
        String widened = named(ddl, "key", ddl.sql().substring(0, ddl.listStart()) + Names.quoted(column) + ", "
            + ddl.sql().substring(ddl.listStart()));
        return withReport(next.plan(widened), "citussafe.distributionColumn: " + ddl.table() + " is distributed by "
            + column + ", so the key gets it first (Citus keeps a unique key only when it holds the distribution "
            + "column): ran " + widened);
      default:
        return foreignKey(ddl, table, facts, next);
    }
  }

  /**
   * The layout exists: the new table references a distributed table, or it references no table
   * Citus keeps on the coordinator (a distributed table's key to one is refused) and a table of its
   * schema is distributed by the column. Before the layout, as when a history runs from its start,
   * tables stay local until the adoption call lays them out together.
   */
  private boolean layoutExists(Ddl ddl, Facts facts) throws SQLException {
    boolean referencesLocal = false;
    for (String name : ddl.referenced()) {
      TableFacts referenced = facts.tableNow(name);
      if (referenced.isDistributed()) {
        return true;
      }
      // the table itself (a key to its own rows) does not exist yet
      referencesLocal |= referenced.exists() && !referenced.isReference();
    }
    String schema = Names.qualifier(ddl.table());
    return !referencesLocal && facts.distributedIn(schema.isEmpty() ? "" : schema.substring(0, schema.length() - 1),
        column);
  }

  private Plan created(Ddl ddl) {
    ForeignKeyClauses keys = ForeignKeyClauses.of(ddl.sql(), ddl.table());
    List<Step> together = new ArrayList<>();
    together.add(new Step.User(TimeKeywords.functionForms(keys == null ? ddl.sql() : keys.createTable()), null));
    together.add(new Step.Deferred("SELECT create_distributed_table(" + SqlText.quoteLiteral(ddl.table()) + ", "
        + SqlText.quoteLiteral(column) + ")"));
    for (String key : keys == null ? List.<String>of() : keys.addedAfter()) {
      together.add(new Step.Deferred(key));
    }
    // last, so that no generated statement's results become the caller's
    together.add(new Step.Report("citussafe.distributionColumn: " + ddl.table() + " holds " + column + ", so it was "
        + "distributed by it right after its creation, in the same transaction, co-located with the tables "
        + "distributed by it" + (keys == null ? "" : "; its foreign keys were added after, as "
            + String.join("; ", keys.addedAfter()))
        + (TimeKeywords.present(ddl.sql()) ? "; " + TimeKeywords.why(ddl.table()) : "")));
    return Plan.of(new Step.Together(together), new Step.Invalidate(ddl.table()));
  }

  private Plan foreignKey(Ddl ddl, TableFacts holder, Facts facts, Next next) throws SQLException {
    ForeignKeyDefinition key = readKey(ddl);
    if (key == null || key.columns().contains(column)) {
      return null;
    }
    TableFacts parent = facts.tableNow(key.referenced());
    if (holder.kind() == TableFacts.Kind.LOCAL && parent.isDistributed()) {
      TableKeys keys = facts.keys(ddl.table());
      if (keys == null || !keys.has(column)) {
        return null;
      }
      return Plan.of(new Step.Together(List.of(new Step.Deferred("SELECT create_distributed_table("
          + SqlText.quoteLiteral(ddl.table()) + ", " + SqlText.quoteLiteral(column) + ")"),
          new Step.Deferred(ddl.sql()), new Step.Report("citussafe.distributionColumn: distributed " + ddl.table()
              + " by " + column + " before adding the foreign key to the distributed table " + key.referenced()
              + ", which Citus would not enforce from a local table"))), new Step.Invalidate(null));
    }
    if (!byColumn(holder) || !byColumn(parent) || holder.colocationId() != parent.colocationId()) {
      return null;
    }
    List<String> referenced = key.referencedColumns().isEmpty()
        ? withoutColumn(facts.columns(key.referenced()).rowKey()) : key.referencedColumns();
    String definition = new ForeignKeyDefinition(key.columns(), key.referenced(), referenced, key.tail())
        .withFirst(column, column);
    ForeignKeyDefinition widened = ForeignKeyDefinition.parse(definition);
    String refused = widened.actionRefusedOnDistributionColumn();
    if (refused != null) {
      return Plan.of(new Step.Fail("citussafe: " + ddl.table() + " and " + key.referenced() + " are distributed by "
          + column + ", so this foreign key must hold it, and Citus refuses " + refused + " on such a key (it would "
          + "change " + column + "): use NO ACTION, RESTRICT" + (refused.startsWith("ON DELETE") ? " or CASCADE" : "")
          + ". Statement: " + ddl.sql(), SqlState.FEATURE_NOT_SUPPORTED));
    }
    int foreign = ddl.sql().toLowerCase(java.util.Locale.ROOT).lastIndexOf("foreign", ddl.listStart());
    String sql = named(ddl, "fkey", ddl.sql().substring(0, foreign) + definition);
    return withReport(next.plan(sql), "citussafe.distributionColumn: " + ddl.table() + " and " + key.referenced()
        + " are distributed by " + column + " and co-located, so the foreign key holds it on both sides: ran " + sql);
  }

  /** The foreign key the statement adds, read from its text after {@code FOREIGN}. */
  private static ForeignKeyDefinition readKey(Ddl ddl) {
    int foreign = ddl.sql().toLowerCase(java.util.Locale.ROOT).lastIndexOf("foreign", ddl.listStart());
    String text = ddl.sql().substring(foreign).strip();
    ForeignKeyDefinition key = ForeignKeyDefinition.parse(text);
    if (key != null) {
      return key;
    }
    // REFERENCES p without columns: the referenced table's primary key
    Scanner s = new Scanner(text);
    s.next();
    s.next();
    s.next();
    List<String> columns = CitusRefusalHintRule.columnList(s);
    if (!s.accept("references")) {
      return null;
    }
    String referenced = Names.readQualified(s);
    if (referenced == null || s.isSymbol('(') || columns.isEmpty()) {
      return null;
    }
    return new ForeignKeyDefinition(columns, referenced, List.of(),
        s.type() == Scanner.Type.END ? "" : text.substring(s.start()).strip());
  }

  /** The rewritten text with the name PostgreSQL would have given the key as written, when it had none. */
  private static String named(Ddl ddl, String label, String rewritten) {
    if (ddl.unnamedAt() < 0) {
      return rewritten;
    }
    return rewritten.substring(0, ddl.unnamedAt()) + "CONSTRAINT " + Names.defaultName(Names.lastPart(ddl.table()),
        Names.nameAddition(ddl.columns()), label) + " " + rewritten.substring(ddl.unnamedAt());
  }

  private List<String> withoutColumn(List<String> key) {
    List<String> out = new ArrayList<>(key);
    out.remove(column);
    return out;
  }

  private boolean byColumn(TableFacts table) {
    return table.isDistributed() && column.equals(table.distributionColumn());
  }

  private static Plan withReport(List<Step> steps, String report) {
    List<Step> out = new ArrayList<>(steps);
    out.add(new Step.Report(report));
    return Plan.of(out);
  }
}
