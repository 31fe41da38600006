package io.citussafe.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.rewriter.Options;
import io.citussafe.rewriter.Rewriter;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.TestDatabase;
import io.citussafe.tests.support.WireRecorder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statement corpus (the rewriter's {@code corpus/statements.sql}, 760 statements as ORMs,
 * migration tools and the documentation write them) run in order through pgjdbc and through the
 * driver, each run in a fresh database of the same name, with a {@link WireRecorder} taking every
 * byte the client sends to the server. What pgjdbc does is the oracle:
 *
 * <ul>
 *   <li>with {@code citussafe.mode=off} the bytes sent are pgjdbc's, byte for byte, from the
 *       startup message to the last statement, and every statement has the same result, update
 *       count, error (SQLSTATE and message) and warnings;
 *   <li>with the rewriter on, every statement the analysis passes through sends exactly the bytes
 *       pgjdbc sends for it and nothing else, and every statement only noted by the session still
 *       reaches the server as written.
 * </ul>
 *
 * Every run seeds {@code random()} first. Two pgjdbc runs tell which statements answer differently
 * each time (now(), server process ids…): those are compared by the kind of outcome only (columns, update count or
 * SQLSTATE). Decimals are masked everywhere, since timings (EXPLAIN ANALYZE) may coincide once.
 */
class CorpusThroughDriverTest {

  private static final String DATABASE = "citussafe_corpus";
  private static final String PGJDBC = "jdbc:postgresql://";
  private static final String CITUSSAFE = "jdbc:citussafe:postgresql://";
  private static final Rewriter REWRITER = Rewriter.create(0, Options.DEFAULTS);

  private static List<String> corpus;
  private static Run pgjdbc;
  private static List<Boolean> volatileOutcome;

  /** What one run sent and got: per statement, the bytes sent and the outcome; and all bytes sent. */
  record Run(List<byte[]> sent, List<String> outcomes, byte[] all) {
  }

  @BeforeAll
  static void runThroughPgjdbcTwice() throws Exception {
    corpus = corpus();
    pgjdbc = run(PGJDBC, "");
    Run again = run(PGJDBC, "");
    assertThat(again.all()).as("two pgjdbc runs send the same bytes").isEqualTo(pgjdbc.all());
    volatileOutcome = new ArrayList<>();
    for (int i = 0; i < corpus.size(); i++) {
      volatileOutcome.add(!masked(pgjdbc.outcomes().get(i)).equals(masked(again.outcomes().get(i))));
    }
  }

  @Test
  void modeOff_corpus_bytesSentAndOutcomesAreTheSameAsPgjdbcs() throws Exception {
    Run off = run(CITUSSAFE, "&citussafe.mode=off");
    for (int i = 0; i < corpus.size(); i++) {
      assertThat(WireRecorder.queryTexts(off.sent().get(i))).as("texts sent for %s", corpus.get(i))
          .isEqualTo(WireRecorder.queryTexts(pgjdbc.sent().get(i)));
      assertThat(off.sent().get(i)).as("bytes sent for %s", corpus.get(i)).isEqualTo(pgjdbc.sent().get(i));
    }
    assertThat(off.all()).as("every byte sent with citussafe.mode=off, the startup included").isEqualTo(pgjdbc.all());
    SoftAssertions outcomes = new SoftAssertions();
    int exact = 0;
    for (int i = 0; i < corpus.size(); i++) {
      if (volatileOutcome.get(i)) {
        outcomes.assertThat(kind(off.outcomes().get(i))).as(corpus.get(i)).isEqualTo(kind(pgjdbc.outcomes().get(i)));
      } else {
        exact++;
        outcomes.assertThat(masked(off.outcomes().get(i))).as(corpus.get(i)).isEqualTo(masked(pgjdbc.outcomes().get(i)));
      }
    }
    outcomes.assertAll();
    System.out.printf("corpus with citussafe.mode=off: %d statements, %d bytes sent as pgjdbc sends them, "
        + "%d outcomes compared exactly, %d by kind%n", corpus.size(), off.all().length, exact, corpus.size() - exact);
  }

  @Test
  void rewrite_corpus_statementsNeedingNoRewriteReachTheServerAsPgjdbcSendsThem() throws Exception {
    Run driver = run(CITUSSAFE, "");
    SoftAssertions sent = new SoftAssertions();
    int passedThrough = 0;
    int noted = 0;
    int planned = 0;
    for (int i = 0; i < corpus.size(); i++) {
      String sql = corpus.get(i);
      var analysis = REWRITER.analyze(sql);
      List<String> expected = WireRecorder.queryTexts(pgjdbc.sent().get(i));
      if (analysis.isPassThrough()) {
        passedThrough++;
        sent.assertThat(driver.sent().get(i)).as("bytes sent for %s", sql).isEqualTo(pgjdbc.sent().get(i));
      } else if (!analysis.needsPlan()) {
        noted++;
        sent.assertThat(WireRecorder.queryTexts(driver.sent().get(i))).as("texts sent for %s", sql)
            .containsSubsequence(expected);
      } else {
        planned++;
      }
    }
    sent.assertAll();
    assertThat(passedThrough).isGreaterThan(300);
    System.out.printf("corpus through the rewriter: %d passed through byte for byte, %d noted by the session and "
        + "sent as written, %d read by a rule%n", passedThrough, noted, planned);
  }

