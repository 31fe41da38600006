package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * Constraint DDL that does not stop the application's writes. {@code SET NOT NULL} and
 * {@code ADD CONSTRAINT … CHECK} scan every row under an ACCESS EXCLUSIVE lock, {@code ADD
 * CONSTRAINT … FOREIGN KEY} under a lock that blocks writes to both tables; on Citus the lock is
 * held on every shard while all of them are scanned. In autocommit, on a table of at least
 * {@code lockLightMinRows} estimated rows (unknown counts as large), the scan moves out of the
 * strong lock, each step committed on its own:
 *
 * <ul>
 *   <li>{@code SET NOT NULL}: {@code ADD CONSTRAINT tmp CHECK (c IS NOT NULL) NOT VALID},
 *       {@code VALIDATE CONSTRAINT tmp} (rows are read while writes go on), the statement itself
 *       (PostgreSQL proves the column from the valid check without a scan), {@code DROP CONSTRAINT
 *       tmp};
 *   <li>a named {@code CHECK} or {@code FOREIGN KEY}: added {@code NOT VALID}, then validated.
 * </ul>
 *
 * A failed step is undone, so the schema is what the user asked for or what it was. Inside a
 * transaction every lock lasts until commit and the steps would gain nothing: the statement runs
 * as written and a note says how to run the migration outside one.
 */
final class LockLightRule implements Rule<LockLightRule.Ddl> {

  enum Kind {
    NOT_NULL, CHECK, FOREIGN_KEY
  }

  /**
   * @param prefix {@code ALTER TABLE [IF EXISTS] [ONLY] name}, as written
   * @param name the column (NOT_NULL) or the constraint as written; null for an unnamed constraint
   */
  record Ddl(String sql, String prefix, String table, Kind kind, String name) {
  }

  private final long minRows;

  LockLightRule(Options options) {
    this.minRows = options.lockLightMinRows();
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter");
  }

  @Override
  public Ddl match(StatementText statement) {
    AlterTable alter = AlterTable.read(statement);
    if (alter == null || alter.actions.size() != 1) {
      return null;
    }
    Scanner s = new Scanner(alter.actions.get(0).text());
    s.next();
    if (s.accept("alter")) {
      s.accept("column");
      String column = s.type() == Scanner.Type.WORD || s.type() == Scanner.Type.QUOTED_IDENTIFIER ? s.text() : null;
      s.next();
      return column != null && s.accept("set") && s.accept("not") && s.accept("null") && s.type() == Scanner.Type.END
          ? new Ddl(statement.text, alter.prefix, alter.table, Kind.NOT_NULL, column) : null;
    }
    if (!s.accept("add")) {
      return null;
    }
    String name = null;
    if (s.accept("constraint")) {
      name = s.text();
      s.next();
    }
    Kind kind = s.isWord("check") ? Kind.CHECK : s.isWord("foreign") ? Kind.FOREIGN_KEY : null;
    if (kind == null) {
      return null;
    }
    boolean previousWasNot = false;
    for (; s.type() != Scanner.Type.END; s.next()) {
      if (s.depth() == 0 && previousWasNot && s.isWord("valid")) {
        return null;
      }
      previousWasNot = s.depth() == 0 && s.isWord("not");
    }
    return new Ddl(statement.text, alter.prefix, alter.table, kind, name);
  }

  @Override
  public Plan plan(Ddl ddl, Facts facts, Next next) throws SQLException {
    if (!facts.tableNow(ddl.table()).exists()) {
      return null;
    }
    long rows = facts.estimatedRows(ddl.table());
    if (minRows > 0 && rows >= 0 && rows < minRows) {
      return null;
    }
    String size = rows < 0 ? "a table of unknown size" : "about " + rows + " rows";
    if (facts.inTransaction()) {
      return Plan.of(new Step.User(ddl.sql(), null), new Step.Report(what(ddl) + " on " + ddl.table() + " ("
          + size + ") blocks writes to it while every row is checked, until the transaction commits. Outside "
          + "a transaction citussafe checks the rows while writes go on: run this migration outside one "
          + "(Flyway: executeInTransaction=false in the script's .conf file; Liquibase: runInTransaction=\"false\" "
          + "on the changeset)"));
    }
    if (ddl.name() == null) {
      return Plan.of(new Step.User(ddl.sql(), null), new Step.Report(what(ddl) + " on " + ddl.table() + " ("
          + size + ") ran as written and blocked writes while every row was checked: name the constraint "
          + "(ADD CONSTRAINT name …) and citussafe adds it NOT VALID and validates it while writes go on"));
    }
    return ddl.kind() == Kind.NOT_NULL ? notNull(ddl, size) : constraint(ddl, size);
  }

  private static Plan notNull(Ddl ddl, String size) {
    String check = SqlText.quoteIdentifier(Names.truncated("citussafe_" + Names.stored(ddl.name()) + "_not_null"));
    String add = ddl.prefix() + " ADD CONSTRAINT " + check + " CHECK (" + ddl.name() + " IS NOT NULL) NOT VALID";
    String validate = ddl.prefix() + " VALIDATE CONSTRAINT " + check;
    String drop = ddl.prefix() + " DROP CONSTRAINT " + check;
    String column = Names.stored(ddl.name()).replace("\"", "\"\"");
    Step.Fail nulls = new Step.Fail("column \"" + column + "\" of relation \"" + Names.lastPart(ddl.table())
        + "\" contains null values", SqlState.NOT_NULL_VIOLATION);
    return Plan.of(
        new Step.Stepwise(ddl.sql(), ddl.table(), List.of(new Step.Run(add), new Step.Run(validate), new Step.User(ddl.sql(), null),
            new Step.Run(drop)), 2, ddl.prefix() + " DROP CONSTRAINT IF EXISTS " + check, nulls),
        new Step.Invalidate(ddl.table()),
        new Step.Report("ran as " + add + "; " + validate + "; the statement; " + drop + ", each committed on its "
            + "own (" + size + "): writes went on while the rows were checked"));
  }

  private static Plan constraint(Ddl ddl, String size) {
    String add = ddl.sql() + " NOT VALID";
    String validate = ddl.prefix() + " VALIDATE CONSTRAINT " + ddl.name();
    return Plan.of(
        new Step.Stepwise(ddl.sql(), ddl.table(), List.of(new Step.User(add, null), new Step.Run(validate)), 1,
            ddl.prefix() + " DROP CONSTRAINT IF EXISTS " + ddl.name(), null),
        new Step.Invalidate(ddl.table()),
        new Step.Report("ran as " + add + "; " + validate + ", each committed on its own (" + size + "): writes "
            + "went on while the rows were checked"));
  }

  private static String what(Ddl ddl) {
    return switch (ddl.kind()) {
      case NOT_NULL -> "SET NOT NULL";
      case CHECK -> "ADD CHECK";
      case FOREIGN_KEY -> "ADD FOREIGN KEY";
    };
  }
}
