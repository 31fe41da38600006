package io.citussafe.driver;

import io.citussafe.rewriter.DmlStatement;
import java.util.List;

/**
 * What the driver does with one UPDATE, DELETE or upsert on one cluster.
 *
 * @param action what to run
 * @param statement the analysed statement
 * @param sql the text to run for {@link Action#ATOMIC} and {@link Action#UPSERT_TIMESTAMPS}
 *     (with {@code ?} placeholders), else the statement as written
 * @param appendedParameters for {@link Action#UPSERT_TIMESTAMPS}: the expressions whose values
 *     are bound after the user's parameters
 * @param table the table's key and shard facts, null when the table is not a Citus table
 * @param hashDistributed a hash-distributed table (per-shard mode never runs on reference
 *     tables: run_command_on_shards would update one of their copies only)
 * @param why for {@link Action#ATOMIC}, {@link Action#UPSERT_TIMESTAMPS} and {@link Action#REFUSED}:
 *     the Citus rule the statement breaks; for REFUSED also why it cannot be rewritten
 */
record DmlDecision(Action action, DmlStatement statement, String sql, List<String> appendedParameters,
    DmlTable table, boolean hashDistributed, String why) {

  enum Action {
    /** Citus accepts it, or it is not on a Citus table: run it as written. */
    AS_WRITTEN,
    /** Rewrite into the materialized-CTE form that computes new values on the coordinator. */
    ATOMIC,
    /** Bind the DO UPDATE timestamps as parameters computed in the same transaction. */
    UPSERT_TIMESTAMPS,
    /** Citus rejects it and no faithful rewrite exists: run it, and explain Citus's error. */
    REFUSED
  }

  static DmlDecision asWritten(DmlStatement statement, DmlTable table, boolean hashDistributed) {
    return new DmlDecision(Action.AS_WRITTEN, statement, statement.sql(), List.of(), table, hashDistributed, null);
  }
}
