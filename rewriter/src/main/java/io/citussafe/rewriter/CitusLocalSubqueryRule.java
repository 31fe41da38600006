package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An UPDATE or DELETE of a reference table with a subquery that reads a Citus-local table. Citus
 * runs such a statement on the coordinator's copy of the reference table only and reports success:
 * the workers' copies keep their rows (reproduced on Citus 13.2 with {@code SET c = (SELECT max(x)
 * FROM l)}, {@code WHERE c = (SELECT …)}, {@code NOT IN (SELECT …)}, a subquery in {@code FROM} or
 * in a {@code WITH} query). Only {@code IN (SELECT …)} and a plain join changed every copy, also
 * with a {@code WITH} query that only reads a Citus-local table ({@code WITH q AS (SELECT * FROM h)}).
 * So a statement whose other subqueries are all in its {@code WITH} list has each of those queries
 * computed first into a Citus-local table of its own, and runs reading them, in one transaction:
 * <pre>
 * WITH latest AS (SELECT DISTINCT ON (job) job, run FROM runs ORDER BY …) UPDATE jobs SET run = l.run FROM latest l WHERE …
 * → CREATE TABLE citussafe_with_1 AS WITH latest AS (…) SELECT * FROM latest;
 *   SELECT citus_add_local_table_to_metadata('citussafe_with_1');
 *   WITH latest AS (SELECT * FROM citussafe_with_1) UPDATE jobs SET run = l.run FROM latest l WHERE …;
 *   DROP TABLE citussafe_with_1
 * </pre>
 * Any other subquery on a Citus-local table is refused before it runs; nothing else is touched.
 */
final class CitusLocalSubqueryRule implements Rule<CitusLocalSubqueryRule.Write> {

  private static final String TABLE = "citussafe_with_";

  /** The statement and its target. */
  record Write(String sql, String table) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("update", "delete", "with");
  }

  @Override
  public Write match(StatementText statement) {
    String text = statement.text;
    if (text.length() > StatementText.MAX_CACHED_LENGTH || !hasSubqueryOtherThanIn(text)) {
      return null;
    }
    DmlShape shape = DmlAnalyzer.readShape(text);
    return shape == null || shape.kind == DmlShape.Kind.UPSERT ? null : new Write(text, shape.table);
  }

  /** A {@code (SELECT} or {@code (WITH} that does not follow a plain {@code IN}. */
  static boolean hasSubqueryOtherThanIn(String sql) {
    Scanner s = new Scanner(sql, 0, sql.length());
    boolean in = false;
    boolean notIn = false;
    boolean not = false;
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (s.isSymbol('(')) {
        Scanner ahead = new Scanner(sql, s.end(), sql.length());
        ahead.next();
        if ((ahead.isWord("select") || ahead.isWord("with")) && !(in && !notIn)) {
          return true;
        }
      }
      boolean isIn = s.isWord("in");
      notIn = isIn && not;
      in = isIn;
      not = s.isWord("not");
    }
    return false;
  }

  @Override
  public boolean reusable() {
    return true;
  }

  @Override
  public Plan plan(Write write, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus() || !facts.table(write.table()).isReference()) {
      return null;
    }
    // the parser runs only for a reference table's write, once per text while the plan is kept
    DmlStatement st = DmlAnalyzer.analyze(write.sql());
    for (String read : st == null ? List.<String>of() : st.tablesRead()) {
      if (facts.table(read).kind() == TableFacts.Kind.CITUS_LOCAL) {
        WithList with = WithList.read(write.sql());
        if (with != null && !hasSubqueryOtherThanIn(with.statement()) && !Scanner.hasParameter(write.sql())) {
          return computedFirst(write, with, read, next);
        }
        return Plan.of(new Step.Fail("citussafe refused this statement: " + write.table() + " is a reference "
            + "table and the statement reads the Citus-local table " + read + " in a subquery. Citus would run it on "
            + "the coordinator's copy of " + write.table() + " only and report success, leaving the workers' "
            + "copies with their old rows (a Citus defect). Write the subquery as IN (SELECT …), which Citus runs "
            + "on every copy; or read the subquery's values first and write them into the statement; or make "
            + read + " a reference table (SELECT undistribute_table('" + read + "'); SELECT create_reference_table('"
            + read + "')). Statement: " + write.sql(), SqlState.FEATURE_NOT_SUPPORTED));
      }
    }
    return null;
  }

  private static Plan computedFirst(Write write, WithList with, String read, Next next) throws SQLException {
    int n = with.names().size();
    List<Step> steps = new ArrayList<>();
    List<String> tables = new ArrayList<>(n);
    StringBuilder list = new StringBuilder("WITH ");
    for (int k = 0; k < n; k++) {
      String table = TABLE + (k + 1);
      String name = with.names().get(k);
      steps.add(new Step.Run("CREATE TABLE " + table + " AS " + with.from(0) + " SELECT * FROM " + name));
      steps.add(new Step.Run("SELECT citus_add_local_table_to_metadata('" + table + "')"));
      list.append(k == 0 ? "" : ", ").append(name).append(" AS (SELECT * FROM ").append(table).append(')');
      tables.add(table);
    }
    steps.addAll(next.plan(list + " " + with.statement()));
    steps.add(new Step.Run("DROP TABLE " + String.join(", ", tables)));
    return Plan.of(new Step.Together(steps), new Step.Report("computed the WITH quer" + (n == 1 ? "y" : "ies") + " ("
        + String.join(", ", with.names()) + ") first into Citus-local tables, then ran the statement reading them, "
        + "in one transaction: Citus runs a write of the reference table " + write.table() + " with a subquery on "
        + "the Citus-local table " + read + " on the coordinator's copy only (a Citus defect), a plain read of a "
        + "Citus-local table on every copy. Under concurrent writers this differs from PostgreSQL: each step reads "
        + "the rows committed when it starts"));
  }
}
