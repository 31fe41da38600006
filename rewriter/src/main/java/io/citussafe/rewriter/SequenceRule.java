package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.Set;

/**
 * {@code ALTER SEQUENCE} on a sequence Citus propagated to the workers (one a Citus table's
 * default uses), which Citus refuses for every option ({@code Altering a distributed sequence is
 * currently not supported.}; {@code RENAME}, {@code OWNER TO}, {@code SET SCHEMA} and
 * {@code SET [UN]LOGGED} it takes). {@code RESTART [WITH n]} alone becomes {@code setval}, which
 * means the same. Any other option list replaces the sequence in one statement, as verified on
 * Citus 13.2.2 as the table's owner without superuser: a new sequence with the old one's
 * settings and value, the user's options (and the old one's {@code OWNED BY}, which Citus allows
 * only before the sequence is in use) applied to it, the defaults that used the old one moved to
 * it, its grants and comment copied, the old one dropped and the new one given its name. What
 * differs from PostgreSQL: the sequence is a new object (its oid), and on the workers it is not
 * {@code OWNED BY} the column. An identity column's sequence keeps Citus's error. (Dropping and
 * creating it again under its own name instead ends in a distributed deadlock: Citus creates it
 * on the workers over connections outside the transaction.)
 */
final class SequenceRule implements Rule<SequenceRule.Alter> {

  /**
   * @param sequence the sequence as written
   * @param restartWith {@code RESTART WITH n}: the n as written; {@code ""} for a bare RESTART; null
   *     for any other form
   * @param options the text after the sequence's name
   */
  record Alter(String sql, String sequence, String restartWith, String options) {

    /** An option list (not RESTART alone, RENAME, OWNER TO or SET …), which Citus refuses. */
    boolean optionList() {
      Scanner s = new Scanner(options);
      s.next();
      return restartWith == null && !(s.isWord("rename") || s.isWord("owner") || s.isWord("set"));
    }
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter");
  }

  @Override
  public Alter match(StatementText statement) {
    Scanner s = statement.scanner();
    s.next();
    if (!s.accept("sequence")) {
      return null;
    }
    if (s.isWord("if")) {
      s.next();
      s.accept("exists");
    }
    String sequence = Names.readQualified(s);
    if (sequence == null) {
      return null;
    }
    String options = statement.text.substring(s.start()).strip();
    String restart = null;
    if (s.accept("restart")) {
      restart = "";
      s.accept("with");
      if (s.type() == Scanner.Type.NUMBER || s.isSymbol('-')) {
        int start = s.start();
        if (s.isSymbol('-')) {
          s.next();
        }
        s.next();
        restart = statement.text.substring(start, s.start()).strip();
      }
      if (s.type() != Scanner.Type.END) {
        // RESTART with other options: the option list
        restart = null;
      }
    }
    return new Alter(statement.text, sequence, restart, options);
  }

  @Override
  public Plan plan(Alter alter, Facts facts, Next next) throws SQLException {
    if (!facts.isDistributedObject(alter.sequence())) {
      return null;
    }
    String literal = SqlText.quoteLiteral(alter.sequence());
    if (alter.restartWith() == null) {
      return alter.optionList() && !alter.options().contains(SequenceReplacement.TAG) ? replaced(alter)
          : Plan.of(new Step.User(alter.sql(), replacementHint(alter)));
    }
    String setval = alter.restartWith().isEmpty()
        ? "SELECT pg_catalog.setval(" + literal + ", seqstart, false) FROM pg_catalog.pg_sequence WHERE seqrelid = "
            + literal + "::regclass"
        : "SELECT pg_catalog.setval(" + literal + ", " + alter.restartWith() + ", false)";
    return Plan.of(new Step.Run(setval), new Step.Report("ran as " + setval + ": Citus does not alter a sequence "
        + "it propagated to the workers, and setval restarts it the same way"));
  }

  /** One DO block, so that everything is read and done at once, in the statement's transaction. */
  private static Plan replaced(Alter alter) {
    return Plan.of(new Step.Run(SequenceReplacement.block(alter.sequence(), alter.options(), null)),
        new Step.Report("replaced the sequence " + alter.sequence() + " by a new one with this change, in one "
        + "statement: Citus does not alter a sequence it propagated to the workers. The value, the defaults that use "
        + "it, its OWNED BY, grants and comment carried over and it has its old name; it is a new object, and on the "
        + "workers it is not OWNED BY the column"));
  }

  /** What to run instead, with the user's names: a new sequence takes the old one's place. */
  private static String replacementHint(Alter alter) {
    String sequence = alter.sequence();
    String name = Names.quoted(Names.lastPart(sequence) + "_new");
    String replacement = Names.qualifier(sequence) + name;
    String literal = SqlText.quoteLiteral(replacement);
    return "Citus does not alter a sequence it propagated to the workers (a Citus table's default uses " + sequence
        + "). To set its next value use SELECT setval(" + SqlText.quoteLiteral(sequence) + ", <n>, false), which "
        + "citussafe also runs for ALTER SEQUENCE … RESTART. For this change, replace the sequence in one "
        + "transaction: CREATE SEQUENCE " + replacement + " (with the settings of " + sequence + " you keep, as "
        + "pg_sequences shows them); ALTER SEQUENCE " + replacement + " " + alter.options() + "; SELECT setval("
        + literal + ", last_value, is_called) FROM " + sequence + "; for each column whose default uses "
        + sequence + ": ALTER TABLE <table> ALTER COLUMN <column> SET DEFAULT nextval(" + literal + "); DROP "
        + "SEQUENCE " + sequence + "; ALTER SEQUENCE " + replacement + " RENAME TO " + Names.quoted(Names.lastPart(
        sequence)) + ". (OWNED BY works only there, before the new sequence is in use; on the workers it stays "
        + "unowned. Grant again what was granted on " + sequence + ".) Statement: " + alter.sql();
  }
}
