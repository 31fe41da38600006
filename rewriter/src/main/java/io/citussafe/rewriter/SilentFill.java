package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The UPDATE that fills an added column's rows from the coordinator, with the table's triggers
 * switched off around it. PostgreSQL fills the rows of {@code ADD COLUMN} (a default, serial,
 * identity) and of a {@code USING} conversion without firing any trigger; an UPDATE fires the
 * table's {@code UPDATE} triggers (one that upper-cases a label would change every label). The
 * enabled user triggers are switched off before the fill and back on as they were after it, in the
 * same transaction. Citus lets a distributed or reference table's triggers change only with
 * {@code citus.enable_unsafe_triggers}, which citussafe never sets: there the triggers stay on unless
 * the session has it on already, and the warning names the triggers the fill fired.
 *
 * @param steps the fill, between the switches when there are any
 * @param warning empty, or a clause for the rule's warning naming the triggers the fill fired
 */
record SilentFill(List<Step> steps, String warning) {

  private static final String UNSAFE_TRIGGERS = "citus.enable_unsafe_triggers";

  static SilentFill around(String table, Facts facts, List<Step> fill) throws SQLException {
    TriggerSwitches triggers = facts.enabledTriggers(table);
    if (triggers.isEmpty()) {
      return new SilentFill(fill, "");
    }
    if (!switchable(table, facts)) {
      return new SilentFill(fill, "; the UPDATE that filled the rows fired the triggers " + String.join(", ",
          triggers.names()) + ", which PostgreSQL's ADD COLUMN does not fire (Citus lets the triggers of " + table
          + " be switched off only with " + UNSAFE_TRIGGERS + " on)");
    }
    List<Step> steps = new ArrayList<>();
    triggers.off().forEach(sql -> steps.add(new Step.Run(sql)));
    steps.addAll(fill);
    triggers.on().forEach(sql -> steps.add(new Step.Run(sql)));
    return new SilentFill(steps, "");
  }

  private static boolean switchable(String table, Facts facts) throws SQLException {
    TableFacts.Kind kind = facts.tableNow(table).kind();
    if (kind != TableFacts.Kind.DISTRIBUTED && kind != TableFacts.Kind.REFERENCE) {
      return true;
    }
    Map<String, String> unsafe = facts.settings(List.of(UNSAFE_TRIGGERS));
    return "on".equals(unsafe.get(UNSAFE_TRIGGERS));
  }
}
