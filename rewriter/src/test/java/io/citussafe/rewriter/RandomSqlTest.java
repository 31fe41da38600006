package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random texts built from the SQL fragments the lexer cares about. Each failure message
 * carries the text, and a fixed seed makes every run the same; change {@link #SEED} to explore.
 * The timeout is pre-emptive, so a lexer loop that stops advancing fails instead of hanging.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RandomSqlTest {

  private static final long SEED = 20240611L;
  private static final int ITERATIONS = 20_000;

  private static final String[] FRAGMENTS = {
      "'", "''", "E'", "e'", "\\", "\"", "\"\"", "$$", "$a$", "$A$", "$1", "$", "--", "\n", "\r", "/*", "*/",
      ";", ";", ";", "(", ")", "[", "]", " ", " ", " ", "\t", "SELECT", "select *", "FROM", "ALTER TABLE",
      "t", "\"T\"", ".", "*", "SET NOT NULL", "NOT", "NULL", "CHECK", "TYPE", "DATA", "DROP", "COLUMN",
      "ADD PRIMARY KEY", "VALIDATE", "create_distributed_table", "create_reference_table",
      "truncate_local_data_after_distributing_table", "CREATE", "UNIQUE", "INDEX", "ON", "ONLY", "IF EXISTS",
      "BEGIN", "ATOMIC", "END", "CASE", "DO", "U&", "::", "=>", ":=", ",", "ä", "\uD834\uDD1E", "x", "1",
      "table_name", "'orders'", "$$orders$$", "pg_catalog", "SELECT create_distributed_table(",
      "SELECT * FROM create_reference_table(",
  };

  private static final String[] PREFIXES = {
      "SELECT create_distributed_table(", "SELECT * FROM create_reference_table(",
      "select pg_catalog.create_distributed_table('orders', ", "SELECT run_command_on_workers(",
      "ALTER TABLE orders ", "ALTER TABLE IF EXISTS ONLY public.\"Orders\" ALTER COLUMN ",
      "CREATE UNIQUE INDEX CONCURRENTLY i ON ",
  };

  private static final Set<String> DISTRIBUTE_FUNCTIONS = Set.of(
      "create_distributed_table", "create_distributed_table_concurrently", "create_reference_table");

  private static String randomText(Random random) {
    StringBuilder sql = new StringBuilder();
    int count = random.nextInt(40);
    for (int k = 0; k < count; k++) {
      sql.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
      if (random.nextInt(3) == 0) {
        sql.append(' ');
      }
    }
    return sql.toString();
  }

  private static final Rewriter REWRITER = Rewriter.create(0, Options.DEFAULTS);

  @Test
  void analyze_randomFragments_neverThrowsAndPlansAreWellFormed() {
    Random random = new Random(SEED);
    for (int i = 0; i < ITERATIONS; i++) {
      // half the texts start as a statement a rule looks into, so its readers see random input too
      String sql = (random.nextBoolean() ? PREFIXES[random.nextInt(PREFIXES.length)] : "") + randomText(random);
      assertWellFormed(sql);
    }
  }

  /** Properties every analysis and plan has, whatever the text: they tie the steps back to the text. */
  private static void assertWellFormed(String sql) {
    Analysis analysis;
    try {
      analysis = REWRITER.analyze(sql);
    } catch (RuntimeException e) {
      throw new AssertionError("analyze threw for: " + sql, e);
    }
    if (analysis.isPassThrough()) {
      assertThat(analysis).as(sql).isSameAs(Analysis.PASS_THROUGH);
      return;
    }
    for (Analysis.Piece piece : analysis.pieces()) {
      assertThat(sql.substring(piece.start(), piece.end())).as(sql).isEqualTo(piece.statement().text);
    }
    if (!analysis.needsPlan()) {
      return;
    }
    TestFacts facts = new TestFacts();
    for (Analysis.Piece piece : analysis.pieces()) {
      for (Match<?> match : piece.matches()) {
        facts.table("t", TableFacts.Kind.DISTRIBUTED, "id", 8192).keyed("t", List.of("id"), java.util.Map.of(), 1);
      }
    }
    for (TestFacts each : List.of(facts, TestFacts.plainPostgres())) {
      Plan plan;
      try {
        plan = REWRITER.plan(analysis, sql, each);
      } catch (Exception e) {
        throw new AssertionError("plan threw for: " + sql, e);
      }
      assertThat(plan.steps()).as(sql).isNotEmpty();
    }
  }

  @Test
  void split_randomFragments_piecesAndSeparatorsRebuildText() {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < ITERATIONS; i++) {
      String sql = randomText(random);
      int[] offsets = Splitter.split(sql);
      assertThat(offsets.length % 2).as(sql).isZero();
      int previousEnd = 0;
      for (int k = 0; k < offsets.length; k += 2) {
        int start = offsets[k];
        int end = offsets[k + 1];
        assertThat(start).as(sql).isBetween(previousEnd, end - 1);
        assertThat(end).as(sql).isLessThanOrEqualTo(sql.length());
        assertSeparator(sql, previousEnd, start);
        // a piece holds something besides white space and comments
        assertThat(Lexer.skipSpace(sql, start)).as("piece %s of %s", k / 2, sql).isLessThan(end);
        // splitting is local: a piece, split on its own, is exactly one piece
        String piece = sql.substring(start, end);
        assertThat(Splitter.split(piece)).as("piece %s of %s", k / 2, sql).containsExactly(0, piece.length());
        previousEnd = end;
      }
      assertSeparator(sql, previousEnd, sql.length());
    }
  }

  /**
   * What lies between pieces, before the first and after the last, is only semicolons, white
   * space and whole comments: text outside every piece was not silently dropped.
   */
  private static void assertSeparator(String sql, int from, int to) {
    int i = from;
    while (i < to) {
      i = Lexer.skipSpace(sql, i);
      if (i == to) {
        return;
      }
      if (i > to || sql.charAt(i) != ';') {
        fail("text outside pieces at [%s, %s) of <%s>: <%s>", from, to, sql, sql.substring(from, to));
      }
      i++;
    }
  }

  /** Complete statements with every kind of tricky content, none ending in a line comment. */
  private static final String[] STATEMENTS = {
      "SELECT 'a;b'",
      "SELECT E'it\\'s;'",
      "SELECT 'it''s;'",
      "SELECT \"x;\"\"y\"",
      "SELECT U&\"a;b\"",
      "SELECT $$;$$",
      "SELECT $fn$ $$;$$ $fn$",
      "SELECT $_$ ; $_$",
      "SELECT $1, $2",
      "SELECT a$$",
      "SELECT 1 /* ; /* ; */ ; */ + 2",
      "SELECT 1 -- x;\n + 1",
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 1 END; END",
      "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); NOTIFY c)",
      "DO $$ BEGIN PERFORM 1; END $$",
      "ALTER TABLE zählung ALTER COLUMN a SET NOT NULL",
      "ALTER TABLE \"Bestellungen\" ADD CHECK (menge > 0)",
      "SELECT create_distributed_table('orders', 'id')",
      "INSERT INTO t VALUES (')', '(')",
      "BEGIN",
      "END",
  };

  private static final String[] NOISE = {"", " ", "\n", "\t", ";", "-- c ; 'x\n", "/* ; /* ' */ $$ */"};

  @Test
  void split_generatedScripts_eachStatementInItsOwnPiece() {
    Random random = new Random(SEED + 2);
    for (int i = 0; i < ITERATIONS; i++) {
      StringBuilder sql = new StringBuilder();
      List<int[]> expected = new ArrayList<>();
      int count = 1 + random.nextInt(6);
      for (int k = 0; k < count; k++) {
        if (k > 0) {
          sql.append(random.nextBoolean() ? "" : " ").append(';');
        }
        for (int n = random.nextInt(4); n > 0; n--) {
          sql.append(NOISE[random.nextInt(NOISE.length)]);
        }
        int start = sql.length();
        sql.append(STATEMENTS[random.nextInt(STATEMENTS.length)]);
        expected.add(new int[] {start, sql.length()});
        sql.append(random.nextBoolean() ? "" : "\n");
      }
      if (random.nextBoolean()) {
        sql.append(';');
        sql.append(NOISE[random.nextInt(NOISE.length)]);
      }
      String text = sql.toString();
      int[] offsets = Splitter.split(text);
      assertThat(offsets.length / 2).as(text).isEqualTo(expected.size());
      for (int k = 0; k < expected.size(); k++) {
        assertThat(offsets[2 * k]).as("piece %s of %s", k, text).isLessThanOrEqualTo(expected.get(k)[0]);
        assertThat(offsets[2 * k + 1]).as("piece %s of %s", k, text).isGreaterThanOrEqualTo(expected.get(k)[1]);
      }
      assertWellFormed(text);
    }
  }
}
