package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Large texts of the shapes that could make a lexer or a rule go quadratic: thousands of
 * statements, one huge INSERT, an unterminated quote, comment or dollar quote swallowing
 * everything, thousands of open parentheses. Each shape is analysed (and planned, when a rule
 * reads it) at 1, 2, 4, 8 and 16 MB and at 20 MB; the two whose statements are each parsed at
 * 64 KB to 512 KB.
 *
 * <p>The check on time is a bound no linear pass comes near and no quadratic one stays under:
 * {@value #NANOS_PER_CHAR} ns per character (20 s for 1 MB, hundreds of times what a run takes
 * here on a loaded machine), while a quadratic pass over 1 MB is about 10^12 steps. So it cannot
 * fail by chance; the measured doubling ratios are printed for the record.
 */
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LargeInputTest {

  private static final int MB = 1 << 20;
  private static final long NANOS_PER_CHAR = 20_000;
  private static final Rewriter REWRITER = Rewriter.create(0, Options.DEFAULTS);
  private static final Facts FACTS = new EveryTableFacts(true, false, TableFacts.Kind.DISTRIBUTED);

  static Stream<Arguments> shapes() {
    return Stream.of(
        parsed("statements a rule rewrites", n -> repeat("", "UPDATE orders SET at = clock_timestamp() WHERE id = 1;\n", "", n)),
        shape("plain statements", n -> repeat("", "INSERT INTO orders (id, note) VALUES (1, 'a;b');\n", "", n)),
        shape("one multi-row INSERT", n -> repeat("INSERT INTO orders (id, note) VALUES (0, 'x')", ", (1, 'x;y')", "", n)),
        shape("one INSERT with a subquery", n -> repeat("INSERT INTO orders (id, note) VALUES ((SELECT 1), 'x')",
            ", (1, 'x')", "", n)),
        shape("unterminated quote", n -> repeat("SELECT '", "a;b''c ", "", n)),
        shape("unterminated E'' with escapes", n -> repeat("SELECT E'", "\\';\\\\ ", "", n)),
        shape("unterminated dollar quote", n -> repeat("DO $body$ BEGIN ", "PERFORM 1; $a$ ", "", n)),
        shape("unterminated quoted name", n -> repeat("ALTER TABLE \"", "x;\"\" ", "", n)),
        shape("nested comments", n -> repeat("SELECT 1 ", "/* a; ", "", n)),
        shape("open parentheses", n -> repeat("SELECT ", "(", "", n)),
        shape("dollar signs", n -> repeat("SELECT ", "$a ", "", n)),
        parsed("ALTER TABLE with many actions", n -> repeat("ALTER TABLE orders ", "ADD COLUMN c int, ", "ADD COLUMN z int",
            n)),
        shape("UPDATE with a long IN list", n -> repeat("UPDATE orders SET at = random() WHERE id IN (0", ", 1", ")", n)),
        shape("keywords as quoted names", n -> repeat("SELECT ", "\"select\", \"from\", ", "1", n)));
  }

  private static Arguments shape(String name, IntFunction<String> ofSize) {
    return Arguments.of(name, ofSize, new int[] {MB, 2 * MB, 4 * MB, 8 * MB, 16 * MB, 20 * MB}, NANOS_PER_CHAR);
  }

  /**
   * A shape each of whose statements or actions is parsed or planned on its own (about a
   * millisecond for each of thousands): doubled from 64 KB to 512 KB, under a bound ten times as
   * loose per character.
   */
  private static Arguments parsed(String name, IntFunction<String> ofSize) {
    return Arguments.of(name, ofSize, new int[] {MB / 16, MB / 8, MB / 4, MB / 2}, 10 * NANOS_PER_CHAR);
  }

  /** {@code head}, then {@code unit} until the text reaches {@code size} characters, then {@code tail}. */
  private static String repeat(String head, String unit, String tail, int size) {
    StringBuilder sql = new StringBuilder(size + unit.length() + tail.length()).append(head);
    while (sql.length() < size) {
      sql.append(unit);
    }
    return sql.append(tail).toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void analyzeAndPlan_doublingSizes_withinALinearBound(String name, IntFunction<String> ofSize, int[] sizes,
      long nanosPerChar) throws SQLException {
    StringBuilder figures = new StringBuilder(name).append(':');
    long first = 0;
    for (int size : sizes) {
      String sql = ofSize.apply(size);
      long nanos = analyzeAndPlan(sql);
      assertThat(nanos).as("%s at %s KB took %s ms", name, size / 1024, nanos / 1_000_000)
          .isLessThan(nanosPerChar * sql.length());
      if (first == 0) {
        first = Math.max(1, nanos);
      }
      figures.append(String.format(" %d KB %d ms (x%.1f);", size / 1024, nanos / 1_000_000, (double) nanos / first));
    }
    System.out.println(figures);
  }

  private static long analyzeAndPlan(String sql) throws SQLException {
    long start = System.nanoTime();
    Analysis analysis = REWRITER.analyze(sql);
    if (analysis.needsPlan()) {
      assertThat(REWRITER.plan(analysis, sql, FACTS).steps()).isNotEmpty();
    }
    return System.nanoTime() - start;
  }

  @Test
  void analyzeAndPlan_twoThousandStatements_eachIsAPieceAndEachRewriteIsPlanned() throws SQLException {
    int count = 2_000;
    String sql = repeat("", "UPDATE orders SET at = clock_timestamp() WHERE id = 1 AND note = 'a;b' /* ; */;\n", "",
        count * 80 - 1);
    Analysis analysis = REWRITER.analyze(sql);
    assertThat(analysis.statementCount()).isEqualTo(count);
    assertThat(analysis.matchedRules()).hasSize(count).containsOnly("RejectedDmlRule");
    Plan plan = REWRITER.plan(analysis, sql, FACTS);
    assertThat(plan.rule()).isEqualTo("RejectedDml");
    assertThat(Splitter.split(sql)).hasSize(2 * count);
  }
}
