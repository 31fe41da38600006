package io.citussafe.driver;

import io.citussafe.rewriter.SqlState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Bounded lock waits on migration connections. A DDL statement waiting for a table lock
 * makes every later statement on that table wait behind it, so one long report can stop an
 * application's writes for as long as it runs. With {@code citussafe.lockTimeout} the DDL gives up
 * instead, on every node: Citus keeps a {@code SET LOCAL} on the coordinator unless
 * {@code citus.propagate_set_commands} is {@code local}, so a migration transaction starts with both.
 * In autocommit the driver runs such DDL in a transaction of its own and tries it again after a
 * lock timeout, {@code citussafe.lockRetries} times.
 */
final class LockWaits {

  static final String PROPAGATE_SET_LOCAL = "SET LOCAL citus.propagate_set_commands TO 'local'";

  /** Granted locks of other sessions on the table or its shards, on every node (Citus 11+). */
  private static final String HOLDERS_ON_CITUS =
      "SELECT n.nodename || ':' || n.nodeport, l.mode, a.application_name, a.state,"
          + " extract(epoch FROM now() - a.xact_start)::bigint, left(a.query, 120)"
          + " FROM citus_locks l JOIN pg_dist_node n ON n.nodeid = l.nodeid"
          + " LEFT JOIN LATERAL (SELECT * FROM citus_stat_activity s WHERE s.global_pid = l.global_pid"
          + "   ORDER BY s.is_worker_query LIMIT 1) a ON true"
          + " WHERE l.granted AND l.locktype = 'relation' AND l.global_pid <> citus_backend_gpid()"
          + " AND (l.relation_name = pg_catalog.to_regclass(?)::text OR l.relation_name IN"
          + "   (SELECT shard_name(s.logicalrelid, s.shardid) FROM pg_dist_shard s"
          + "    WHERE s.logicalrelid = pg_catalog.to_regclass(?)))"
          + " ORDER BY a.xact_start NULLS LAST LIMIT 3";

  private static final String HOLDERS_ON_POSTGRES =
      "SELECT 'pid ' || l.pid, l.mode, a.application_name, a.state,"
          + " extract(epoch FROM now() - a.xact_start)::bigint, left(a.query, 120)"
          + " FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid"
          + " WHERE l.granted AND l.locktype = 'relation' AND l.pid <> pg_catalog.pg_backend_pid()"
          + " AND l.relation = pg_catalog.to_regclass(?)"
          + " ORDER BY a.xact_start NULLS LAST LIMIT 3";

  private final Settings settings;
  private final SessionFacts facts;
  private final SideStatements side;

  LockWaits(Settings settings, SessionFacts facts, SideStatements side) {
    this.settings = settings;
    this.facts = facts;
    this.side = side;
  }

  boolean enabled() {
    return !settings.lockTimeout().isZero();
  }

  long retries() {
    return settings.lockRetries();
  }

  /** The SET LOCAL statements that bound a transaction's lock waits on every node; none when off. */
  List<String> settingStatements() throws SQLException {
    if (!enabled()) {
      return List.of();
    }
    String timeout = "SET LOCAL lock_timeout = '" + settings.lockTimeout().toMillis() + "ms'";
    return facts.isCitus() ? List.of(PROPAGATE_SET_LOCAL, timeout) : List.of(timeout);
  }

  /**
   * The statement gave up waiting for a lock. On Citus a worker's lock timeout comes back as 55P03
   * naming the node, or, when the worker's connection was one Citus marked essential, as
   * {@code failure on connection marked as essential}: that one counts when the statement had
   * waited for the lock timeout, since it has no code of its own.
   */
  boolean isLockTimeout(SQLException error, long startNanos) {
    if (SqlState.LOCK_NOT_AVAILABLE.is(error.getSQLState())) {
      return true;
    }
    String message = error.getMessage();
    return message != null && message.contains("failure on connection marked as essential")
        && System.nanoTime() - startNanos >= settings.lockTimeout().toNanos() * 9 / 10;
  }

  /**
   * The pause before try {@code tries + 1}: half the lock timeout doubled per try, capped at a
   * minute, each between half and all of that, so that migrations retrying on several nodes or
   * connections do not queue up together again.
   */
  long pauseMillis(int tries) {
    long base = Math.min(60_000L, Math.max(100L, settings.lockTimeout().toMillis() / 2) << Math.min(tries - 1, 10));
    return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
  }

  /**
   * The error after the last try: 55P03 naming the table, the node and (outside a transaction, where
   * they can still be read) the sessions holding locks on it, with what to do.
   *
   * @param canRead no transaction is open (an aborted one answers no query)
   */
  SQLException explain(SQLException error, String table, String sql, int tries, boolean canRead) {
    StringBuilder message = new StringBuilder("citussafe: gave up waiting for a lock");
    if (table != null) {
      message.append(" on ").append(table);
    }
    String node = node(error);
    if (node != null) {
      message.append(" (on ").append(node).append(')');
    }
    message.append(" after citussafe.lockTimeout=").append(format(settings.lockTimeout()));
    if (tries > 1) {
      message.append(", ").append(tries).append(" tries");
    }
    message.append(", so that the statements queued behind it could go on.");
    List<String> holders = table != null && canRead ? holders(table) : List.of();
    if (!holders.isEmpty()) {
      message.append(" Held by: ").append(String.join("; ", holders)).append('.');
    }
    message.append(canRead ? " The statement did not run and nothing was changed." : " The transaction is aborted "
        + "and rolls back.");
    message.append(" Run the migration again when that transaction has ended, or raise citussafe.lockTimeout on "
        + "the migration URL (0 waits without limit). Statement: ").append(sql);
    return new CitusSafeException(message.toString(), SqlState.LOCK_NOT_AVAILABLE, error);
  }

  private static String format(Duration duration) {
    long ms = duration.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  /** The node a Citus error names: its context ({@code while executing command on host:port}) or message. */
  private static String node(SQLException error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof PSQLException server && server.getServerErrorMessage() != null) {
        ServerErrorMessage details = server.getServerErrorMessage();
        String found = after(details.getWhere(), "while executing command on ");
        found = found != null ? found : after(details.getMessage(), "marked as essential: ");
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static String after(String text, String marker) {
    int at = text == null ? -1 : text.indexOf(marker);
    if (at < 0) {
      return null;
    }
    int end = at + marker.length();
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    return text.substring(at + marker.length(), end);
  }

  /** Who holds locks on the table now, best effort: a failure to read them leaves them out. */
  private List<String> holders(String table) {
    List<String> found = new ArrayList<>(3);
    try (PreparedStatement query = side.prepare(facts.isCitus() ? HOLDERS_ON_CITUS : HOLDERS_ON_POSTGRES)) {
      query.setString(1, table);
      if (facts.isCitus()) {
        query.setString(2, table);
      }
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          found.add("application '" + rs.getString(3) + "' (" + rs.getString(1) + ", " + rs.getString(2) + ", "
              + rs.getString(4) + ", transaction open " + rs.getLong(5) + " s: " + rs.getString(6) + ")");
        }
      }
    } catch (SQLException e) {
      RewriteLog.LOG.debug("could not read the sessions holding locks on {}", table, e);
    }
    return found;
  }
}
