package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.Set;

/**
 * {@code ALTER SEQUENCE} on a sequence Citus propagated to the workers (one a distributed table's
 * default uses), which Citus refuses ({@code Altering a distributed sequence is currently not
 * supported.}). {@code RESTART [WITH n]} becomes {@code setval}, which Citus accepts and which
 * means the same; any other form keeps Citus's error, with what to do.
 */
final class SequenceRule implements Rule<SequenceRule.Alter> {

  /**
   * @param sequence the sequence as written
   * @param restartWith {@code RESTART WITH n}: the n as written; {@code ""} for a bare RESTART; null
   *     for any other form
   */
  record Alter(String sql, String sequence, String restartWith) {
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
    String restart = null;
    if (s.accept("restart")) {
      restart = "";
      if (s.accept("with") || s.type() == Scanner.Type.NUMBER || s.isSymbol('-')) {
        int start = s.start();
        while (s.type() != Scanner.Type.END) {
          s.next();
        }
        restart = statement.text.substring(start).strip();
      }
    }
    return new Alter(statement.text, sequence, restart);
  }

  @Override
  public Plan plan(Alter alter, Facts facts, Next next) throws SQLException {
    if (!facts.isDistributedObject(alter.sequence())) {
      return null;
    }
    String literal = SqlText.quoteLiteral(alter.sequence());
    if (alter.restartWith() == null) {
      return Plan.of(new Step.User(alter.sql(), "Citus does not alter a sequence it propagated to the workers "
          + "(a distributed table's default uses " + alter.sequence() + "). To set its next value use SELECT setval("
          + literal + ", <n>, false), which citussafe also runs for ALTER SEQUENCE … RESTART; for other changes "
          + "create a new sequence with the options you want and make it the column's default (ALTER TABLE … ALTER "
          + "COLUMN … SET DEFAULT nextval('<new sequence>')). Statement: " + alter.sql()));
    }
    String setval = alter.restartWith().isEmpty()
        ? "SELECT pg_catalog.setval(" + literal + ", seqstart, false) FROM pg_catalog.pg_sequence WHERE seqrelid = "
            + literal + "::regclass"
        : "SELECT pg_catalog.setval(" + literal + ", " + alter.restartWith() + ", false)";
    return Plan.of(new Step.Run(setval), new Step.Report("ran as " + setval + ": Citus does not alter a sequence "
        + "it propagated to the workers, and setval restarts it the same way"));
  }
}
