package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table that {@code citussafe.newTables=reference} made a reference table, made a Citus-local
 * table instead, in one transaction with the user's statement that needs it: the foreign keys of
 * the tables converted dropped (both ways), {@code undistribute_table},
 * {@code citus_add_local_table_to_metadata}, the keys added back, then the statement. Citus keeps
 * no key with a cascading action from a reference table to a Citus-local one, so a table the
 * policy made that references a converted table with such an action is converted too, and so on.
 * Refused when a distributed table references a converted table, or a reference table the user
 * made does with a cascading action.
 */
final class PolicyCitusLocal {

  /** Left on the row type of a table the newTables policy made a reference table. */
  static final String MARK = "citussafe: made a reference table by citussafe.newTables=reference";

  private PolicyCitusLocal() {
  }

  /** {@code table}, whose facts now are {@code now}, is a reference table the newTables policy made. */
  static boolean madeByPolicy(Facts facts, String table, TableFacts now) throws SQLException {
    return now.isReference() && MARK.equals(facts.rowTypeComment(table));
  }

  /**
   * @param problem why the table cannot stay a reference table ("Citus would fire the trigger on every copy")
   * @param when when the conversion runs, for the report ("before creating the trigger")
   * @param because why a Citus-local table gives PostgreSQL's result, for the report
   */
  static Plan plan(String table, Facts facts, String sql, String problem, String when, String because)
      throws SQLException {
    Set<String> tables = new LinkedHashSet<>();
    Map<String, ForeignKeyLink> keys = new LinkedHashMap<>();
    Deque<String> pending = new ArrayDeque<>(List.of(table));
    while (!pending.isEmpty()) {
      String t = pending.poll();
      if (!tables.add(t)) {
        continue;
      }
      for (ForeignKeyLink link : facts.foreignKeyLinks(t)) {
        keys.putIfAbsent(link.table() + "\u0000" + link.name(), link);
        boolean blocks = !link.outgoing() && (link.other() == TableFacts.Kind.DISTRIBUTED
            || link.other() == TableFacts.Kind.REFERENCE && link.cascading());
        if (blocks && link.other() == TableFacts.Kind.REFERENCE && MARK.equals(facts.rowTypeComment(link.table()))) {
          pending.add(link.table());
        } else if (blocks) {
          return refused(t, link, table, problem, sql);
        }
      }
    }
    List<Step> steps = new ArrayList<>();
    for (ForeignKeyLink link : keys.values()) {
      steps.add(new Step.Run("ALTER TABLE " + link.table() + " DROP CONSTRAINT " + Names.quoted(link.name())));
    }
    for (String t : tables) {
      steps.add(new Step.Run("SELECT undistribute_table(" + SqlText.quoteLiteral(t) + ")"));
    }
    for (String t : tables) {
      steps.add(new Step.Run("SELECT citus_add_local_table_to_metadata(" + SqlText.quoteLiteral(t) + ")"));
    }
    for (ForeignKeyLink link : keys.values()) {
      steps.add(new Step.Run("ALTER TABLE " + link.table() + " ADD CONSTRAINT " + Names.quoted(link.name()) + " "
          + link.definition()));
    }
    steps.add(new Step.User(sql, null));
    String others = tables.size() == 1 ? "" : " (with " + String.join(", ", new ArrayList<>(tables).subList(1,
        tables.size())) + ", which the policy had made reference tables too and which reference it with a "
        + "cascading action that Citus keeps only between Citus-local tables)";
    return Plan.of(new Step.Together(steps), new Step.Invalidate(null), new Step.Report("made " + table + " a "
        + "Citus-local table" + others + " " + when + ", in the same transaction: citussafe.newTables=reference had "
        + "made it a reference table, " + because
        + (keys.isEmpty() ? "" : " (" + keys.size() + " foreign key(s) were dropped and added back)")));
  }

  private static Plan refused(String converted, ForeignKeyLink link, String table, String problem, String sql) {
    return Plan.of(new Step.Fail("citussafe refused this statement: citussafe.newTables=reference made " + table
        + " a reference table, where " + problem + "; citussafe would make " + (converted.equals(table) ? "it"
        : "it and " + converted) + " Citus-local tables, but " + link.table() + " references " + converted + " ("
        + link.name() + ": " + link.definition() + ") and Citus keeps no such key "
        + (link.other() == TableFacts.Kind.DISTRIBUTED ? "from a distributed table" : "with a cascading action from a "
        + "reference table") + " to a Citus-local table. Drop that key or make it NO ACTION, or distribute " + table
        + " (SELECT undistribute_table('" + table + "'); SELECT create_distributed_table('" + table + "', "
        + "'<column>')), where each row has one placement. Statement: " + sql, SqlState.FEATURE_NOT_SUPPORTED));
  }
}
