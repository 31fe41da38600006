package io.citussafe.rewriter;

import java.util.List;

/**
 * How to run an UPDATE, DELETE or upsert on a distributed or reference table (the payload of
 * {@link Step.Dml}). The rewrite to run in a transaction is decided here; the driver may instead
 * run the statement per shard or in batches when the session is in autocommit and the settings
 * ask for it, with the texts this class builds.
 */
public final class DmlPlan {

  public enum Action {
    /** Citus accepts the statement; it is planned only so that large UPDATEs can run in batches. */
    AS_WRITTEN,
    /** {@link #sql()} computes what Citus rejects once, on the coordinator, in a materialized CTE. */
    REWRITTEN,
    /** {@link #sql()} binds the DO UPDATE timestamps as parameters read in the same transaction. */
    UPSERT_TIMESTAMPS
  }

  private final DmlStatement statement;
  private final Action action;
  private final DmlRewrite rewrite;
  private final ColumnFacts columns;
  private final boolean hashDistributed;
  private final Rejections rejections;
  private final String why;

  DmlPlan(DmlStatement statement, Action action, DmlRewrite rewrite, ColumnFacts columns, boolean hashDistributed,
      Rejections rejections, String why) {
    this.statement = statement;
    this.action = action;
    this.rewrite = rewrite;
    this.columns = columns;
    this.hashDistributed = hashDistributed;
    this.rejections = rejections;
    this.why = why;
  }

  public Action action() {
    return action;
  }

  /** The statement as the user wrote it. */
  public String originalSql() {
    return statement.sql();
  }

  /** The target table as written (regclass syntax). */
  public String table() {
    return statement.table();
  }

  /** The text to run (with {@code ?} placeholders): the rewrite, or the original. */
  public String sql() {
    return rewrite == null ? statement.sql() : rewrite.sql();
  }

  /**
   * For each {@code ?} of {@link #sql()}, in order, the user's parameter it takes (1-based); the
   * rewrite may repeat one. For {@link Action#UPSERT_TIMESTAMPS} the placeholders after these are
   * the timestamps'.
   */
  public int[] parameterMap() {
    if (rewrite != null) {
      return rewrite.parameterMap();
    }
    int[] identity = new int[userParameterCount()];
    for (int i = 0; i < identity.length; i++) {
      identity[i] = i + 1;
    }
    return identity;
  }

  /** How many {@code ?} the user's statement has. */
  public int userParameterCount() {
    return statement.parameterCount();
  }

  /** For {@link Action#UPSERT_TIMESTAMPS}: the expressions whose values are bound after the user's parameters. */
  public List<String> timestampExpressions() {
    return rewrite == null ? List.of() : rewrite.appendedParameters();
  }

  /** The Citus rule the statement breaks as written, in Citus's words; null for {@link Action#AS_WRITTEN}. */
  public String why() {
    return why;
  }

  /** What differs from PostgreSQL under concurrent writers, or null when nothing does. */
  public String differences() {
    return rewrite == null ? null : rewrite.differences();
  }

  public ColumnFacts columns() {
    return columns;
  }

  /**
   * Whether the statement may run per shard: a hash-distributed table whose shards have one
   * placement each (run_command_on_shards updates one placement; a reference table or a
   * statement-replicated table has several), and not an upsert.
   */
  public boolean perShardAllowed() {
    return hashDistributed && columns.placementsPerShard() <= 1 && action != Action.UPSERT_TIMESTAMPS;
  }

  /** Whether the statement can run in key-ordered batches: an UPDATE without RETURNING of a keyed table. */
  public boolean batchable() {
    return statement.kind() == DmlShape.Kind.UPDATE && !statement.hasReturning() && hashDistributed
        && !columns.rowKey().isEmpty();
  }

  /** The statement for {@code run_command_on_shards}, with the parameters written in. */
  public DmlRewrite perShardCommand(List<String> parameterLiterals) {
    return PerShardCommand.of(statement, parameterLiterals);
  }

  /**
   * One batch of a key-ordered backfill with the parameters written in; with {@code watermark},
   * one {@code ?} per key column to bind with the greatest key of the previous batch.
   */
  public DmlRewrite batch(int batchRows, List<String> parameterLiterals, boolean watermark) {
    return DmlRewriter.batch(statement, columns.rowKey(), columns.columnTypes(), rejections, batchRows,
        parameterLiterals, watermark);
  }

  /** {@code SELECT count(*)} of the rows the statement touches, parameters written in. */
  public String countStatement(List<String> parameterLiterals) {
    return DmlRewriter.count(statement, parameterLiterals);
  }

  /** For a plain statement's upsert: the timestamps written in as literals, in the order of {@link #timestampExpressions()}. */
  public String withTimestampLiterals(List<String> literals) {
    return UpsertTimestamps.of(statement, literals).sql();
  }

  @Override
  public String toString() {
    return "DmlPlan[" + action + " " + sql() + "]";
  }
}
