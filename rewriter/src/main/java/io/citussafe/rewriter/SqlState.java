package io.citussafe.rewriter;

/**
 * Every SQLSTATE citussafe raises or reads, in one table (as pgjdbc's {@code PSQLState}): the
 * driver's own errors, the rules' refusals, and the server's codes the driver recognises. The
 * server's own errors otherwise pass through untouched.
 */
public enum SqlState {

  /** A warning the driver adds to a statement's warnings. */
  WARNING("01000"),

  /** executeQuery of a command that returns no rows (pgjdbc's own code for it). */
  NO_DATA("02000"),

  /** The connection or statement is closed. */
  CONNECTION_DOES_NOT_EXIST("08003"),

  /** A JDBC feature the wrapper does not offer, or a connection that is not citussafe's. */
  FEATURE_NOT_SUPPORTED("0A000"),

  /**
   * A per-shard statement failed on some shards while others committed (per-shard mode is not
   * transactional). Data exception, since the shards' errors are usually constraint violations.
   */
  PER_SHARD_FAILURE("22000"),

  /** A citussafe setting or DataSource property has an unknown name or a value of the wrong form. */
  INVALID_PARAMETER_VALUE("22023"),

  /** A column holds NULLs where SET NOT NULL needs none: PostgreSQL's own code for it. */
  NOT_NULL_VIOLATION("23502"),

  /** foreign_key_violation, as a shard raised it (read from Citus's re-raised message, see {@link #INTERNAL_ERROR}). */
  FOREIGN_KEY_VIOLATION("23503"),

  /** unique_violation, as a shard raised it. */
  UNIQUE_VIOLATION("23505"),

  /** check_violation, as a shard raised it. */
  CHECK_VIOLATION("23514"),

  /** exclusion_violation, as a shard raised it. */
  EXCLUSION_VIOLATION("23P01"),

  /**
   * internal_error: Citus's COPY path (COPY, and INSERT … SELECT that goes through the coordinator)
   * re-raises a shard's constraint violation with this code instead of the shard's (read, never raised).
   */
  INTERNAL_ERROR("XX000"),

  /** insufficient_privilege: the role may not do this (not the table's owner, no such grant). */
  INSUFFICIENT_PRIVILEGE("42501"),

  /** The server's "already exists" for a constraint or other object (read, never raised). */
  DUPLICATE_OBJECT("42710"),

  /** A Citus function was called on plain PostgreSQL with failOnMissingCitus=true. */
  UNDEFINED_FUNCTION("42883"),

  /** PostgreSQL's "trigger … does not exist", answered for the server when Citus would raise another error. */
  UNDEFINED_OBJECT("42704"),

  /** The server's "relation does not exist", which Citus raises for a shard a stale plan names. */
  UNDEFINED_TABLE("42P01"),

  /**
   * The statement cannot be made safe in this state of the database, e.g. a plain local table's
   * foreign key blocks removing a distributed table's stale coordinator rows.
   */
  OBJECT_NOT_IN_PREREQUISITE_STATE("55000"),

  /** A migration's DDL gave up waiting for a lock after citussafe.lockTimeout (PostgreSQL's lock_not_available). */
  LOCK_NOT_AVAILABLE("55P03"),

  /** The statement's query timeout passed, or it was cancelled, while the driver ran its steps. */
  QUERY_CANCELED("57014");

  /** The class of integrity constraint violations (23xxx). */
  private static final String INTEGRITY_CONSTRAINT_VIOLATION_CLASS = "23";
  /** Connection exceptions (08xxx): the connection was lost or refused. */
  private static final String CONNECTION_EXCEPTION_CLASS = "08";
  /** Operator intervention (57xxx): a cancel, a statement timeout, a terminated backend. */
  private static final String OPERATOR_INTERVENTION_CLASS = "57";

  private final String code;

  SqlState(String code) {
    this.code = code;
  }

  /** The five-character code. */
  public String code() {
    return code;
  }

  /** True when {@code sqlState} (of an SQLException, possibly null) is this code. */
  public boolean is(String sqlState) {
    return code.equals(sqlState);
  }

  /** True when {@code sqlState} (possibly null) is of class 23, an integrity constraint violation. */
  public static boolean isIntegrityConstraintViolation(String sqlState) {
    return sqlState != null && sqlState.startsWith(INTEGRITY_CONSTRAINT_VIOLATION_CLASS);
  }

  /**
   * True when {@code sqlState} (possibly null) says the statement was interrupted rather than
   * refused: cancelled, timed out, its backend terminated or its connection lost (classes 57 and 08).
   */
  public static boolean isInterruption(String sqlState) {
    return sqlState != null
        && (sqlState.startsWith(OPERATOR_INTERVENTION_CLASS) || sqlState.startsWith(CONNECTION_EXCEPTION_CLASS));
  }
}
