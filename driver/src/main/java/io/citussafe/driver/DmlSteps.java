package io.citussafe.driver;

import io.citussafe.rewriter.DmlPlan;
import io.citussafe.rewriter.Options;
import io.citussafe.rewriter.SqlText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the UPDATE, DELETE and upsert steps of plans: the atomic rewrite, per shard or in batches
 * when configured, and upserts with their DO UPDATE timestamps bound.
 */
final class DmlSteps {

  private final Session session;

  DmlSteps(Session session) {
    this.session = session;
  }

  /**
   * An UPDATE, DELETE or upsert that Citus rejects as written (or, with batched backfills, any
   * large UPDATE): per shard or in batches when configured and in autocommit, else the rewrite.
   */
  void run(DmlPlan plan, StatementPort statement, boolean callers) throws SQLException {
    String sql = plan.originalSql();
    if (!callers) {
      // a statement of a split plain text: no parameters, results unseen
      session.side.execute(plan.action() == DmlPlan.Action.UPSERT_TIMESTAMPS ? withTimestamps(plan) : plan.sql());
      return;
    }
    if (plan.action() == DmlPlan.Action.UPSERT_TIMESTAMPS) {
      upsert(plan, statement);
      return;
    }
    // Per shard and in batches the statement runs with its values written in, once: never for a
    // JDBC batch (its entries' values are not ours to see), never inside a transaction.
    boolean once = !statement.isBatch() && !session.inTransaction();
    List<String> literals = once ? statement.literals(plan.userParameterCount()) : null;
    boolean rewritten = plan.action() == DmlPlan.Action.REWRITTEN;
    if (rewritten && session.settings.bulkUpdate() == Options.BulkUpdate.PER_SHARD) {
      if (!plan.perShardAllowed()) {
        RewriteLog.report(statement, sql, "citussafe.bulkUpdate=per-shard does not run on " + plan.table() + ": "
            + "a reference table (or a table whose shards have several placements) would have only one "
            + "copy updated; the statement runs in the atomic rewrite instead");
      } else if (!once) {
        RewriteLog.report(statement, sql, "citussafe.bulkUpdate=per-shard runs only for a single statement in "
            + "autocommit (it is not transactional); here the statement runs in the atomic rewrite instead");
      } else if (PerShard.run(session.side, plan, literals, statement, session.cluster.metrics)) {
        return;
      }
    }
    if (literals != null && session.settings.backfillBatchRows() > 0 && plan.batchable()
        && Backfill.run(session, plan, literals, statement)) {
      return;
    }
    statement.runUser(plan.sql(), plan.parameterMap());
    if (rewritten) {
      RewriteLog.report(statement, sql, "ran as " + plan.sql() + " — Citus rejects the statement as written: "
          + plan.why() + "; what Citus rejects is computed once on the coordinator, in the same transaction"
          + (plan.differences() == null ? "" : ". " + plan.differences()));
    }
  }

  /** Binds the DO UPDATE timestamps, read in the statement's own transaction. */
  private void upsert(DmlPlan plan, StatementPort statement) throws SQLException {
    Transactions.inOne(session, () -> {
      List<String> values = timestampValues(plan.timestampExpressions());
      if (!statement.isPrepared()) {
        statement.runUser(plan.withTimestampLiterals(quoted(values)), null);
      } else {
        statement.bindAppended(plan.sql(), plan.parameterMap(), plan.userParameterCount() + 1, values);
        statement.runUser(plan.sql(), plan.parameterMap());
      }
    });
    RewriteLog.report(statement, plan.originalSql(), "bound " + plan.timestampExpressions() + " in DO UPDATE as values "
        + "read in the same transaction — Citus rejects the statement as written: " + plan.why());
  }

  private String withTimestamps(DmlPlan plan) throws SQLException {
    return plan.withTimestampLiterals(quoted(timestampValues(plan.timestampExpressions())));
  }

  private static List<String> quoted(List<String> values) {
    List<String> literals = new ArrayList<>(values.size());
    for (String value : values) {
      literals.add(SqlText.quoteLiteral(value));
    }
    return literals;
  }

  /** The values of {@code now()}, {@code CURRENT_DATE}… in the current transaction, as text. */
  List<String> timestampValues(List<String> expressions) throws SQLException {
    StringBuilder query = new StringBuilder("SELECT ");
    for (int i = 0; i < expressions.size(); i++) {
      query.append(i == 0 ? "" : ", ").append('(').append(expressions.get(i)).append(")::text");
    }
    List<String> values = new ArrayList<>(expressions.size());
    try (Statement side = session.side.create(); ResultSet rs = side.executeQuery(query.toString())) {
      rs.next();
      for (int i = 1; i <= expressions.size(); i++) {
        values.add(rs.getString(i));
      }
    }
    return values;
  }
}
