package io.citussafe.driver;

import io.citussafe.rewriter.DistributionCall;
import io.citussafe.rewriter.Plan;
import io.citussafe.rewriter.SqlText;
import io.citussafe.rewriter.Step;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Plan} on one connection. Generated steps run on a short-lived side statement of
 * the same physical connection, so they share the user's transaction; the user's own statement
 * runs on the user's statement, so results, generated keys and warnings reach the caller as from
 * pgjdbc. Every change of behaviour is logged on {@code citussafe.rewrite} and added to the
 * statement's warnings.
 */
final class PlanExecutor {

  private static final Logger LOG = LoggerFactory.getLogger("citussafe.rewrite");

  /** Runs the user's statement with the JDBC call the user made. */
  @FunctionalInterface
  interface UserCall {
    void run(Statement target, String sql) throws SQLException;
  }

  /** A {@link UserCall} that runs the statement's JDBC batch. */
  @FunctionalInterface
  interface BatchCall extends UserCall {
  }

  private final CitusSafeConnection connection;

  PlanExecutor(CitusSafeConnection connection) {
    this.connection = connection;
  }

  void run(Plan plan, String sql, BaseStatement<?> owner, UserCall call) throws SQLException {
    if (connection.settings.mode() == Settings.Mode.DRY_RUN) {
      if (!plan.onlyExecutes()) {
        LOG.info("dry-run, running unchanged: {}\n  would: {}", sql, plan.describe());
      }
      call.run(owner.delegate, sql);
      return;
    }
    List<Step> steps = plan.steps();
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      boolean result = i == plan.resultStep();
      if (step instanceof Step.Execute execute) {
        runUserStep(execute.sql(), result, owner, call);
        if (execute.changesSchema()) {
          schemaChanged();
        }
      } else if (step instanceof Step.CleanLocalHeap clean) {
        cleanLocalHeap(clean, owner);
      } else if (step instanceof Step.Distribute distribute) {
        distribute(distribute, result, owner, call);
      } else if (step instanceof Step.CitusOnly citusOnly) {
        citusOnly(citusOnly, result, owner, call);
      } else if (step instanceof Step.Dml dml) {
        dml(dml, result, owner, call);
      }
    }
  }

  private void runUserStep(String stepSql, boolean result, BaseStatement<?> owner, UserCall call)
      throws SQLException {
    if (result) {
      call.run(owner.delegate, stepSql);
    } else {
      try (Statement side = physicalConnection().createStatement()) {
        side.execute(stepSql);
      }
    }
  }

  /** The pgjdbc connection, for generated steps that must share the user's transaction. */
  Connection physicalConnection() {
    return connection.delegate;
  }

  private void schemaChanged() {
    connection.cluster.invalidate();
    connection.searchPath(null);
  }

  /** Rule R2: a heap-scanning DDL on a Citus table must not read the stale coordinator rows. */
  private void cleanLocalHeap(Step.CleanLocalHeap clean, BaseStatement<?> owner) throws SQLException {
    if (!connection.cluster.isCitus(physicalConnection())) {
      return;
    }
    // read afresh: DDL is rare, and a table distributed by another client within the cache's
    // lifetime must still be cleaned
    TableInfo table = connection.cluster.refresh(physicalConnection(), clean.table(), connection);
    if (!table.hasStaleLocalRows()) {
      return;
    }
    refuseWhenLocalTablesReference(clean.table(), clean.sql());
    CitusMetadata.truncateLocalData(physicalConnection(), clean.table());
    schemaChanged();
    report(owner, clean.sql(), "removed " + table.localHeapBytes() + " bytes of stale coordinator rows of "
        + clean.table() + " (truncate_local_data_after_distributing_table; shards untouched) before "
        + "running the statement, which would otherwise read them");
  }

  /**
   * Rule R1: distribute, then remove the copied rows from the coordinator heap in the same
   * transaction; skip when the table is already distributed the same way.
   */
  private void distribute(Step.Distribute step, boolean result, BaseStatement<?> owner, UserCall call)
      throws SQLException {
    DistributionCall request = step.call();
    if (!connection.cluster.isCitus(physicalConnection())) {
      skipWithoutCitus(step.sql(), request.function(), result, owner);
      return;
    }
    if (request.table() == null) {
      runUserStep(step.sql(), result, owner, call);
      schemaChanged();
      return;
    }
    TableInfo table = connection.cluster.refresh(physicalConnection(), request.table(), connection);
    if (alreadyDone(table, request)) {
      answerInstead(step.sql(), request.function(), result, owner);
      report(owner, step.sql(), request.table() + " is already " + (request.isReferenceTable()
          ? "a reference table" : "distributed on column " + table.distributionColumn())
          + "; skipped " + request.function() + " so the migration can run again");
      return;
    }
    boolean clean = table.exists() && !table.isDistributed() && !table.isReference()
        && table.localHeapBytes() > 0;
    if (!clean) {
      runUserStep(step.sql(), result, owner, call);
      schemaChanged();
      return;
    }
    refuseWhenLocalTablesReference(request.table(), step.sql());
    if (request.isConcurrent()) {
      // create_distributed_table_concurrently refuses to run inside a transaction block
      runUserStep(step.sql(), result, owner, call);
      CitusMetadata.truncateLocalData(physicalConnection(), request.table());
    } else {
      inOneTransaction(() -> {
        runUserStep(step.sql(), result, owner, call);
        CitusMetadata.truncateLocalData(physicalConnection(), request.table());
      });
    }
    schemaChanged();
    report(owner, step.sql(), "ran " + request.function() + " on " + request.table()
        + ", then truncate_local_data_after_distributing_table in the same transaction: the "
        + table.localHeapBytes() + " bytes of rows copied into the shards no longer stay on the "
        + "coordinator, where later DDL would read them");
  }

  private static boolean alreadyDone(TableInfo table, DistributionCall request) {
    if (request.isReferenceTable()) {
      return table.isReference();
    }
    return table.isDistributed() && request.column() != null
        && sameColumn(request.column(), table.distributionColumn());
  }

  /** Citus accepts the column as written or as a quoted identifier. */
  private static boolean sameColumn(String given, String actual) {
    if (given.equals(actual)) {
      return true;
    }
    if (given.length() > 2 && given.startsWith("\"") && given.endsWith("\"")) {
      return given.substring(1, given.length() - 1).replace("\"\"", "\"").equals(actual);
    }
    return false;
  }

  private void citusOnly(Step.CitusOnly step, boolean result, BaseStatement<?> owner, UserCall call)
      throws SQLException {
    if (!connection.cluster.isCitus(physicalConnection())) {
      skipWithoutCitus(step.sql(), step.function(), result, owner);
      return;
    }
    runUserStep(step.sql(), result, owner, call);
    schemaChanged();
  }

  private void skipWithoutCitus(String sql, String function, boolean result, BaseStatement<?> owner)
      throws SQLException {
    if (connection.settings.failOnMissingCitus()) {
      throw new CitusSafeException("citussafe: " + function + " needs the Citus extension, which this "
          + "database does not have, and citussafe.failOnMissingCitus=true. Install Citus "
          + "(CREATE EXTENSION citus) or unset failOnMissingCitus to skip Citus calls on plain "
          + "PostgreSQL. Statement: " + sql, SqlState.UNDEFINED_FUNCTION);
    }
    answerInstead(sql, function, result, owner);
    report(owner, sql, "skipped " + function + ": this database is plain PostgreSQL (no citus "
        + "extension), so the table stays a regular table");
  }

  /**
   * Answers for a call that was not run with the result Citus would have given: one row for
   * functions returning void, no rows for the run_command_on_* family (there is nothing to run on).
   */
  private void answerInstead(String sql, String function, boolean result, BaseStatement<?> owner)
      throws SQLException {
    if (!result) {
      return;
    }
    Statement side = physicalConnection().createStatement();
    try {
      side.execute(substituteQuery(function));
      owner.substituteResults(side);
    } catch (SQLException | RuntimeException e) {
      side.close();
      throw e;
    }
  }

  static String substituteQuery(String function) {
    switch (function) {
      case "run_command_on_shards":
      case "run_command_on_placements":
      case "run_command_on_colocated_placements":
        return "SELECT NULL::bigint AS shardid, NULL::boolean AS success, NULL::text AS result WHERE false";
      case "run_command_on_workers":
      case "run_command_on_all_nodes":
      case "run_command_on_coordinator":
        return "SELECT NULL::text AS nodename, NULL::integer AS nodeport, NULL::boolean AS success,"
            + " NULL::text AS result WHERE false";
      default:
        return "SELECT NULL::void AS " + function;
    }
  }

  /** Citus refuses to truncate a table that a plain local table references; say what to do. */
  private void refuseWhenLocalTablesReference(String table, String sql) throws SQLException {
    List<CitusMetadata.ForeignKey> children = CitusMetadata.localReferencingTables(physicalConnection(), table);
    if (children.isEmpty()) {
      return;
    }
    StringBuilder described = new StringBuilder();
    for (CitusMetadata.ForeignKey key : children) {
      described.append(described.length() == 0 ? "" : ", ").append(key.table()).append(" (constraint ")
          .append(key.name()).append(": ").append(key.definition()).append(')');
    }
    String child = children.get(0).table();
    throw new CitusSafeException("citussafe: " + table + " holds stale rows on the coordinator that "
        + "must be removed before this statement, but the plain local table " + described
        + " has a foreign key to it, and Citus refuses to truncate a table referenced by a local table"
        + " (Table \"" + child + "\" references \"" + table + "\"). Nothing was changed. Fix: "
        + "distribute the referencing table co-located with it (SELECT create_distributed_table('"
        + child + "', '<its column referencing " + table + ">', colocate_with => '" + table
        + "')), or make " + table + " a reference table (SELECT create_reference_table('" + table
        + "')), then run the statement again. Statement: " + sql,
        SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE);
  }

  @FunctionalInterface
  private interface Work {
    void run() throws SQLException;
  }

  /** Runs {@code work} in the user's transaction, or in one of its own in autocommit mode. */
  private void inOneTransaction(Work work) throws SQLException {
    Connection physical = physicalConnection();
    if (inTransaction()) {
      work.run();
      return;
    }
    physical.setAutoCommit(false);
    SQLException failure = null;
    try {
      work.run();
      physical.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        physical.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      if (e instanceof SQLException sqlException) {
        failure = sqlException;
      } else {
        throw e;
      }
    } finally {
      try {
        physical.setAutoCommit(true);
      } catch (SQLException restoreFailure) {
        if (failure == null) {
          throw restoreFailure;
        }
        failure.addSuppressed(restoreFailure);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * An UPDATE, DELETE or upsert with function calls: run it as written when Citus accepts it,
   * else as decided by {@link DmlPlanner} — per shard or in batches when configured and in
   * autocommit, else the transactional rewrite.
   */
  private void dml(Step.Dml step, boolean result, BaseStatement<?> owner, UserCall call) throws SQLException {
    BasePreparedStatement<?> prepared = owner instanceof BasePreparedStatement<?> p ? p : null;
    DmlDecision decision = prepared != null ? prepared.decision : DmlPlanner.decide(connection, step.statement());
    if (decision == null) {
      runUserStep(step.sql(), result, owner, call);
      return;
    }
    switch (decision.action()) {
      case REFUSED:
        try {
          runUserStep(step.sql(), result, owner, call);
        } catch (SQLException e) {
          throw connection.withHint(e, decision.why() + ". Statement: " + step.sql());
        }
        return;
      case UPSERT_TIMESTAMPS:
        upsert(decision, prepared, result, owner, call);
        return;
      default:
        break;
    }
    // Per shard and in batches the statement runs with its values written in, once: never for a
    // JDBC batch (its entries' values are not ours to see), never inside a transaction.
    boolean once = result && !(call instanceof BatchCall) && !inTransaction();
    List<String> literals = !once ? null : prepared == null
        ? (step.statement().parameterCount() == 0 ? List.of() : null)
        : prepared.parameters == null ? null : prepared.parameters.values(step.statement().parameterCount());
    if (decision.action() == DmlDecision.Action.ATOMIC && decision.hashDistributed()
        && connection.settings.bulkUpdate() == Settings.BulkUpdate.PER_SHARD && result) {
      if (!once) {
        report(owner, step.sql(), "citussafe.bulkUpdate=per-shard runs only for a single statement in "
            + "autocommit (it is not transactional); here the statement runs in the atomic rewrite instead");
      } else if (PerShard.run(this, decision, literals, owner)) {
        return;
      }
    }
    if (once && literals != null && Backfill.runInBatches(this, connection, decision, literals, owner)) {
      return;
    }
    if (decision.action() == DmlDecision.Action.AS_WRITTEN) {
      runUserStep(step.sql(), result, owner, call);
      return;
    }
    runUserStep(decision.sql(), result, owner, call);
    report(owner, step.sql(), "ran as " + decision.sql() + " — Citus rejects the statement as written: "
        + decision.why() + "; the new values are computed once on the coordinator, in the same transaction");
  }

  /**
   * Whether the connection is inside a transaction: autocommit off, or a transaction block the
   * user opened with {@code BEGIN} in autocommit mode, which only the server's state shows.
   */
  private boolean inTransaction() throws SQLException {
    Connection physical = physicalConnection();
    return !physical.getAutoCommit()
        || physical.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
  }

  /** Binds the DO UPDATE timestamps, read in the statement's own transaction. */
  private void upsert(DmlDecision decision, BasePreparedStatement<?> prepared, boolean result,
      BaseStatement<?> owner, UserCall call) throws SQLException {
    inOneTransaction(() -> {
      if (prepared != null) {
        bindUpsertTimestamps(prepared);
        runUserStep(decision.sql(), result, owner, call);
      } else {
        List<String> literals = new ArrayList<>();
        for (String value : timestampValues(decision.appendedParameters())) {
          literals.add(SqlText.quoteLiteral(value));
        }
        runUserStep(decision.statement().upsertTimestampLiterals(literals).sql(), result, owner, call);
      }
    });
    report(owner, decision.statement().sql(), "bound " + decision.appendedParameters() + " in DO UPDATE "
        + "as values read in the same transaction — Citus rejects the statement as written: " + decision.why());
  }

  /**
   * Binds the values of the upsert's appended parameters, after the user's. Typed by the server
   * from the CAST around each placeholder ({@code Types.OTHER}); a varchar would need a
   * varchar-to-timestamptz cast, which is STABLE and which Citus rejects again.
   */
  void bindUpsertTimestamps(BasePreparedStatement<?> prepared) throws SQLException {
    DmlDecision decision = prepared.decision;
    List<String> values = timestampValues(decision.appendedParameters());
    int first = decision.statement().parameterCount() + 1;
    for (int i = 0; i < values.size(); i++) {
      prepared.delegate.setObject(first + i, values.get(i), Types.OTHER);
    }
  }

  /** The values of {@code now()}, {@code CURRENT_DATE}… in the current transaction, as text. */
  private List<String> timestampValues(List<String> expressions) throws SQLException {
    StringBuilder query = new StringBuilder("SELECT ");
    for (int i = 0; i < expressions.size(); i++) {
      query.append(i == 0 ? "" : ", ").append('(').append(expressions.get(i)).append(")::text");
    }
    List<String> values = new ArrayList<>(expressions.size());
    try (Statement side = physicalConnection().createStatement();
        ResultSet rs = side.executeQuery(query.toString())) {
      rs.next();
      for (int i = 1; i <= expressions.size(); i++) {
        values.add(rs.getString(i));
      }
    }
    return values;
  }

  static void report(BaseStatement<?> owner, String sql, String what) {
    LOG.info("{}\n  -> {}", sql, what);
    owner.addWarning("citussafe: " + what);
  }
}
