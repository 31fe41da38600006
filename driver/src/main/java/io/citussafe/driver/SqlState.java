package io.citussafe.driver;

/** The SQLSTATE codes the driver itself raises; the server's own errors pass through untouched. */
enum SqlState {

  /** A citussafe setting has an unknown key or a value of the wrong form. */
  INVALID_PARAMETER_VALUE("22023"),

  /**
   * The statement cannot be made safe in this state of the database, e.g. a plain local table's
   * foreign key blocks removing a distributed table's stale coordinator rows.
   */
  OBJECT_NOT_IN_PREREQUISITE_STATE("55000"),

  /** A Citus function was called on plain PostgreSQL with failOnMissingCitus=true. */
  UNDEFINED_FUNCTION("42883"),

  /**
   * A per-shard statement failed on some shards while others committed (per-shard mode is not
   * transactional). Data exception, since the shards' errors are usually constraint violations.
   */
  PER_SHARD_FAILURE("22000"),

  /** The statement's query timeout passed, or it was cancelled, while the driver ran its steps. */
  QUERY_CANCELED("57014"),

  /** A migration's DDL gave up waiting for a lock after citussafe.lockTimeout (PostgreSQL's lock_not_available). */
  LOCK_NOT_AVAILABLE("55P03"),

  /** A JDBC feature the wrapper does not offer. */
  FEATURE_NOT_SUPPORTED("0A000"),

  /** The connection or statement is closed. */
  CONNECTION_DOES_NOT_EXIST("08003");

  private final String code;

  SqlState(String code) {
    this.code = code;
  }

  String code() {
    return code;
  }
}
