package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * R2 — DDL that scans the heap never reads stale rows. {@code SET NOT NULL}, {@code CHECK},
 * {@code PRIMARY KEY}, {@code UNIQUE}, {@code VALIDATE CONSTRAINT}, a column type change and
 * {@code CREATE [UNIQUE] INDEX} scan the coordinator's heap of a distributed or reference table,
 * which still holds the rows it had when it was distributed (by another tool, or by plain pgjdbc).
 * The heaps of the whole partition tree are read afresh, and emptied first when they hold bytes.
 */
final class StaleHeapRule implements Rule<StaleHeapRule.Ddl> {

  /** A heap-scanning statement on {@code table} (regclass syntax). */
  record Ddl(String sql, String table) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter", "create");
  }

  @Override
  public Ddl match(StatementText statement) {
    Scanner s = statement.scanner();
    s.next();
    String table = statement.firstWord.equals("alter") ? (s.isWord("table") ? heapScanningAlter(s) : null)
        : indexedTable(s);
    return table == null ? null : new Ddl(statement.text, table);
  }

  @Override
  public Plan plan(Ddl ddl, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus()) {
      return null;
    }
    TableFacts table = facts.tableNow(ddl.table());
    if (!table.hasStaleRows()) {
      return null;
    }
    Step refusal = StaleRows.refusal(ddl.table(), ddl.sql(), facts);
    if (refusal != null) {
      return Plan.of(refusal);
    }
    List<Step> steps = new ArrayList<>();
    steps.add(StaleRows.truncate(ddl.table()));
    steps.add(new Step.Invalidate(ddl.table()));
    steps.add(new Step.Report("removed the stale coordinator rows of " + ddl.table() + " ("
        + table.describeHeaps() + "; truncate_local_data_after_distributing_table, shards untouched) "
        + "before running the statement, which would otherwise read them"));
    steps.addAll(next.plan(ddl.sql()));
    return Plan.of(steps);
  }

  /**
   * {@code ALTER TABLE [IF EXISTS] [ONLY] name [*] action [, …]}: the table when any top-level
   * action adds {@code NOT NULL}, {@code CHECK}, {@code PRIMARY KEY}, {@code UNIQUE}, validates a
   * constraint or changes a column type. A false positive is not free: the cleanup it triggers
   * fails when a local table references the table, so the common unreserved words are read in
   * context ({@code TYPE} is often a column name, {@code DROP NOT NULL} needs no scan).
   */
  private static String heapScanningAlter(Scanner s) {
    String table = Names.readAlteredTable(s);
    if (table == null) {
      return null;
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
        return table;
      }
      dropNot = previousWasDrop;
      previousWasNot = s.isWord("not");
      previousWasDrop = s.isWord("drop");
      previousWasData = s.isWord("data");
      alterColumn = s.isWord("alter") ? 1 : alterColumn == 1 ? (s.isWord("column") ? 1 : 2) : 0;
    }
    return null;
  }

  /** {@code CREATE [UNIQUE] INDEX … ON [ONLY] table}: the table; any other CREATE gives null. */
  private static String indexedTable(Scanner s) {
    s.accept("unique");
    return s.isWord("index") ? Names.readIndexedTable(s) : null;
  }
}
