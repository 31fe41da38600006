package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ALTER TABLE t ADD CHECK (…)} without a name, on a table Citus manages. Citus names it
 * {@code t_check} before it runs, where PostgreSQL names it {@code t_<column>_check} when the
 * expression reads one column: a later {@code DROP CONSTRAINT} under PostgreSQL's name would fail.
 * The statement runs with the name PostgreSQL would choose ({@link CheckNames}), written out.
 */
final class CheckNameRule implements Rule<AlterTable> {

  @Override
  public Set<String> firstWords() {
    return Set.of("alter");
  }

  @Override
  public AlterTable match(StatementText statement) {
    AlterTable alter = AlterTable.read(statement);
    return alter != null && alter.actions.size() == 1 && alter.actions.get(0).startsWith("add", "check") ? alter : null;
  }

  @Override
  public Plan plan(AlterTable alter, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus() || !facts.tableNow(alter.table).isCitusTable()) {
      return null;
    }
    String named = CheckNames.named(alter, facts.columns(alter.table).columnTypes().keySet(), facts, new HashSet<>());
    List<Step> steps = new ArrayList<>(next.plan(named));
    steps.add(new Step.Report("ran as " + named + ": the name PostgreSQL gives this CHECK; Citus would name it "
        + Names.defaultName(Names.lastPart(alter.table), null, "check") + ", without the column"));
    return Plan.of(steps);
  }
}
