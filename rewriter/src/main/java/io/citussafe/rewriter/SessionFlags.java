package io.citussafe.rewriter;

/**
 * What a statement does to the session, which the connection tracks even for statements that
 * pass through: transaction boundaries, search_path changes, schema changes, and whether a
 * migration tool takes or releases its lock (the recognition half of rule R3; the driver's session
 * keeps the state machine). Bits of {@link Analysis#flags()}.
 *
 * <p>A migration run is recognised by the lock the tool takes before it changes anything, as
 * measured with Flyway 13 and Liquibase 4.33: Flyway's {@code SELECT pg_try_advisory_xact_lock(k)}
 * (or {@code pg_try_advisory_lock(k)} with {@code postgresql.transactional.lock=false}), whose key
 * {@code k} is 77431708279161 plus the hash of its history table's quoted name, and Liquibase's
 * {@code UPDATE databasechangeloglock SET LOCKED = TRUE …}. Reads of the history tables
 * ({@code info}, {@code validate}, {@code status}, health endpoints) take no lock and mark nothing.
 */
final class SessionFlags {

  /** The keys Flyway's advisory locks can have: its base plus the int hash of the history table's quoted name. */
  private static final long FLYWAY_LOCK_MIN = 77_431_708_279_161L - (1L << 31);
  private static final long FLYWAY_LOCK_MAX = 77_431_708_279_161L + (1L << 31) - 1;

  /**
   * Identifiers of Flyway's schema history table (default {@code flyway_schema_history}; under a
   * custom name its {@code installed_rank} column still shows) and of Liquibase's
   * {@code databasechangelog} and {@code databasechangeloglock} (custom names keep the columns
   * {@code orderexecuted} and {@code lockgranted}). Only identifiers count, so an application's
   * string literal that happens to contain such a word does not.
   */
  private static final String[] MIGRATION_MARKERS = {
      "flyway_schema_history", "installed_rank", "databasechangelog", "databasechangeloglock",
      "orderexecuted", "lockgranted"};

  private SessionFlags() {
  }

  /** The flags of one statement, without the migration lock ({@link #migrationLock}). */
  static int of(StatementText statement) {
    Scanner s = statement.scanner();
    switch (statement.firstWord) {
      case "begin":
      case "start":
        return Analysis.TRANSACTION_START;
      case "commit":
      case "end":
      case "abort":
      case "rollback":
        s.next();
        // ROLLBACK TO SAVEPOINT stays in the transaction; COMMIT/ROLLBACK PREPARED run outside one
        return s.isWord("to") || s.isWord("prepared") ? 0 : Analysis.TRANSACTION_END;
      case "prepare":
        s.next();
        return s.isWord("transaction") ? Analysis.TRANSACTION_END : 0;
      case "discard":
        return Analysis.SESSION_CHANGE;
      case "select":
        // Flyway switches schemas with SELECT set_config('search_path', ?, false)
        return Lexer.indexOfIgnoreCase(statement.text, "set_config", 0) >= 0 && callsSetConfig(s)
            ? Analysis.SESSION_CHANGE : 0;
      case "set":
      case "reset":
        s.next();
        if (s.isWord("session") || s.isWord("local")) {
          s.next();
        }
        return s.isWord("search_path") || s.isWord("schema") || s.isWord("all") ? Analysis.SESSION_CHANGE : 0;
      case "alter":
      case "create":
      case "drop":
      case "truncate":
        return Analysis.SCHEMA_CHANGE | (runsInTransactionBlock(s) ? Analysis.LOCKING_DDL : 0);
      case "do":
      case "call":
        return Analysis.SCHEMA_CHANGE;
      default:
        return 0;
    }
  }

  /**
   * False for the DDL PostgreSQL refuses inside a transaction block ({@code CONCURRENTLY},
   * databases, tablespaces, {@code ALTER SYSTEM}, subscriptions). The scanner stands on the first word.
   */
  private static boolean runsInTransactionBlock(Scanner s) {
    s.next();
    if (s.isWord("database") || s.isWord("tablespace") || s.isWord("system") || s.isWord("subscription")) {
      return false;
    }
    for (; s.type() != Scanner.Type.END; s.next()) {
      if (s.depth() == 0 && s.isWord("concurrently")) {
        return false;
      }
    }
    return true;
  }

