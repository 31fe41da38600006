package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * {@code ALTER TABLE t RENAME CONSTRAINT old TO new} on a table Citus manages, which Citus
 * refuses ({@code renaming constraints belonging to distributed tables is currently unsupported}).
 * A primary key, unique or exclusion constraint is renamed by renaming its index, which renames the constraint on the coordinator and every placement; a foreign key or
 * check is dropped and added again under the new name with its exact definition
 * ({@code pg_get_constraintdef}: NOT VALID and deferrable state kept), in one transaction. In
 * autocommit on a large table the check runs outside the locks: the constraint is added NOT VALID
 * and validated after.
 */
final class RenameConstraintRule implements Rule<RenameConstraintRule.Rename> {

  /** @param from, to the names as written */
  record Rename(String sql, String table, String prefix, String from, String to) {
  }

  private final long lockLightMinRows;

  RenameConstraintRule(Options options) {
    this.lockLightMinRows = options.lockLightMinRows();
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter");
  }

  @Override
  public Rename match(StatementText statement) {
    AlterTable alter = AlterTable.read(statement);
    if (alter == null || alter.actions.size() != 1) {
      return null;
    }
    AlterTable.Action action = alter.actions.get(0);
    if (!action.startsWith("rename", "constraint")) {
      return null;
    }
    Scanner s = new Scanner(action.text());
    s.next();
    s.next();
    s.next();
    String from = s.isIdentifier() ? s.text() : null;
    s.next();
    if (from == null || !s.accept("to") || !s.isIdentifier()) {
      return null;
    }
    return new Rename(statement.text, alter.table, alter.prefix, from, s.text());
  }

  @Override
  public Plan plan(Rename rename, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus() || !facts.tableNow(rename.table()).isCitusTable()) {
      return null;
    }
    ConstraintFacts constraint = facts.constraint(rename.table(), Names.stored(rename.from()));
    if (constraint == null) {
      return null;
    }
    if (constraint.hasIndex()) {
      String sql = "ALTER INDEX " + constraint.index() + " RENAME TO " + rename.to();
      return Plan.of(new Step.User(sql, null), new Step.Invalidate(rename.table()), new Step.Report("ran as " + sql
          + ": Citus does not rename constraints of tables it manages, and renaming the index behind a "
          + "primary key, unique or exclusion constraint renames the constraint everywhere"));
    }
    String drop = rename.prefix() + " DROP CONSTRAINT " + rename.from();
    String add = rename.prefix() + " ADD CONSTRAINT " + rename.to() + " " + constraint.definition();
    boolean notValid = constraint.definition().endsWith("NOT VALID");
    boolean lockLight = constraint.validated() && !facts.inTransaction()
        && facts.estimatedRows(rename.table()) >= lockLightMinRows;
    if (lockLight && !notValid) {
      String validate = rename.prefix() + " VALIDATE CONSTRAINT " + rename.to();
      return Plan.of(new Step.Together(List.of(new Step.Run(drop), new Step.User(add + " NOT VALID", null))),
          new Step.Run(validate), new Step.Invalidate(rename.table()), new Step.Report("ran as " + drop + "; "
              + add + " NOT VALID, in one transaction, then " + validate + " (a large table: the check does not "
              + "block writes): Citus does not rename constraints of tables it manages"));
    }
    return Plan.of(new Step.Together(List.of(new Step.Run(drop), new Step.User(add, null))),
        new Step.Invalidate(rename.table()), new Step.Report("ran as " + drop + "; " + add + ", in one "
            + "transaction: Citus does not rename constraints of tables it manages"));
  }
}
