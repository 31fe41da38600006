package io.citussafe.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated part of RESULTS.md from saved JMH results, without running a benchmark: two
 * rounds of JMH's JSON for a few combinations ({@code jmh/round1.json}, {@code round2.json}),
 * rendered against {@code jmh/expected-results.md}. When the report was split into its stages,
 * the new rendering was checked to be byte for byte what the single class wrote for the same
 * results and the same run description; this keeps it so.
 */
class ResultsMarkdownTest {

  private static final ClassifierCacheScale.Result SCALE = new ClassifierCacheScale.Result(100_000, 4_100_000,
      4_200_000, 61_000_000, 0.0, 0.412, 0.611, 0.983);

  private static Measurements savedResults() throws IOException, URISyntaxException {
    Measurements measured = new Measurements();
    for (String round : List.of("round1.json", "round2.json")) {
      measured.read(Paths.get(ResultsMarkdownTest.class.getResource("jmh/" + round).toURI()));
    }
    return measured;
  }

  private static RunDescription run(boolean citus) {
    ZonedDateTime started = ZonedDateTime.parse("2026-11-30T08:38:12Z[UTC]");
    Properties versions = new Properties();
    versions.putAll(Map.of("citussafe", "0.1.0-SNAPSHOT", "pgjdbc", "42.7.14", "p6spy", "3.9.1",
        "datasource-proxy", "1.11.0", "aws-advanced-jdbc-wrapper", "4.0.1", "jmh", "1.37"));
    return new RunDescription(started, started.plusMinutes(24).plusSeconds(5),
        "Intel(R) Xeon(R) Processor, 2 cores, 24 GiB, Linux 6.18.44", List.of(2.4, 1.3, 7.3, 2.2, 3.9),
        "OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1", versions, " (commit cecb82d)", "14.22",
        citus ? "Citus 13.2.2 on x86_64-pc-linux-gnu; coordinator and 2 workers on loopback, 4 shards per table" : null,
        citus ? null : "no Docker");
  }

  @Test
  void render_savedJmhResults_givesTheExpectedSection() throws Exception {
    String rendered = new ResultsMarkdown(savedResults(), run(true), RunSize.FULL, SCALE).render();
    String expected;
    try (InputStream in = ResultsMarkdownTest.class.getResourceAsStream("jmh/expected-results.md")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(expected, rendered);
  }

  @Test
  void render_withoutCitus_saysWhyInsteadOfItsFigures() throws Exception {
    String rendered = new ResultsMarkdown(savedResults(), run(false), RunSize.FULL, SCALE).render();
    assertTrue(rendered.contains("| Citus | none: no Docker |\n"), rendered);
    assertTrue(rendered.contains("\n## 4. Rewrite costs on Citus\n\nSkipped: no Citus cluster (no Docker).\n"), rendered);
  }

  @Test
  void read_twoRounds_poolsTheForksOfACombination() throws Exception {
    Samples alone = savedResults().get("StatementExecuteBenchmark.execute",
        Map.of("cache", "NEARLY_EMPTY", "text", "SAME_INSTANCE", "wrapper", "NONE"));
    assertEquals(10, alone.scores.size());
    assertEquals(10, alone.cpu.size());
    assertEquals(10, alone.allocations.size());
    assertEquals("ns/op", alone.unit);
  }

  @Test
  void parse_jmhNumbers_giveBackTheDoublesJmhWrote() {
    List<?> values = (List<?>) JmhJson.parse("[0.1, 6.014030389238583, 1.0E-7, \"NaN\", \"+INF\"]");
    assertEquals(0.1, JmhJson.number(values.get(0)));
    assertEquals(6.014030389238583, JmhJson.number(values.get(1)));
    assertEquals(1.0E-7, JmhJson.number(values.get(2)));
    assertTrue(Double.isNaN(JmhJson.number(values.get(3))));
    assertEquals(Double.POSITIVE_INFINITY, JmhJson.number(values.get(4)));
  }

  @Test
  void writeSection_keepsTheTextAroundTheMarkers(@TempDir Path dir) throws IOException {
    Path results = dir.resolve("RESULTS.md");
    Files.writeString(results, "# Benchmark results\n\nprose\n\n" + Report.BEGIN + "\nold\n" + Report.END + "\n\nmore\n");
    ResultsFile.writeSection(results, Report.BEGIN, Report.END, "\nnew\n", "# Benchmark results");
    assertEquals("# Benchmark results\n\nprose\n\n" + Report.BEGIN + "\n\nnew\n" + Report.END + "\n\nmore\n",
        Files.readString(results));
  }

  @Test
  void writeSection_noFile_startsOneWithItsTitle(@TempDir Path dir) throws IOException {
    Path results = dir.resolve("RESULTS.md");
    ResultsFile.writeSection(results, Report.BEGIN, Report.END, "\nnew\n", "# Benchmark results");
    assertEquals("# Benchmark results\n\n" + Report.BEGIN + "\n\nnew\n" + Report.END + "\n", Files.readString(results));
  }
}
