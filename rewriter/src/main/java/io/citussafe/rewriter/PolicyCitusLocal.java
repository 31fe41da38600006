package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/**
 * A table that {@code citussafe.newTables=reference} made a reference table, made a Citus-local
 * table instead, in one transaction with the user's statement that needs it: its foreign keys
 * (both ways) dropped, {@code undistribute_table}, {@code citus_add_local_table_to_metadata}, the
 * keys added back, then the statement. Refused when a distributed table references it, or a
 * reference table with a cascading action, since Citus keeps neither with a Citus-local table.
 */
final class PolicyCitusLocal {

  private PolicyCitusLocal() {
  }

  /**
   * @param problem why the table cannot stay a reference table ("Citus would fire the trigger on every copy")
   * @param when when the conversion runs, for the report ("before creating the trigger")
   * @param because why a Citus-local table gives PostgreSQL's result, for the report
   */
  static Plan plan(String table, List<ForeignKeyLink> links, String sql, String problem, String when,
      String because) {
    for (ForeignKeyLink link : links) {
      if (!link.outgoing() && link.other() == TableFacts.Kind.DISTRIBUTED
          || !link.outgoing() && link.other() == TableFacts.Kind.REFERENCE && link.cascading()) {
        return Plan.of(new Step.Fail("citussafe refused this statement: citussafe.newTables=reference made " + table
            + " a reference table, where " + problem + "; citussafe would make it a Citus-local table, but "
            + link.table() + " references it (" + link.name() + ": " + link.definition() + ") and Citus keeps no "
            + "such key " + (link.other() == TableFacts.Kind.DISTRIBUTED ? "from a distributed table" : "with a "
            + "cascading action") + " to a Citus-local table. Drop that key or make it NO ACTION, or distribute "
            + table + " (SELECT undistribute_table('" + table + "'); SELECT create_distributed_table('" + table
            + "', '<column>')), where each row has one placement. Statement: " + sql, SqlState.FEATURE_NOT_SUPPORTED));
      }
    }
    List<Step> steps = new ArrayList<>();
    for (ForeignKeyLink link : links) {
      steps.add(new Step.Run("ALTER TABLE " + link.table() + " DROP CONSTRAINT " + Names.quoted(link.name())));
    }
    steps.add(new Step.Run("SELECT undistribute_table(" + SqlText.quoteLiteral(table) + ")"));
    steps.add(new Step.Run("SELECT citus_add_local_table_to_metadata(" + SqlText.quoteLiteral(table) + ")"));
    for (ForeignKeyLink link : links) {
      steps.add(new Step.Run("ALTER TABLE " + link.table() + " ADD CONSTRAINT " + Names.quoted(link.name()) + " "
          + link.definition()));
    }
    steps.add(new Step.User(sql, null));
    return Plan.of(new Step.Together(steps), new Step.Invalidate(null), new Step.Report("made " + table + " a "
        + "Citus-local table " + when + ", in the same transaction: citussafe.newTables=reference had made it a "
        + "reference table, " + because
        + (links.isEmpty() ? "" : " (its " + links.size() + " foreign key(s) were dropped and added back)")));
  }
}
