package io.citussafe.driver;

import io.citussafe.rewriter.Options;
import io.citussafe.rewriter.SqlState;
import io.citussafe.rewriter.SqlText;
import io.citussafe.rewriter.TableFacts;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The Citus errors the driver can explain: each gets a hint with the user's names and what to do
 * ({@link ServerErrors} adds it without changing what callers catch), or its SQLSTATE restored.
 */
final class CitusErrors {

  /** A correlated [NOT] EXISTS written so that Citus computes the subquery once, first; the same rows. */
  private static final String UNCORRELATED_FORMS = "EXISTS (SELECT 1 FROM d WHERE d.k = t.c AND …) becomes t.c IN "
      + "(SELECT d.k FROM d WHERE …); NOT EXISTS (…) becomes (t.c IS NULL OR t.c NOT IN (SELECT d.k FROM d WHERE d.k "
      + "IS NOT NULL AND …))";

  private CitusErrors() {
  }

  /**
   * Adds what to do to Citus errors the driver can explain (parallel operations in a transaction,
   * modified distribution columns, rejected functions the driver did not see or was told not to
   * rewrite); returns any other error unchanged.
   */
  static SQLException explain(SQLException error, Session session, String sql) {
    String message = error.getMessage();
    // citussafe.mode=off is pgjdbc: its errors too, and no catalog read to explain one
    if (message == null || message.contains(ServerErrors.MARK) || session.settings.mode() == Settings.Mode.OFF) {
      return error;
    }
    SQLException restored = ServerErrors.constraintStateRestored(error);
    if (restored != null) {
      return restored;
    }
    String identity = identityHint(message, sql);
    if (identity != null) {
      return ServerErrors.withHint(error, identity);
    }
    if (SqlState.UNDEFINED_TABLE.is(error.getSQLState()) && isCitus(session)) {
      String local = localTableHint(message, sql, session);
      if (local != null) {
        return ServerErrors.withHint(error, local);
      }
    }
    if (message.contains("triggers are not supported on reference tables")
        || message.contains("triggers are not supported on distributed tables")) {
      return ServerErrors.withHint(error, "Citus would fire the trigger on each shard placement (every copy of a reference "
          + "table), so it refuses triggers on the tables it manages. citus.enable_unsafe_triggers would let a "
          + "reference table's copies differ (now() is each node's own time) and is safe only on a distributed "
          + "table, for a function that writes nothing but NEW. Keep the table on the coordinator (undistribute_table, "
          + "then citus_add_local_table_to_metadata when it has foreign keys with reference tables), where the "
          + "trigger fires once, or distribute it"
          + (session.settings.newTables() == Options.NewTables.REFERENCE ? "; citussafe makes a table that "
              + "citussafe.newTables=reference made a reference table Citus-local by itself when it sees CREATE TRIGGER "
              + "on it" : "")
          + ".");
    }
    if (message.contains("the query contains a join that requires repartitioning")) {
      return ServerErrors.withHint(error, "Citus can run this join by repartitioning the rows between the nodes, and does so only "
          + "when citus.enable_repartition_joins is on. The setting changes how the join is executed, not what it "
          + "returns or what any placement stores: SET citus.enable_repartition_joins = on (or SET LOCAL inside the "
          + "migration's transaction), or options=-c citus.enable_repartition_joins=on on the URL; then run the "
          + "statement again.");
    }
    if (message.contains("only reference tables may be queried when targeting a reference table")
        || message.contains("correlated subqueries are not supported when the FROM clause contains a reference table")) {
      return ServerErrors.withHint(error, "Citus cannot evaluate a subquery that reads a distributed table once per row of the "
          + "reference table this statement writes (a correlated subquery). Write the subquery so that it reads "
          + "nothing of the written row; Citus then computes it once, first, and the statement changes the same rows: "
          + UNCORRELATED_FORMS + "; SET n = "
          + "(SELECT count(*) FROM d WHERE d.k = t.id) becomes SET n = coalesce(c.n, 0) FROM t AS t2 LEFT JOIN "
          + "(SELECT k, count(*) AS n FROM d GROUP BY k) c ON c.k = t2.id WHERE t2.id = t.id. Or make d a reference "
          + "table, if it is small.");
    }
    String notDistributed = notDistributedHint(message, sql);
    if (notDistributed != null) {
      return ServerErrors.withHint(error, notDistributed);
    }
    String colocation = colocationHint(message);
    if (colocation != null) {
      return ServerErrors.withHint(error, colocation);
    }
    if (message.contains("complex joins are only supported when all distributed tables are co-located and joined on "
        + "their distribution columns")) {
      return ServerErrors.withHint(error, "Citus runs this write on each shard of its table and can read another distributed "
          + "table there only through an equality of the two distribution columns (t.tenant_id = d.tenant_id). When "
          + "rows only ever relate to rows of the same distribution value (what a foreign key over both columns "
          + "guarantees), add that equality to the subquery or join: the result is the same. Otherwise write the "
          + "subquery so that it reads nothing of the written row, which Citus computes once, first: "
          + UNCORRELATED_FORMS + ". Without distributed tables (a Citus-local table written, its FROM joining "
          + "Citus-local and reference tables), Citus cannot plan the FROM's join beside the written table: move "
          + "the FROM list and the conditions among its tables into a WITH query, which Citus computes first, and "
          + "join the written table to it (UPDATE t SET c = x.b_id FROM a JOIN b ON a.k = b.k WHERE t.a_id = a.id "
          + "becomes WITH x AS (SELECT a.id AS a_id, b.id AS b_id FROM a JOIN b ON a.k = b.k) UPDATE t SET c = "
          + "x.b_id FROM x WHERE t.a_id = x.a_id).");
    }
    if (message.contains("modifying the partition value of rows is not allowed")) {
      return ServerErrors.withHint(error, "Citus keeps each row on the shard of its distribution column's value, so "
          + "an UPDATE cannot change that column, and there is no faithful rewrite. Insert the rows with "
          + "the new value and delete the old ones in one transaction, or leave the column unchanged.");
    }
    if (message.contains("must not be VOLATILE") || message.contains("must be marked IMMUTABLE")
        || message.contains("non-IMMUTABLE functions") || message.contains("cannot be called with column references")) {
      if (session.settings.bulkUpdate() == Options.BulkUpdate.OFF) {
        return ServerErrors.withHint(error, "this connection has citussafe.bulkUpdate=off; with atomic (the default) citussafe "
            + "rewrites such statements so Citus accepts them.");
      }
      // The cached facts may be what was wrong (another client distributed the table within
      // metadataTtl): read them again, so that the statement, run again, is planned on fresh ones.
      session.cluster.forget(null);
      return ServerErrors.withHint(error, "either citussafe's facts about the table were stale (kept for "
          + "citussafe.metadataTtl, they still said it was not distributed, as when another client distributed "
          + "it meanwhile: they are read again now, and the statement run again is rewritten), or "
          + "citussafe did not see the call Citus objects to: it looks at function calls, casts, implicit "
          + "conversions and, in SET, at timestamptz column + or - interval, not at other operators (text || a "
          + "timestamptz column, an interval column or parameter, an operator in the WHERE). Write the "
          + "conversion as a call, e.g. to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS.USOF') or "
          + "updated_at + interval '1 day' in the SET, which citussafe computes on the coordinator.");
    }
    if (!message.contains("because there was a parallel")) {
      return error;
    }
    String fix;
    if (!inTransaction(session)) {
      // one statement in autocommit: its own parallel read (a subquery or WITH query on a distributed
      // table) came before its write of a table Citus writes over one connection per node
      return ServerErrors.withHint(error, "Citus refuses a write of a table that has foreign keys to or from a "
          + "reference or local table after a parallel multi-shard read, also within one statement (here its "
          + "subquery or WITH query on a distributed table), unless the transaction starts in sequential mode. "
          + "Run it in a transaction of its own that starts so: BEGIN; " + Session.SET_SEQUENTIAL
          + "; the statement; COMMIT (nothing of this statement ran: it can be run again as it is).");
    }
    if (session.settings.sequentialTransactions() == Settings.Sequential.NEVER) {
      fix = "this connection has citussafe.sequentialTransactions=never, so put " + Session.SET_SEQUENTIAL
          + " as the first statement of that migration's transaction (or drop the setting)";
    } else if (!session.isMigration()) {
      fix = "citussafe did not see a migration tool on this connection, so its transactions run in "
          + "parallel mode; if it runs migrations, add citussafe.sequentialTransactions=always to the "
          + "migration URL (application connections should keep parallel mode, it is faster)";
    } else {
      fix = "the migration tool was recognised only after this transaction had started; put "
          + Session.SET_SEQUENTIAL + " as the first statement of that migration";
    }
    return ServerErrors.withHint(error, "Citus refuses this after a parallel multi-shard statement in the same "
        + "transaction unless the transaction starts in sequential mode; " + fix + ".");
  }

