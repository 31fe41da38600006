package io.citussafe.driver;

import io.citussafe.rewriter.DmlPlan;
import io.citussafe.rewriter.DmlRewrite;
import io.citussafe.rewriter.SqlState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-shard mode ({@code citussafe.bulkUpdate=per-shard}): the statement runs on every shard in
 * parallel on the workers through {@code run_command_on_shards}, so no row passes through the
 * coordinator, and each shard runs the statement as written (volatile calls included, evaluated
 * on the worker per row, as PostgreSQL would). Each shard commits on its own: this is not
 * transactional, so the executor allows it only in autocommit, and a partial failure says which
 * shards failed and how to finish.
 */
final class PerShard {

  private PerShard() {
  }

  /** Runs the statement per shard; false when it cannot, after saying why in a warning. */
  static boolean run(SideStatements side, DmlPlan plan, List<String> literals,
      StatementPort statement, CitusSafeMetrics metrics) throws SQLException {
    String sql = plan.originalSql();
    if (literals == null) {
      RewriteLog.report(statement, sql, "per-shard mode writes the bound values into the command, and a "
          + "parameter was set with a type citussafe cannot write as a literal; ran the atomic rewrite instead");
      return false;
    }
    DmlRewrite command = plan.perShardCommand(literals);
    if (command.isRefused()) {
      RewriteLog.report(statement, sql, "per-shard mode cannot run this statement (" + command.refusal()
          + "); ran the atomic rewrite instead");
      return false;
    }
    long rows = 0;
    int shards = 0;
    List<String> failures = new ArrayList<>();
    try (Statement shardsStatement = side.create(); ResultSet rs = shardsStatement.executeQuery(command.sql())) {
      while (rs.next()) {
        shards++;
        if (rs.getBoolean(2)) {
          rows += commandTagCount(rs.getString(3));
        } else {
          failures.add("shard " + rs.getLong(1) + ": " + rs.getString(3));
        }
      }
    } catch (SQLException e) {
      if (!StepFailures.interrupted(e)) {
        throw e;
      }
      throw ServerErrors.withStep(e, "the per-shard run of " + sql + " (citussafe.bulkUpdate=per-shard) was "
          + "interrupted while the shards ran it on the workers. It is not transactional: shards that had finished "
          + "stay changed, and a shard whose command was still running on its worker may yet finish. When those "
          + "commands have ended, run the statement again; it must be idempotent to finish safely (for example "
          + "WHERE col IS NULL)");
    }
    metrics.perShardRows(rows);
    if (!failures.isEmpty()) {
      throw new CitusSafeException("citussafe: the statement failed on " + failures.size() + " of " + shards
          + " shards (citussafe.bulkUpdate=per-shard): " + String.join("; ", failures) + ". Per-shard mode is "
          + "not transactional: the other shards committed " + rows + " rows, which stay changed. Fix the "
          + "cause and run the statement again; it must be idempotent to finish safely (for example "
          + "WHERE col IS NULL). Statement: " + sql, SqlState.PER_SHARD_FAILURE);
    }
    statement.substituteCount(rows);
    RewriteLog.report(statement, sql, "ran on each of the " + shards + " shards in parallel on the workers "
        + "(citussafe.bulkUpdate=per-shard, not transactional): " + rows + " rows; Citus rejects the "
        + "statement as written: " + plan.why());
    return true;
  }

  /** The row count of a command tag such as {@code UPDATE 12}. */
  static long commandTagCount(String tag) {
    int space = tag == null ? -1 : tag.lastIndexOf(' ');
    try {
      return space < 0 ? 0 : Long.parseLong(tag.substring(space + 1).trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
