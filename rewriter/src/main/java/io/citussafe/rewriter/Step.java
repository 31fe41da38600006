package io.citussafe.rewriter;

/**
 * One step of a {@link Plan}. Steps that depend on the database (is this a Citus table? is its
 * coordinator heap empty?) carry what the driver needs to decide at run time; the rewriter itself
 * does no I/O.
 */
public sealed interface Step {

  /** Text of the user's statement(s) that this step runs or stands for. */
  String sql();

  /**
   * Run the text as written, byte for byte. {@code changesSchema} when it holds DDL, after which
   * cached table metadata is stale.
   */
  record Execute(String sql, boolean changesSchema) implements Step {
  }

  /**
   * Before heap-scanning DDL (rule R2): when {@code table} is a distributed or reference table
   * whose coordinator heap still holds rows, remove them with
   * {@code truncate_local_data_after_distributing_table}. {@code table} is in regclass syntax
   * ({@code public."Orders"}), resolved by the server against the search_path.
   */
  record CleanLocalHeap(String table, String sql) implements Step {
  }

  /**
   * The user's {@code create_distributed_table}/{@code create_reference_table} call (rule R1):
   * skip when already done the same way, else run it and clean the table's coordinator heap in
   * the same transaction.
   */
  record Distribute(String sql, DistributionCall call) implements Step {
  }

  /**
   * An UPDATE, DELETE or upsert with function calls, which Citus may reject on a distributed
   * table; the driver decides with the functions' volatility and the table's metadata.
   */
  record Dml(String sql, DmlStatement statement) implements Step {
  }

  /** A call of a Citus utility function that plain PostgreSQL does not have. */
  record CitusOnly(String sql, String function) implements Step {
  }
}