  /**
   * Whether the database has Citus, as far as can be known after an error: asked when the error
   * left no transaction open (an aborted one answers nothing), else as last cached.
   */
  /** Whether the failed statement ran in a transaction block; false when that cannot be read. */
  private static boolean inTransaction(Session session) {
    try {
      return session.inTransaction();
    } catch (SQLException e) {
      return true;
    }
  }

  private static boolean isCitus(Session session) {
    try {
      return session.inTransaction() ? session.cluster.peek(SessionFacts.CITUS) == Boolean.TRUE
          : session.facts.isCitus();
    } catch (SQLException e) {
      return false;
    }
  }

  /** Citus's refusals around identity columns, with the way out. */
  private static String identityHint(String message, String sql) {
    if (message.contains("cannot complete operation on a table with identity column")) {
      return "Citus turns a local table that references a reference table into a Citus-local table, and cannot "
          + "turn it back (as dropping that foreign key asks) while it has an identity column. Make the table a "
          + "reference table instead (SELECT create_reference_table('<table>')), or give it a sequence default "
          + "instead of the identity column; citussafe.newTables=reference creates new tables that way. Statement: "
          + sql;
    }
    if (message.contains("involving identity column")) {
      return "Citus cannot change an identity column of a table it manages. Tables created through citussafe with "
          + "citussafe.newTables=reference get serial columns (a sequence default) instead of GENERATED BY DEFAULT "
          + "AS IDENTITY, whose type can be changed; for an existing table, add a new bigserial column, copy the "
          + "values, and swap the columns. Statement: " + sql;
    }
    return null;
  }

