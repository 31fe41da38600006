package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The statement corpus ({@code corpus/statements.sql}: what Hibernate, Liquibase, Flyway, Rails and
 * Django send, and the DDL and DML forms of the PostgreSQL and Citus documentation), each statement
 * classified: passed through, run as written with a note to the session, or what the rule that reads
 * it does — on Citus with every table it names distributed (by {@code tenant_id}, with stale rows on
 * the coordinator and a million rows), and on plain PostgreSQL. The classification is checked in as
 * {@value #COUNTS}; the build fails while it differs from what the rules do. Regenerate it with
 *
 * <pre>
 * mvn -B -ntp -pl rewriter verify -Dtest=CorpusTest -Dsurefire.failIfNoSpecifiedTests=false -Dcitussafe.writeCorpus=true
 * </pre>
 *
 * and copy the counts into the README's table.
 */
final class CorpusTest {

  static final String CORPUS = "/corpus/statements.sql";
  static final String COUNTS = "src/test/resources/corpus/corpus-counts.md";
  private static final String WRITE = "citussafe.writeCorpus";
  private static final Rewriter REWRITER = Rewriter.create(0, Options.DEFAULTS);
  private static final Facts CITUS = new EveryTableFacts(true, false, TableFacts.Kind.DISTRIBUTED);
  private static final Facts PLAIN = new EveryTableFacts(false, false, TableFacts.Kind.LOCAL);

  /** One statement of the corpus and the line it is on. */
  record Entry(int line, String sql) {
  }

  /** The statements of the corpus: every line that is not blank and not a {@code -- } heading. */
  static List<Entry> corpus() throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (InputStream in = CorpusTest.class.getResourceAsStream(CORPUS)) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (!lines[i].isBlank() && !lines[i].startsWith("-- ")) {
          entries.add(new Entry(i + 1, lines[i]));
        }
      }
    }
    return entries;
  }

  /** What happens to a statement with these facts, in the words of the rule contract's legend. */
  static String classify(String sql, Facts facts) throws SQLException {
    Analysis analysis = REWRITER.analyze(sql);
    if (analysis.isPassThrough()) {
      return "pass through";
    }
    if (!analysis.needsPlan()) {
      return "as written, noted by the session";
    }
    Plan plan = REWRITER.plan(analysis, sql, facts);
    if (plan.rule() == null) {
      return "as written, read by a rule";
    }
    String outcome = RuleContractTest.outcome(plan, sql);
    return outcome.startsWith("refuse") ? "refused (" + plan.rule() + ", " + outcome.substring(7) + ")"
        : plan.rule() + ": " + outcome;
  }

  @Test
  void corpus_classification_matchesTheCheckedInCounts() throws Exception {
    List<Entry> corpus = corpus();
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(500);
    Map<String, int[]> counts = new TreeMap<>();
    StringBuilder byStatement = new StringBuilder();
    for (Entry entry : corpus) {
      String citus = classify(entry.sql(), CITUS);
      String plain = classify(entry.sql(), PLAIN);
      counts.computeIfAbsent(citus, k -> new int[2])[0]++;
      counts.computeIfAbsent(plain, k -> new int[2])[1]++;
      String shown = entry.sql().length() > 70 ? entry.sql().substring(0, 67) + "..." : entry.sql();
      byStatement.append("| ").append(entry.line()).append(" | `").append(shown.replace("|", "\\|").replace("`", "'"))
          .append("` | ").append(citus).append(" | ")
          .append(plain.equals(citus) ? "same" : plain).append(" |\n");
    }
    String table = markdown(corpus.size(), counts, byStatement);
    Path file = Path.of(System.getProperty("basedir", "."), COUNTS);
    if (Boolean.getBoolean(WRITE)) {
      Files.writeString(file, table, StandardCharsets.UTF_8);
    }
    String checkedIn = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    assertThat(checkedIn)
        .as("%s is out of date: regenerate it with -D%s=true (see CorpusTest) and review the difference", COUNTS, WRITE)
        .isEqualTo(table);
    String countsTable = table.substring(table.indexOf("| what happens"), table.indexOf("\n\n## By statement") + 1);
    String readme = Files.readString(Path.of(System.getProperty("basedir", "."), "..", "README.md"), StandardCharsets.UTF_8);
    assertThat(readme).as("the README's table of the corpus: copy it from %s", COUNTS).contains(countsTable);
  }

  private static String markdown(int size, Map<String, int[]> counts, StringBuilder byStatement) {
    StringBuilder out = new StringBuilder("# The statement corpus, classified\n\n")
        .append("Generated by `CorpusTest` (rewriter tests) from `statements.sql` and compared with what the rules do on ")
        .append("every build: do not edit it by hand. Citus: every table a statement names is distributed by ")
        .append("`tenant_id`, has stale rows on the coordinator and a million rows, in autocommit. PostgreSQL: the ")
        .append("same tables as plain tables.\n\n")
        .append("| what happens | on Citus | on PostgreSQL |\n|---|---:|---:|\n");
    counts.forEach((what, n) -> out.append("| ").append(what).append(" | ").append(n[0]).append(" | ").append(n[1])
        .append(" |\n"));
    out.append("| **statements** | **").append(size).append("** | **").append(size).append("** |\n\n")
        .append("## By statement\n\n| line | statement | on Citus | on PostgreSQL |\n|---:|---|---|---|\n").append(byStatement);
    return out.toString();
  }
}
