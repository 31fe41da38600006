package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the driver needs to know about one UPDATE, DELETE or INSERT … ON CONFLICT … DO UPDATE to
 * decide whether Citus rejects it (the function calls, where they are) and the rewrites that make
 * it acceptable. Immutable; every rewrite slices the original text, so expressions keep their
 * exact text and the user's {@code ?} placeholders their order.
 */
public final class DmlStatement {

  /**
   * Name prefix of the {@link FunctionUse}s that stand for a cast of a column expression to a
   * date/time type ({@code cast to interval}), whose conversion functions are STABLE.
   */
  public static final String CAST_PREFIX = "cast to ";

  public enum Kind {
    UPDATE,
    DELETE,
    /** INSERT … ON CONFLICT … DO UPDATE. */
    UPSERT
  }

  /** Where a function call sits. */
  public enum Clause {
    /** SET of an UPDATE. */
    SET,
    /** WHERE of an UPDATE or DELETE. */
    WHERE,
    DO_UPDATE_SET,
    DO_UPDATE_WHERE,
    /** VALUES rows of an upsert. */
    VALUES,
    RETURNING,
    /** FROM of an UPDATE, USING of a DELETE, the WITH prefix, or the query of INSERT … SELECT. */
    OTHER
  }

  /**
   * One call of a function, or of an SQL value function ({@code CURRENT_TIMESTAMP},
   * {@code CURRENT_DATE}, {@code CURRENT_TIME}, {@code LOCALTIMESTAMP}, {@code LOCALTIME}, named
   * in lower case), in a subquery too.
   *
   * @param name the name as stored in {@code pg_proc.proname}: folded to lower case unless
   *     quoted, schema removed
   * @param clause where it is
   * @param argumentsReferenceColumn any argument refers to a column (at any depth)
   * @param insideCaseOrCoalesce it is inside a CASE or COALESCE expression (at any depth)
   */
  public record FunctionUse(String name, Clause clause, boolean argumentsReferenceColumn,
      boolean insideCaseOrCoalesce) {
  }

  private final DmlShape shape;
  private final List<FunctionUse> functionUses;
  private final List<String> setColumns;

  DmlStatement(DmlShape shape, List<FunctionUse> functionUses) {
    this.shape = shape;
    this.functionUses = List.copyOf(functionUses);
    List<String> columns = new ArrayList<>();
    for (DmlShape.Assignment a : shape.assignments) {
      columns.addAll(a.columns());
    }
    this.setColumns = List.copyOf(columns);
  }

  DmlShape shape() {
    return shape;
  }

  /** The statement text as given. */
  public String sql() {
    return shape.sql;
  }

  public Kind kind() {
    return shape.kind;
  }

  /**
   * The target table in regclass syntax exactly as written: quoted parts keep their quotes
   * ({@code sales."Orders"}), so {@code to_regclass} resolves it as the statement does.
   */
  public String table() {
    return shape.table;
  }

  /** The target's alias as written, or null. */
  public String alias() {
    return shape.alias;
  }

  /** Columns assigned by SET (or DO UPDATE SET), as stored: unquoted names in lower case. */
  public List<String> setColumns() {
    return setColumns;
  }

  public List<FunctionUse> functionUses() {
    return functionUses;
  }

  /** UPDATE … FROM or DELETE … USING. */
  public boolean hasFromOrUsing() {
    return shape.fromStart >= 0;
  }

  public boolean hasCurrentOf() {
    return shape.currentOf;
  }

  public boolean hasWith() {
    return shape.withStart >= 0;
  }

  /** {@code SET (a, b) = …}. */
  public boolean hasTupleAssignment() {
    return shape.hasTuple();
  }

  public boolean hasReturning() {
    return shape.returningStart >= 0;
  }

  /** The number of JDBC {@code ?} placeholders, counted as pgjdbc counts them. */
  public int parameterCount() {
    return JdbcPlaceholders.offsets(shape.sql).length;
  }

  /** {@link #atomicRewrite(List, Map)} without casts. */
  public DmlRewrite atomicRewrite(List<String> keyColumns) {
    return DmlRewriter.atomic(shape, keyColumns, Map.of());
  }