  private static final java.util.regex.Pattern NOT_COLOCATED =
      java.util.regex.Pattern.compile("Detail: (.+?) and (.+?) are not colocated");

  /**
   * A write that reads a distributed table not co-located with the one it writes ({@code cannot push
   * down this subquery}, DETAIL {@code a and b are not colocated}; the router planner's {@code …
   * non-colocated distributed tables}): how to co-locate them, with their names when Citus gives them.
   */
  private static String colocationHint(String message) {
    if (!message.contains("non-colocated distributed tables") && !message.contains("are not colocated")) {
      return null;
    }
    java.util.regex.Matcher names = NOT_COLOCATED.matcher(message);
    boolean named = names.find();
    String a = named ? SqlText.quoteIdentifier(names.group(1)) : "<the table it reads>";
    String b = named ? SqlText.quoteIdentifier(names.group(2)) : "<the table it writes>";
    return "Citus runs a write on each shard of its table and can read another distributed table there only when "
        + "the two are co-located (the same shard count, distribution columns of the same type, the rows of a value "
        + "on one node) and joined on their distribution columns. Co-locate them: SELECT "
        + "update_distributed_table_colocation('" + b + "', colocate_with => '" + a + "') when their shards already "
        + "sit on the same nodes (it moves nothing, and says so when they do not), else SELECT alter_distributed_table('"
        + b + "', colocate_with => '" + a + "'), which copies " + b + " into shards co-located with " + a
        + "; or make the table that is only read a reference table; or read the subquery's rows first and write "
        + "their values into the statement.";
  }

