package io.citussafe.rewriter;

/**
 * The settings that change what the rules do; fixed per {@link Rewriter}.
 *
 * @param bulkUpdate how UPDATE/DELETE that Citus rejects run
 * @param backfillBatchRows above 0, every UPDATE is looked at so that large ones run in batches
 * @param failOnMissingCitus on plain PostgreSQL, fail Citus-only calls instead of skipping them
 */
public record Options(BulkUpdate bulkUpdate, long backfillBatchRows, boolean failOnMissingCitus) {

  public enum BulkUpdate {
    ATOMIC, PER_SHARD, OFF
  }

  public static final Options DEFAULTS = new Options(BulkUpdate.ATOMIC, 0, false);
}
