package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code WITH RECURSIVE … INSERT INTO t … SELECT …} into a Citus table. Citus plans such an
 * INSERT … SELECT without the recursive query ({@code relation "<cte>" does not exist}, or
 * {@code cannot execute a distributed query from a query on a shard}), while the same WITH with a
 * plain SELECT works. So each query of the WITH list is computed first, in its order, into a
 * temporary table of its own name on the coordinator (which hides a table of that name, as the
 * query did), reading the tables of the queries before it; then the user's INSERT runs without
 * its WITH list, reading those tables, in one transaction:
 * <pre>
 * WITH RECURSIVE tree AS (… UNION SELECT … FROM jobs j JOIN tree …) INSERT INTO fqn SELECT … FROM tree ON CONFLICT …
 * → CREATE TEMP TABLE tree AS WITH RECURSIVE tree AS (…) SELECT * FROM tree;
 *   INSERT INTO fqn SELECT … FROM tree ON CONFLICT …;
 *   DROP TABLE pg_temp.tree
 * </pre>
 * A WITH query that only reads a temporary table is not enough: Citus sends it to the workers,
 * where the table does not exist (also MATERIALIZED); a temporary table in the INSERT's FROM is
 * read on the coordinator. The INSERT's own SELECT list, ON CONFLICT and RETURNING keep their
 * text, so its literals take the target's types as before. Not rewritten: a WITH query that
 * writes, a {@code SEARCH} or {@code CYCLE} clause, bind parameters (a CREATE TABLE AS cannot take
 * them), a WITH query named as the target or as a table the session sees.
 */
final class RecursiveInsertRule implements Rule<RecursiveInsertRule.Insert> {


  /** The WITH list in front of the INSERT, and the INSERT's target. */
  record Insert(WithList with, String table) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("with");
  }

  @Override
  public Insert match(StatementText statement) {
    WithList with = WithList.read(statement.text);
    if (with == null || !with.recursive()) {
      return null;
    }
    Scanner s = new Scanner(statement.text, with.statementStart(), statement.text.length());
    s.next();
    if (!s.isWord("insert")) {
      return null;
    }
    s.next();
    String table = s.accept("into") ? Names.readQualified(s) : null;
    if (table == null || with.names(Names.lastPart(table)) || Scanner.hasParameter(statement.text)) {
      return null;
    }
    return new Insert(with, table);
  }

  @Override
  public Plan plan(Insert insert, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus() || !facts.table(insert.table()).isCitusTable()) {
      return null;
    }
    WithList with = insert.with();
    for (String name : with.names()) {
      if (facts.table(name).exists()) {
        // a table of that name already visible (a search_path naming pg_temp late could find it
        // before the temporary one, and a temporary one of that name would be taken): Citus's error
        return null;
      }
    }
    int n = with.names().size();
    List<Step> steps = new ArrayList<>();
    List<String> tables = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      // the queries from the k-th on: those before it are temporary tables now
      String name = with.names().get(k);
      steps.add(new Step.Run("CREATE TEMP TABLE " + name + " AS " + with.from(k) + " SELECT * FROM " + name));
      tables.add("pg_temp." + name);
    }
    steps.addAll(next.plan(with.statement()));
    steps.add(new Step.Run("DROP TABLE " + String.join(", ", tables)));
    return Plan.of(new Step.Together(steps), new Step.Report("computed the " + n + " WITH quer"
        + (n == 1 ? "y" : "ies") + " of this INSERT (" + String.join(", ", with.names()) + ") first, each once, into "
        + "temporary tables of the same names on the coordinator, then ran the INSERT reading them, in one "
        + "transaction: Citus plans an INSERT … SELECT into " + insert.table() + " without its recursive query. "
        + "Under concurrent writers this differs from PostgreSQL: each step reads the rows committed when it starts, "
        + "not all of them those committed when the statement started"));
  }
}
