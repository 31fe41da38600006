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
 * @param distributionColumn the column (as stored) by which tables holding it are distributed,
 *     co-located, across their foreign keys ({@code citussafe.distributionColumn}); null when unset
 */
public record Options(BulkUpdate bulkUpdate, long backfillBatchRows, boolean failOnMissingCitus,
    NewTables newTables, long lockLightMinRows, String distributionColumn) {

  public Options(BulkUpdate bulkUpdate, long backfillBatchRows, boolean failOnMissingCitus, NewTables newTables,
      long lockLightMinRows) {
    this(bulkUpdate, backfillBatchRows, failOnMissingCitus, newTables, lockLightMinRows, null);
  }

  /** These options with {@code citussafe.distributionColumn} set to {@code column} (as stored), or unset by null. */
  public Options withDistributionColumn(String column) {
    return new Options(bulkUpdate, backfillBatchRows, failOnMissingCitus, newTables, lockLightMinRows, column);
  }

  public enum BulkUpdate {
    ATOMIC, PER_SHARD, OFF
  }

  /** Designed to take a later {@code distributed} policy (by a named column, co-located) without renaming. */
  public enum NewTables {
    LOCAL, REFERENCE
  }

  public static final Options DEFAULTS = new Options(BulkUpdate.ATOMIC, 0, false, NewTables.LOCAL, 100_000);
}