  static List<String> corpus() throws IOException {
    List<String> statements = new ArrayList<>();
    try (InputStream in = CorpusThroughDriverTest.class.getResourceAsStream("/corpus/statements.sql")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("-- ")) {
          statements.add(line);
        }
      }
    }
    assertThat(statements).hasSizeGreaterThanOrEqualTo(500);
    return statements;
  }

  /** Runs the corpus in order on one connection, in a fresh database, recording what it sends. */
  private static Run run(String prefix, String parameters) throws SQLException {
    TestDatabase server = PostgresServers.plain();
    freshDatabase(server);
    List<byte[]> sent = new ArrayList<>();
    List<String> outcomes = new ArrayList<>();
    try (WireRecorder recorder = WireRecorder.inFrontOf(server.hostAndPort())) {
      try (Connection c = DriverManager.getConnection(prefix + recorder.hostAndPort() + "/" + DATABASE + "?user="
          + server.superuser() + parameters)) {
        WireRecorder.Recording recording = recorder.last();
        // The corpus deletes and updates rows by random(): seeded, every run changes the same rows,
        // so a statement's outcome does not depend on what an earlier random() happened to pick.
        try (Statement seed = c.createStatement()) {
          seed.execute("SELECT setseed(0.5)");
        }
        for (String sql : corpus) {
          int mark = recording.size();
          outcomes.add(outcome(c, sql));
          sent.add(recording.since(mark));
        }
        return new Run(sent, outcomes, recording.bytes());
      }
    }
  }

  /** Drops and creates the corpus's database, and the one role the corpus creates and drops again. */
  private static void freshDatabase(TestDatabase server) throws SQLException {
    try (Connection c = server.superuserConnection(); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
      s.execute("DROP ROLE IF EXISTS corpus_reader");
      s.execute("CREATE DATABASE " + DATABASE);
    }
  }

  /**
   * What the statement did: each result's columns and rows, update counts, warnings, or the error.
   * A text with {@code ?} runs as a prepared statement with every parameter bound to NULL.
   */
  private static String outcome(Connection c, String sql) {
    StringBuilder out = new StringBuilder();
    try {
      boolean result;
      Statement statement;
      if (sql.indexOf('?') >= 0) {
        PreparedStatement prepared = c.prepareStatement(sql);
        bindNulls(prepared);
        statement = prepared;
        result = prepared.execute();
      } else {
        statement = c.createStatement();
        result = statement.execute(sql);
      }
      try (statement) {
        describe(statement, result, out);
      }
    } catch (SQLException e) {
      out.append("error ").append(e.getSQLState()).append(": ").append(e.getMessage());
    }
    return out.toString();
  }

  private static void bindNulls(PreparedStatement prepared) {
    for (int i = 1; i <= 100; i++) {
      try {
        prepared.setNull(i, Types.OTHER);
      } catch (SQLException e) {
        return; // past the last parameter
      }
    }
  }

  private static void describe(Statement statement, boolean result, StringBuilder out) throws SQLException {
    for (boolean isResultSet = result; ; isResultSet = statement.getMoreResults()) {
      if (isResultSet) {
        try (ResultSet rs = statement.getResultSet()) {
          int columns = rs.getMetaData().getColumnCount();
          out.append("columns");
          for (int i = 1; i <= columns; i++) {
            out.append(' ').append(rs.getMetaData().getColumnLabel(i));
          }
          out.append('\n');
          while (rs.next()) {
            out.append("row");
            for (int i = 1; i <= columns; i++) {
              out.append(" | ").append(rs.getString(i));
            }
            out.append('\n');
          }
        }
      } else {
        long count = statement.getLargeUpdateCount();
        if (count == -1) {
          break;
        }
        out.append("count ").append(count).append('\n');
      }
    }
    for (SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
      out.append("warning ").append(w.getSQLState()).append(": ").append(w.getMessage()).append('\n');
    }
  }

  // Two runs read the clock at different moments, possibly either side of a minute or a day.
  private static String masked(String outcome) {
    return outcome
        .replaceAll("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d+)?", "<time>")
        .replaceAll("\\d+\\.\\d+", "#.#");
  }

  /** The kind of an outcome: the column labels of each result, update counts, or the SQLSTATE. */
  private static String kind(String outcome) {
    StringBuilder kind = new StringBuilder();
    for (String line : outcome.split("\n")) {
      if (line.startsWith("columns") || line.startsWith("count")) {
        kind.append(line.startsWith("count") ? "count" : line).append('\n');
      } else if (line.startsWith("error")) {
        kind.append(line, 0, Math.min(line.length(), 11)).append('\n');
      }
    }
    return kind.toString();
  }
}
