package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/**
 * What a SQL text is, from its tokens alone: its statements, what each does to the session, and
 * which rules may apply to each. Made once per text and cached; most texts get a shared
 * pass-through instance, so an application's statements cost one cache lookup.
 */
public final class Analysis {

  /**
   * A migration tool takes its lock: a migration run starts (Flyway's advisory lock, Liquibase's
   * {@code databasechangeloglock}). Reading the tools' history tables ({@code info},
   * {@code validate}, {@code status}) does not count.
   */
  public static final int MIGRATION_TOOL = 1;
  /** The text opens a transaction block: {@code BEGIN}, {@code START TRANSACTION}. */
  public static final int TRANSACTION_START = 2;
  /** The text ends a transaction block: {@code COMMIT}, {@code END}, {@code ROLLBACK}, {@code ABORT}. */
  public static final int TRANSACTION_END = 4;
  /** The text may change what unqualified names mean: {@code SET search_path}, {@code RESET ALL}, {@code DISCARD}. */
  public static final int SESSION_CHANGE = 8;
  /** The text changes the schema (DDL, {@code DO}, {@code CALL}): cached table facts are stale after it. */
  public static final int SCHEMA_CHANGE = 16;
  /** A migration tool releases its lock: the migration run ends. */
  public static final int MIGRATION_END = 32;
  /**
   * The text is one DDL statement that waits for table locks and may run inside a transaction
   * block (not {@code CONCURRENTLY}, {@code DO}, {@code CALL}, databases, tablespaces): on a
   * migration connection in autocommit the driver runs it in a transaction of its own, so that
   * its lock wait is bounded on every node.
   */
  public static final int LOCKING_DDL = 64;

  private static final Analysis[] PASS_THROUGH_BY_FLAGS = new Analysis[128];

  static {
    for (int flags = 0; flags < PASS_THROUGH_BY_FLAGS.length; flags++) {
      PASS_THROUGH_BY_FLAGS[flags] = new Analysis(flags, List.of(), List.of(), false);
    }
  }

  /** Nothing to do: run the text unchanged. */
  public static final Analysis PASS_THROUGH = PASS_THROUGH_BY_FLAGS[0];

  /** One statement of the text, at {@code [start, end)} of it, and the rules that read it. */
  record Piece(StatementText statement, int start, int end, List<Match<?>> matches) {
  }

  private final int flags;
  private final List<Piece> pieces;
  /** Tables the text changes, for {@link #SCHEMA_CHANGE}; empty when it may change any. */
  private final List<String> changedTables;
  private final boolean matched;

  private Analysis(int flags, List<Piece> pieces, List<String> changedTables, boolean matched) {
    this.flags = flags;
    this.pieces = pieces;
    this.changedTables = changedTables;
    this.matched = matched;
  }

  /** The shared pass-through analysis with these flags (of a JDBC batch of texts no rule reads). */
  public static Analysis withFlags(int flags) {
    return PASS_THROUGH_BY_FLAGS[flags];
  }

  static Analysis of(int flags, List<Piece> pieces, List<String> changedTables) {
    boolean matched = false;
    for (Piece piece : pieces) {
      matched |= !piece.matches().isEmpty();
    }
    if (!matched && changedTables.isEmpty()) {
      return PASS_THROUGH_BY_FLAGS[flags];
    }
    return new Analysis(flags, matched ? List.copyOf(pieces) : List.of(), List.copyOf(changedTables), matched);
  }

  /** No rule applies and the session has nothing to note: pgjdbc runs the text as it is. */
  public boolean isPassThrough() {
    return flags == 0 && !matched;
  }

  /** A rule may apply to one of the statements: the text must be planned. */
  public boolean needsPlan() {
    return matched;
  }

  /**
   * Bits of {@link #MIGRATION_TOOL}, {@link #MIGRATION_END}, {@link #TRANSACTION_START},
   * {@link #TRANSACTION_END}, {@link #SESSION_CHANGE}, {@link #SCHEMA_CHANGE} and
   * {@link #LOCKING_DDL}; zero for almost all SQL.
   */
  public int flags() {
    return flags;
  }

  /**
   * The tables the text changes, in regclass syntax, when {@link #SCHEMA_CHANGE} is set; an empty
   * list means it may change any table.
   */
  public List<String> changedTables() {
    return changedTables;
  }

  /** How many statements the text holds (0 when it was not split because no rule applies). */
  public int statementCount() {
    return pieces.size();
  }

  List<Piece> pieces() {
    return pieces;
  }

  /** The rule names that matched, for tests and the command line. */
  public List<String> matchedRules() {
    List<String> names = new ArrayList<>();
    for (Piece piece : pieces) {
      for (Match<?> match : piece.matches()) {
        names.add(match.rule().getClass().getSimpleName());
      }
    }
    return names;
  }

  @Override
  public String toString() {
    return "Analysis[flags=" + flags + ", rules=" + matchedRules() + ", changes=" + changedTables + "]";
  }
}
