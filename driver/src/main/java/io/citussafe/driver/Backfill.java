package io.citussafe.driver;

import io.citussafe.rewriter.ColumnFacts;
import io.citussafe.rewriter.DmlPlan;
import io.citussafe.rewriter.DmlRewrite;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batched backfills ({@code citussafe.backfillBatchRows=N}): in autocommit, a multi-shard UPDATE
 * of more than N rows per shard runs as key-ordered batches of about N rows per shard, each
 * committed on its own, with progress on logger {@code citussafe.progress}. Each batch re-checks
 * the WHERE in its outer UPDATE, as the atomic rewrite does, so a row changed meanwhile is
 * re-checked. A batch that dies (the session is terminated, a row fails a constraint) rolls back
 * alone; running the statement again finishes the work when it is idempotent
 * ({@code WHERE col IS NULL}), since the rows already done no longer match.
 */
final class Backfill {

  private static final Logger PROGRESS = LoggerFactory.getLogger("citussafe.progress");
  /** At most one progress line per this long, and one at the end. */
  private static final long PROGRESS_INTERVAL_NANOS = 2_000_000_000L;

  private Backfill() {
  }

  /** Runs the UPDATE in batches when it is large enough; false to run it whole. */
  static boolean run(Session session, DmlPlan plan, List<String> literals, StatementPort statement)
      throws SQLException {
    long rowsPerShard = session.settings.backfillBatchRows();
    ColumnFacts table = plan.columns();
    long perBatch = Math.min(Integer.MAX_VALUE, rowsPerShard * table.shardCount());
    DmlRewrite first = plan.batch((int) perBatch, literals, false);
    DmlRewrite next = plan.batch((int) perBatch, literals, true);
    if (first.isRefused() || next.isRefused()) {
      return false;
    }
    long total = count(session.side, plan.countStatement(literals));
    if (total <= perBatch) {
      return false;
    }
    long started = System.nanoTime();
    long lastLogged = started;
    long done = 0;
    int batches = 0;
    List<String> watermark = null;
    while (true) {
      List<String[]> keys = runBatch(session.side, watermark == null ? first.sql() : next.sql(), watermark,
          table.rowKey().size());
      done += keys.size();
      batches++;
      session.cluster.metrics.batchedRows(keys.size());
      boolean last = keys.size() < perBatch;
      long now = System.nanoTime();
      if (last || now - lastLogged >= PROGRESS_INTERVAL_NANOS) {
        logProgress(plan.table(), done, total, started);
        lastLogged = now;
      }
      if (last) {
        break;
      }
      watermark = greatestKey(session.side, keys, table);
    }
    statement.substituteCount(done);
    RewriteLog.report(statement, plan.originalSql(), "ran in " + batches + " key-ordered batches of up to "
        + perBatch + " rows (" + rowsPerShard + " per shard), each committed on its own: " + done
        + " rows (citussafe.backfillBatchRows); if it is interrupted, run it again to finish");
    return true;
  }

  private static long count(SideStatements side, String countSql) throws SQLException {
    try (Statement statement = side.create(); ResultSet rs = statement.executeQuery(countSql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Runs one batch (its own transaction in autocommit) and returns the keys it updated. */
  private static List<String[]> runBatch(SideStatements side, String sql, List<String> watermark, int keyColumns)
      throws SQLException {
    List<String[]> keys = new ArrayList<>();
    try (PreparedStatement statement = side.prepare(sql)) {
      for (int i = 0; watermark != null && i < watermark.size(); i++) {
        statement.setObject(i + 1, watermark.get(i), Types.OTHER);
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String[] key = new String[keyColumns];
          for (int i = 0; i < keyColumns; i++) {
            key[i] = rs.getString(i + 1);
          }
          keys.add(key);
        }
      }
    }
    return keys;
  }

  /**
   * The greatest of the keys in the table's own order, asked of the server: Java's string and
   * UUID orders differ from PostgreSQL's collations and byte order.
   */
  private static List<String> greatestKey(SideStatements side, List<String[]> keys, ColumnFacts table)
      throws SQLException {
    int columns = table.rowKey().size();
    StringBuilder select = new StringBuilder("SELECT ");
    StringBuilder unnest = new StringBuilder(" FROM (SELECT ");
    StringBuilder order = new StringBuilder(") v ORDER BY ");
    for (int i = 0; i < columns; i++) {
      String type = table.columnTypes().getOrDefault(table.rowKey().get(i), "text");
      String separator = i == 0 ? "" : ", ";
      select.append(separator).append('k').append(i).append("::text");
      // unnest of equal-length arrays side by side pairs the key columns row by row
      unnest.append(separator).append("unnest(?::text[])::").append(type).append(" AS k").append(i);
      order.append(separator).append('k').append(i).append(" DESC");
    }
    String sql = select.append(unnest).append(order).append(" LIMIT 1").toString();
    try (PreparedStatement statement = side.prepare(sql)) {
      for (int i = 0; i < columns; i++) {
        String[] column = new String[keys.size()];
        for (int r = 0; r < keys.size(); r++) {
          column[r] = keys.get(r)[i];
        }
        statement.setArray(i + 1, statement.getConnection().createArrayOf("text", column));
      }
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        List<String> greatest = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          greatest.add(rs.getString(i));
        }
        return greatest;
      }
    }
  }

  private static void logProgress(String table, long done, long total, long startedNanos) {
    double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
    double rate = done / seconds;
    long left = Math.max(0, total - done);
    PROGRESS.info("backfill of {}: {} of about {} rows ({}%), {} rows/s, about {} s left", table, done,
        total, total == 0 ? 100 : done * 100 / total, Math.round(rate), rate > 0 ? Math.round(left / rate) : "?");
  }
}
