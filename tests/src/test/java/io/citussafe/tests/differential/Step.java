package io.citussafe.tests.differential;

import java.util.List;

/**
 * One statement of a generated sequence. {@code @s} in the text stands for the schema of the run,
 * so the same sequence can run in a fresh schema on every route.
 *
 * @param phase who runs it and whether its outcome is compared
 * @param sql the statement, with {@code @s} for the schema
 * @param parameters values bound to {@code ?} placeholders; empty for a plain statement
 */
record Step(Phase phase, String sql, List<Object> parameters) {

  enum Phase {
    /** Run before the migration by the harness through pgjdbc, on every route; not compared. */
    SETUP,
    /** Run by the harness through pgjdbc only on Citus (distributing a table); not compared. */
    CITUS_SETUP,
    /** Run through the route's driver; its outcome is compared. */
    MIGRATION
  }

  static Step setup(String sql) {
    return new Step(Phase.SETUP, sql, List.of());
  }

  static Step citusSetup(String sql) {
    return new Step(Phase.CITUS_SETUP, sql, List.of());
  }

  static Step migration(String sql, Object... parameters) {
    return new Step(Phase.MIGRATION, sql, List.of(parameters));
  }

  String sqlIn(String schema) {
    return sql.replace("@s", schema);
  }

  @Override
  public String toString() {
    String text = sql + (parameters.isEmpty() ? "" : "  -- parameters " + parameters);
    return switch (phase) {
      case SETUP -> text;
      case CITUS_SETUP -> text + "  -- on Citus only";
      case MIGRATION -> text;
    };
  }
}
