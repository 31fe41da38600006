package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The policy for tables a migration creates, {@code citussafe.newTables} (issue 11, item 6). With
 * {@code reference}, on Citus, a table made by {@code CREATE TABLE} (also {@code … AS} and
 * {@code … LIKE}) becomes a reference table right after its creation, in the same transaction,
 * before the next statement: real histories add foreign keys from existing reference tables to
 * new tables, which Citus refuses while the new table is local. Temporary tables, partitions,
 * and the history tables of Flyway and Liquibase stay as created; a partitioned table stays local
 * (Citus cannot make one a reference table) and the warning says so. With {@code local} (the
 * default) nothing changes.
 */
final class NewTablesRule implements Rule<NewTablesRule.Created> {

  /**
   * @param populated {@code CREATE TABLE … AS}: the rows copied into the shards stay in the
   *     coordinator's heap and are removed after
   */
  record Created(String sql, String table, boolean ifNotExists, boolean populated, boolean partitioned) {
  }

  private final boolean reference;

  NewTablesRule(Options options) {
    this.reference = options.newTables() == Options.NewTables.REFERENCE;
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("create");
  }

  @Override
  public Created match(StatementText statement) {
    if (!reference || SessionFlags.mentionsMigrationTool(statement.text)) {
      return null;
    }
    Scanner s = statement.scanner();
    s.next();
    s.accept("unlogged");
    if (!s.accept("table")) {
      return null;
    }
    boolean ifNotExists = false;
    if (s.isWord("if")) {
      s.next();
      s.accept("not");
      ifNotExists = s.accept("exists");
    }
    String table = Names.readQualified(s);
    if (table == null) {
      return null;
    }
    boolean populated = false;
    boolean partitioned = false;
    boolean previousPartition = false;
    for (; s.type() != Scanner.Type.END; s.next()) {
      if (s.depth() > 0) {
        continue;
      }
      if (previousPartition && s.isWord("of")) {
        return null;
      }
      partitioned |= previousPartition && s.isWord("by");
      populated |= s.isWord("as") && !partitioned;
      previousPartition = s.isWord("partition");
    }
    return new Created(statement.text, table, ifNotExists, populated, partitioned);
  }

  @Override
  public Plan plan(Created created, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus() || created.ifNotExists() && facts.tableNow(created.table()).exists()) {
      return null;
    }
    String table = created.table();
    if (created.partitioned()) {
      return Plan.of(new Step.User(created.sql(), null), new Step.Report(table + " stays a local table although "
          + "citussafe.newTables=reference: Citus cannot make a partitioned table a reference table; distribute it "
          + "with create_distributed_table if it needs to be on the workers"));
    }
    List<Step> together = new ArrayList<>();
    together.add(new Step.User(created.sql(), null));
    together.add(new Step.Run("SELECT create_reference_table(" + SqlText.quoteLiteral(table) + ")"));
    if (created.populated()) {
      together.add(StaleRows.truncate(table));
    }
    return Plan.of(new Step.Together(together), new Step.Invalidate(table), new Step.Report("made " + table
        + " a reference table right after creating it (citussafe.newTables=reference), in the same transaction"));
  }
}