  /**
   * The UPDATE or DELETE with its rows and new values computed first in a materialized CTE,
   * which Citus evaluates once on the coordinator (DESIGN.md, section 4):
   * <pre>
   * UPDATE t [AS a] SET c1 = e1 WHERE cond RETURNING r
   * → WITH citussafe_rows AS MATERIALIZED (SELECT a.k AS citussafe_k1, e1 AS citussafe_v1
   *     FROM t [AS a] WHERE cond)
   *   UPDATE t [AS a] SET c1 = citussafe_rows.citussafe_v1 FROM citussafe_rows
   *   WHERE a.k = citussafe_rows.citussafe_k1 RETURNING r
   * DELETE FROM t [AS a] WHERE cond → WITH citussafe_rows AS MATERIALIZED (SELECT a.k AS …
   *   FROM t [AS a] WHERE cond) DELETE FROM t [AS a] USING citussafe_rows WHERE a.k = …
   * </pre>
   * The CTE's columns are prefixed {@code citussafe_} so that unqualified names in RETURNING
   * still mean the table's columns; {@code RETURNING *} becomes {@code RETURNING a.*} so the
   * CTE's columns are not returned. {@code SET c = DEFAULT} stays as it is. The placeholders keep
   * their order (SET, WHERE, RETURNING) and count.
   *
   * <p>In the CTE an expression loses the type context of its target column: an untyped literal
   * or parameter ({@code NULL}, {@code '5'}, {@code setTimestamp}) becomes text. When
   * {@code columnTypes} names a SET column's type, its expression is written
   * {@code CAST(e AS type)}. Pass types without a type modifier
   * ({@code format_type(atttypid, NULL)}): an explicit cast to {@code varchar(3)} truncates where
   * the assignment would have failed.
   *
   * @param keyColumns the row key (primary key, else a unique not-null key) as stored
   * @param columnTypes SQL type names by column name as stored; may be empty
   * @return the rewrite, or a refusal for an upsert, FROM/USING, WHERE CURRENT OF, a WITH
   *     prefix, a tuple or subscripted assignment, SET of a key column, or no key
   * @throws IllegalArgumentException when a key column name is empty or holds a NUL character
   */
  public DmlRewrite atomicRewrite(List<String> keyColumns, Map<String, String> columnTypes) {
    return DmlRewriter.atomic(shape, keyColumns, columnTypes);
  }

  /**
   * One batch of a key-ordered backfill of an UPDATE, with the user's parameters inlined and
   * the watermark as placeholders, one per key column, to bind with the greatest key the
   * previous batch returned:
   * <pre>
   * WITH citussafe_rows AS MATERIALIZED (SELECT a.k AS citussafe_k1[, e1 AS citussafe_v1]
   *     FROM t [AS a] WHERE (cond) AND (a.k) &gt; (?) ORDER BY a.k LIMIT n)
   *   UPDATE t [AS a] SET c1 = {e1 | citussafe_rows.citussafe_v1} FROM citussafe_rows
   *   WHERE a.k = citussafe_rows.citussafe_k1 RETURNING a.k
   * </pre>
   * The statement returns the keys of the rows it updated, in no particular order; fewer than
   * {@code batchRows} rows means the backfill is done. It can be re-run from any watermark when the UPDATE is
   * idempotent ({@code WHERE c IS NULL}).
   *
   * @param rewriteValues compute the new values in the CTE (for statements Citus rejects);
   *     false keeps the SET list as written
   * @param parameterLiterals one quoted literal per user placeholder, e.g. from
   *     {@link SqlText#quoteLiteral}
   * @param columnTypes as for {@link #atomicRewrite(List, Map)}, used when {@code rewriteValues}
   * @throws IllegalArgumentException when {@code batchRows} is not positive, a key column name is
   *     invalid, or the literals do not match the placeholders in number
   */
  public DmlRewrite batchStatement(List<String> keyColumns, int batchRows, boolean rewriteValues,
      List<String> parameterLiterals, Map<String, String> columnTypes) {
    return DmlRewriter.batch(shape, keyColumns, batchRows, rewriteValues, parameterLiterals,
        columnTypes, true);
  }

