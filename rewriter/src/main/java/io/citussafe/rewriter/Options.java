package io.citussafe.rewriter;

/**
 * The settings that change what the rules do; fixed per {@link Rewriter}.
 *
 * @param bulkUpdate how UPDATE/DELETE that Citus rejects run
 * @param backfillBatchRows above 0, every UPDATE is looked at so that large ones run in batches
 * @param failOnMissingCitus on plain PostgreSQL, fail Citus-only calls instead of skipping them
 * @param newTables what happens to tables a migration creates on Citus
 * @param lockLightMinRows estimated rows from which constraint DDL runs in lock-light steps in
 *     autocommit (0: always)
 */
public record Options(BulkUpdate bulkUpdate, long backfillBatchRows, boolean failOnMissingCitus,
    NewTables newTables, long lockLightMinRows) {

  public enum BulkUpdate {
    ATOMIC, PER_SHARD, OFF
  }

  /** Designed to take a later {@code distributed} policy (by a named column, co-located) without renaming. */
  public enum NewTables {
    LOCAL, REFERENCE
  }

  public static final Options DEFAULTS = new Options(BulkUpdate.ATOMIC, 0, false, NewTables.LOCAL, 100_000);
}