  /**
   * The one table a schema-changing statement changes, in regclass syntax, or null when it may
   * change others (then every cached fact is dropped): {@code ALTER TABLE t}, {@code CREATE
   * TABLE t}, {@code CREATE INDEX … ON t}, {@code TRUNCATE t}; not one that adds or may drop a
   * foreign key ({@code DROP TABLE t} among them).
   */
  static String changedTable(StatementText statement) {
    Scanner s = statement.scanner();
    String word = statement.firstWord;
    if ((word.equals("alter") || word.equals("create") || word.equals("drop")) && changesForeignKeys(statement)) {
      // Citus makes the referenced local table a Citus-local table when the referencing one is a
      // Citus table, and turns it back when the last such key goes: that table changes too
      return null;
    }
    s.next();
    if (word.equals("truncate")) {
      s.accept("table");
      s.accept("only");
      return single(s);
    }
    if (word.equals("alter") || word.equals("drop")) {
      if (!s.accept("table")) {
        return null;
      }
      if (s.accept("if")) {
        s.accept("exists");
      }
      s.accept("only");
      return single(s);
    }
    if (word.equals("create")) {
      while (s.isWord("unique") || s.isWord("temporary") || s.isWord("temp") || s.isWord("unlogged")
          || s.isWord("global") || s.isWord("local")) {
        s.next();
      }
      if (s.accept("table")) {
        if (s.accept("if")) {
          s.accept("not");
          s.accept("exists");
        }
        return Names.readQualified(s);
      }
      if (s.isWord("index")) {
        return Names.readIndexedTable(s);
      }
    }
    return null;
  }

  /** Adds a foreign key ({@code REFERENCES}), or may drop one ({@code DROP CONSTRAINT}, {@code DROP TABLE}). */
  private static boolean changesForeignKeys(StatementText statement) {
    Scanner s = statement.scanner();
    s.next();
    if (s.isWord("drop")) {
      s.next();
      return s.isWord("table");
    }
    boolean drop = false;
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (s.isWord("references") || drop && s.isWord("constraint")) {
        return true;
      }
      drop = s.isWord("drop");
    }
    return false;
  }

  /** A single table name followed by nothing but options; null when a list follows. */
  private static String single(Scanner s) {
    String name = Names.readQualified(s);
    return name == null || s.isSymbol(',') ? null : name;
  }

  private static boolean callsSetConfig(Scanner s) {
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (s.isWord("set_config")) {
        s.next();
        if (s.isSymbol('(')) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * {@link Analysis#MIGRATION_TOOL} when the statement takes a migration tool's lock,
   * {@link Analysis#MIGRATION_END} when it releases it, else 0. Only SELECT and UPDATE are read.
   */
  static int migrationLock(StatementText statement) {
    if (statement.firstWord.equals("select")) {
      return advisoryLock(statement.scanner());
    }
    if (!statement.firstWord.equals("update") || !mentionsMigrationTool(statement.text)) {
      return 0;
    }
    // UPDATE <lock table> SET LOCKED = TRUE|FALSE …
    Scanner s = statement.scanner();
    for (s.next(); s.type() != Scanner.Type.END; s.next()) {
      if (s.isWord("locked")) {
        s.next();
        if (s.isSymbol('=')) {
          s.next();
          return s.isWord("true") ? Analysis.MIGRATION_TOOL : s.isWord("false") ? Analysis.MIGRATION_END : 0;
        }
      }
    }
    return 0;
  }

  /** {@code SELECT pg_[try_]advisory[_xact]_lock(k)} or {@code pg_advisory_unlock(k)} with a key of Flyway's. */
  private static int advisoryLock(Scanner s) {
    s.next();
    boolean lock = s.isWord("pg_try_advisory_xact_lock") || s.isWord("pg_try_advisory_lock")
        || s.isWord("pg_advisory_xact_lock") || s.isWord("pg_advisory_lock");
    if (!lock && !s.isWord("pg_advisory_unlock")) {
      return 0;
    }
    s.next();
    if (!s.isSymbol('(')) {
      return 0;
    }
    s.next();
    boolean negative = s.isSymbol('-');
    if (negative) {
      s.next();
    }
    if (s.type() != Scanner.Type.NUMBER) {
      return 0;
    }
    long key;
    try {
      key = Long.parseLong(s.text()) * (negative ? -1 : 1);
    } catch (NumberFormatException e) {
      return 0;
    }
    if (key < FLYWAY_LOCK_MIN || key > FLYWAY_LOCK_MAX) {
      return 0;
    }
    return lock ? Analysis.MIGRATION_TOOL : Analysis.MIGRATION_END;
  }

  static boolean mentionsMigrationTool(String sql) {
    boolean candidate = false;
    for (String marker : MIGRATION_MARKERS) {
      if (Lexer.indexOfIgnoreCase(sql, marker, 0) >= 0) {
        candidate = true;
        break;
      }
    }
    if (!candidate) {
      return false;
    }
    Scanner s = new Scanner(sql);
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (t == Scanner.Type.WORD || t == Scanner.Type.QUOTED_IDENTIFIER) {
        int start = t == Scanner.Type.WORD ? s.start() : s.start() + 1;
        int end = t == Scanner.Type.WORD ? s.end() : s.end() - 1;
        for (String marker : MIGRATION_MARKERS) {
          if (Lexer.wordEquals(sql, start, end, marker)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