  /**
   * {@code relation "x" does not exist}, raised by a worker when a statement on Citus tables also
   * names a local table, which exists only on the coordinator; or names a Citus table in a string
   * that a function resolves on the worker ({@code pg_get_serial_sequence('t', 'id')} in a
   * {@code WHERE}), in the worker's own {@code search_path}. None when the coordinator has no such
   * table either: PostgreSQL would refuse the statement too.
   */
  private static String localTableHint(String message, String sql, Session session) {
    int start = message.indexOf("relation \"");
    int end = start < 0 ? -1 : message.indexOf('"', start + 10);
    if (end < 0 || sql == null) {
      return null;
    }
    String relation = message.substring(start + 10, end);
    String bare = relation.substring(relation.lastIndexOf('.') + 1);
    if (sql.toLowerCase(Locale.ROOT).indexOf(bare.toLowerCase(Locale.ROOT)) < 0) {
      return null;
    }
    TableFacts table = coordinatorTable(relation, session);
    if (table != null && !table.exists()) {
      return null;
    }
    String resolvedOnWorkers = "a function ran on the workers and looked up the name " + relation + " in their own "
        + "search_path, which is not this session's (Citus does not send it): pg_get_serial_sequence('" + bare
        + "', …), to_regclass('" + bare + "'), has_table_privilege('" + bare + "', …) and every function that "
        + "takes a table's name as text. Qualify the name with its schema, or compute the value in a statement "
        + "of its own and pass it as a parameter.";
    if (table != null && table.isCitusTable()) {
      return "Citus ran this statement on the workers: " + resolvedOnWorkers;
    }
    return (table == null ? "If " + relation + " is a table Citus manages, " + resolvedOnWorkers + " Otherwise: " : "")
        + "Citus ran this statement on the workers because it also reads tables Citus manages, and " + relation
        + " is a local table that exists only on the coordinator. " + keepOnCoordinator(relation)
        + " Or set citussafe.newTables=reference on the migration URL so that tables a migration creates become "
        + "reference tables right away"
        + (session.settings.newTables() == Options.NewTables.REFERENCE ? " (it is set: the "
            + "table was created before, or by another client)" : "") + ".";
  }

  /**
   * What the coordinator has under the name a worker could not find, in this session's search_path;
   * null when it cannot be known (in a transaction the error aborted, only what the cache holds).
   */
  private static TableFacts coordinatorTable(String relation, Session session) {
    int dot = relation.lastIndexOf('.');
    try {
      String name = dot < 0 ? SqlText.quoteIdentifier(relation) : SqlText.quoteIdentifier(relation.substring(0, dot))
          + '.' + SqlText.quoteIdentifier(relation.substring(dot + 1));
      return session.inTransaction() ? session.facts.tableIfKnown(name) : session.facts.table(name);
    } catch (SQLException | IllegalArgumentException e) {
      // an empty part of the name (no table has one), or the read failed: unknown
      return null;
    }
  }

  /**
   * {@code relation x is not distributed} (XX000): a write on a Citus table that also reads the plain
   * local table {@code x} ({@code UPDATE ref SET v = (SELECT max(c) FROM x)}, {@code … FROM x}).
   */
  private static String notDistributedHint(String message, String sql) {
    int start = message.indexOf("relation ");
    int end = message.indexOf(" is not distributed");
    if (start < 0 || end <= start + 9 || sql == null) {
      return null;
    }
    String relation = message.substring(start + 9, end).replace("\"", "");
    String bare = relation.substring(relation.lastIndexOf('.') + 1);
    if (sql.toLowerCase(Locale.ROOT).indexOf(bare.toLowerCase(Locale.ROOT)) < 0) {
      return null;
    }
    return "Citus plans a write on the tables it manages over their placements, and " + relation + " is a plain "
        + "local table that only the coordinator has. " + keepOnCoordinator(relation);
  }

  /** The two layouts in which Citus reads a local table together with the tables it manages. */
  private static String keepOnCoordinator(String relation) {
    String literal = "'" + relation.replace("'", "''") + "'";
    return "Keep its rows where they are and let Citus read it: SELECT citus_add_local_table_to_metadata(" + literal
        + ") makes it a Citus-local table (its one copy stays on the coordinator; the same statement then gives "
        + "PostgreSQL's result); or copy it to every node with SELECT create_reference_table(" + literal + "). Then "
        + "run the statement again.";
  }

  /**
   * For a step the driver generated that the server refused for lack of a privilege: which step, for
   * which statement, and what to do; null for any other error. The server's message names the privilege.
   */
  static String privilegeHint(SQLException error, String step, String sql) {
    if (!SqlState.INSUFFICIENT_PRIVILEGE.is(error.getSQLState())) {
      return null;
    }
    return "citussafe runs " + step + " for " + sql + ", and this role lacks the privilege that step needs. Run the "
        + "statement as the table's owner, or have the owner run " + step + " first.";
  }

}
