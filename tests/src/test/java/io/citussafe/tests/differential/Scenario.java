package io.citussafe.tests.differential;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A generated migration: its steps, whether the migration steps run in one transaction, and the
 * columns whose values legitimately differ between runs (volatile or clock-dependent values),
 * compared only for being non-null.
 *
 * @param name where it came from (seed and index), to run it again
 * @param inTransaction the migration steps run in one transaction, as Flyway and Liquibase do
 * @param newTablesReference the citussafe routes on Citus run with {@code citussafe.newTables=reference}
 * @param volatileColumns {@code table.column} with the names as the catalog spells them
 */
record Scenario(String name, boolean inTransaction, boolean newTablesReference, List<Step> steps,
    Set<String> volatileColumns) {

  Scenario withSteps(List<Step> fewer) {
    return new Scenario(name, inTransaction, newTablesReference, List.copyOf(fewer), volatileColumns);
  }

  List<Step> migrationSteps() {
    return steps.stream().filter(s -> s.phase() == Step.Phase.MIGRATION).toList();
  }

  /** The steps as a script someone can paste into psql, with the mode on top. */
  String script() {
    String header = "-- " + name + (inTransaction ? ", migration in one transaction" : ", autocommit")
        + (newTablesReference ? ", citussafe.newTables=reference" : "") + "\n";
    String setup = steps.stream().filter(s -> s.phase() != Step.Phase.MIGRATION).map(s -> s + ";\n")
        .collect(Collectors.joining());
    String migration = migrationSteps().stream().map(s -> s + ";\n").collect(Collectors.joining());
    return header + setup + "-- the migration\n" + migration;
  }
}