  /** The first batch: {@link #batchStatement} without the watermark predicate and placeholders. */
  public DmlRewrite firstBatchStatement(List<String> keyColumns, int batchRows, boolean rewriteValues,
      List<String> parameterLiterals, Map<String, String> columnTypes) {
    return DmlRewriter.batch(shape, keyColumns, batchRows, rewriteValues, parameterLiterals,
        columnTypes, false);
  }

  /**
   * {@code SELECT count(*) FROM t [AS a] [WHERE (cond)]} with the parameters inlined: how many
   * rows the statement touches, for a backfill's progress.
   *
   * @throws IllegalArgumentException when the literals do not match the placeholders in number
   */
  public String countStatement(List<String> parameterLiterals) {
    return DmlRewriter.count(shape, parameterLiterals);
  }

  /**
   * The statement as a {@code run_command_on_shards} call that runs it on every shard, on the
   * workers: {@code SELECT shardid, success, result FROM run_command_on_shards('<table>', $tag$<text>$tag$)}.
   * In the text the table becomes {@code %s} (with {@code AS <table name>} added when there was
   * no alias, so {@code orders.id} still resolves), each {@code %} is doubled, the parameters are
   * inlined and pgjdbc's {@code ??} escapes are undone (pgjdbc does not look into dollar quotes).
   * The tag is {@code $citussafe$}, or {@code $citussafe1$}… when the text holds it. Not
   * transactional: the caller allows it only in autocommit.
   *
   * @param parameterLiterals one quoted literal per placeholder
   * @return the command, or a refusal for an upsert, WITH, FROM/USING, WHERE CURRENT OF,
   *     RETURNING (shards return only a command tag) or a subquery (it would read the whole
   *     distributed table from each shard)
   * @throws IllegalArgumentException when the literals do not match the placeholders in number
   */
  public DmlRewrite perShardCommand(List<String> parameterLiterals) {
    return DmlRewriter.perShard(shape, parameterLiterals);
  }

  /**
   * For an upsert: each {@code now()}, {@code CURRENT_TIMESTAMP}, {@code transaction_timestamp()},
   * {@code statement_timestamp()}, {@code LOCALTIMESTAMP}, {@code CURRENT_DATE},
   * {@code CURRENT_TIME} or {@code LOCALTIME} (also with a precision, or
   * {@code pg_catalog.}-qualified) in DO UPDATE SET or its WHERE becomes
   * {@code CAST(? AS <its type>)}, and {@link DmlRewrite#appendedParameters()} lists their texts
   * in order. The caller runs {@code SELECT (<expression>)::text, …} in the same transaction and
   * binds each value with {@code setObject(i, text, Types.OTHER)}, so the server types it from the
   * CAST; with {@code setString} it arrives as varchar, and the varchar-to-timestamptz cast is a
   * STABLE function that Citus rejects again (verified on 13.2). Each of these has one value per
   * transaction (per statement for
   * {@code statement_timestamp()}, where the helper SELECT's value is microseconds earlier), so
   * the stored values are the ones PostgreSQL would have stored; a new placeholder per execution
   * keeps that true when pgjdbc prepares the statement on the server.
   *
   * @return the rewrite, or a refusal when there is no such call or a user placeholder follows
   *     the first one (the new placeholders are numbered after the user's)
   */
  public DmlRewrite upsertTimestampParameters() {
    return DmlRewriter.upsertTimestamps(shape, null);
  }

  /**
   * {@link #upsertTimestampParameters()} with the values written in: each call becomes
   * {@code CAST(<literal> AS <its type>)}. For plain statements; user placeholders stay.
   *
   * @param literalTexts one quoted literal per call, in the order of
   *     {@code upsertTimestampParameters().appendedParameters()}
   * @throws IllegalArgumentException when the number of literals differs from the number of calls
   */
  public DmlRewrite upsertTimestampLiterals(List<String> literalTexts) {
    return DmlRewriter.upsertTimestamps(shape, List.copyOf(literalTexts));
  }

  @Override
  public String toString() {
    return "DmlStatement[" + shape.kind + " " + shape.table + ", uses=" + functionUses + "]";
  }
}
