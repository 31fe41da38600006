package io.citussafe.tests.differential;

import java.util.List;
import java.util.Map;

/**
 * What one route made of a scenario.
 *
 * @param outcomes per migration step (then the commit, in a transaction): {@code ok <count>},
 *     {@code ok rows [...]}, {@code error <SQLSTATE class>} or {@code not run}
 * @param messages per migration step, the error message or warnings text (empty when none)
 * @param snapshot the schema and rows afterwards, by section
 * @param placementProblems on Citus, placements that differ from their table or from each other
 * @param placementStep the migration statement after which those problems first showed, or -1
 *     when they showed at the end (a migration in one transaction is checked once, after it)
 * @param setupFailure the setup statement that failed and why, or null
 */
record Run(List<String> outcomes, List<String> messages, Map<String, List<String>> snapshot,
    List<String> placementProblems, int placementStep, String setupFailure) {}
