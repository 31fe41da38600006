package io.citussafe.driver;

import java.sql.DriverPropertyInfo;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Every setting of the driver. Set each as a URL parameter
 * ({@code jdbc:citussafe:postgresql://host/db?citussafe.mode=dry-run}) or in the connection
 * {@link Properties}; they are removed before pgjdbc sees the rest. Constants stay sorted by key.
 */
public enum CitusSafeProperty {

  /** Rows per shard in each batch of a batched backfill; 0 runs UPDATEs whole. */
  BACKFILL_BATCH_ROWS("citussafe.backfillBatchRows", "0",
      "In autocommit, run multi-shard UPDATEs of more rows than this many per shard as key-ordered "
          + "batches of about this many rows per shard, each committed, with progress on logger "
          + "citussafe.progress; 0 runs every UPDATE as one statement"),

  /** How UPDATE/DELETE statements that Citus rejects are run. */
  BULK_UPDATE("citussafe.bulkUpdate", "atomic",
      "atomic: rewrite rejected UPDATE/DELETE into a transactional form that computes new values "
          + "on the coordinator; per-shard: in autocommit, run them on every shard in parallel "
          + "(not transactional); off: leave them to fail as without citussafe",
      "atomic", "per-shard", "off"),

  /** Plans kept in the per-cluster plan cache. */
  CACHE_SIZE("citussafe.cacheSize", "10000",
      "How many SQL texts' plans are cached per cluster (0 disables the cache)"),

  /** The column by which tables holding it are distributed, co-located, across their foreign keys. */
  DISTRIBUTION_COLUMN("citussafe.distributionColumn", "",
      "A column name (company_id): on Citus, create_distributed_table of a table holding it lays out every "
          + "table connected to it by foreign keys in one transaction: tables holding it distributed by it and "
          + "co-located, their primary keys, unique keys and foreign keys given the column first, the tables they "
          + "reference without it made reference tables (the root, which they reference by the column, "
          + "distributed by its key); later CREATE TABLE, unique keys, foreign keys and ON CONFLICT follow the "
          + "layout; empty = off"),

  /** Raise an error instead of skipping Citus functions on plain PostgreSQL. */
  FAIL_ON_MISSING_CITUS("citussafe.failOnMissingCitus", "false",
      "On plain PostgreSQL, fail Citus-only calls such as create_distributed_table instead of "
          + "skipping them with a warning", "true", "false"),

  /** Rows from which SET NOT NULL, CHECK and FOREIGN KEY run in lock-light steps. */
  LOCK_LIGHT_MIN_ROWS("citussafe.lockLightMinRows", "100000",
      "In autocommit, SET NOT NULL, ADD CHECK and ADD FOREIGN KEY on a table with at least this many "
          + "rows (estimated from statistics) run as NOT VALID + VALIDATE steps that do not block writes "
          + "during the scan; 0 = always"),

  /** How many times DDL that hit the lock timeout is tried again in autocommit. */
  LOCK_RETRIES("citussafe.lockRetries", "3",
      "On migration connections in autocommit, how many times a DDL statement that gave up waiting "
          + "for a lock (citussafe.lockTimeout) is tried again, after a growing, jittered pause"),

  /** How long DDL on migration connections waits for a lock. */
  LOCK_TIMEOUT("citussafe.lockTimeout", "5s",
      "lock_timeout of migration connections, on the coordinator and (through "
          + "citus.propagate_set_commands) on the workers, so DDL waiting for a lock gives up instead of "
          + "stalling the statements queued behind it: a duration with unit ms, s, m or h; 0 = off"),

  /** How long table and cluster metadata stay cached. */
  METADATA_TTL("citussafe.metadataTtl", "60s",
      "How long Citus metadata (is Citus installed, table kind, distribution column, local heap "
          + "size) is cached per cluster: a number with unit ms, s, m or h"),

  /** What the driver does with statements that need its help. */
  MODE("citussafe.mode", "rewrite",
      "rewrite: apply the rules; dry-run: log each plan and run statements unchanged; off: plain "
          + "pgjdbc", "rewrite", "dry-run", "off"),

  /** What happens to tables a migration creates on Citus. */
  NEW_TABLES("citussafe.newTables", "local",
      "local: tables stay as created; reference: on Citus, a table created by CREATE TABLE becomes a "
          + "reference table right after, in the same transaction (not temporary tables nor the history "
          + "tables of Flyway and Liquibase)", "local", "reference"),

  /** When transactions start in Citus's sequential multi-shard mode. */
  SEQUENTIAL_TRANSACTIONS("citussafe.sequentialTransactions", "auto",
      "auto: start each transaction of a connection on which a migration tool (Flyway, "
          + "Liquibase) works with SET LOCAL citus.multi_shard_modify_mode TO 'sequential'; "
          + "always: on every transaction of this connection; never: not at all",
      "auto", "always", "never");

  private static final Map<String, CitusSafeProperty> BY_KEY;

  static {
    Map<String, CitusSafeProperty> byKey = new LinkedHashMap<>();
    for (CitusSafeProperty property : values()) {
      if (byKey.put(property.key, property) != null) {
        throw new ExceptionInInitializerError("duplicate property key: " + property.key);
      }
    }
    BY_KEY = Collections.unmodifiableMap(byKey);
  }

  /** Prefix that marks a setting as ours. */
  public static final String PREFIX = "citussafe.";

  private final String key;
  private final String defaultValue;
  private final String description;
  private final String[] choices;

  CitusSafeProperty(String key, String defaultValue, String description, String... choices) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
    this.choices = choices;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** Allowed values, or an empty array when any value of the right form is allowed. */
  public String[] choices() {
    return choices.clone();
  }

  /** The property for a key, or null. */
  public static CitusSafeProperty forKey(String key) {
    return BY_KEY.get(key);
  }

  /** Comma-separated list of every key, for error messages. */
  static String allKeys() {
    return String.join(", ", BY_KEY.keySet());
  }

  DriverPropertyInfo toDriverPropertyInfo(Properties given) {
    DriverPropertyInfo info = new DriverPropertyInfo(key, given.getProperty(key, defaultValue));
    info.description = description + " (default " + defaultValue + ")";
    info.required = false;
    info.choices = choices.length == 0 ? null : choices.clone();
    return info;
  }
}
