package io.citussafe.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.rewriter.Analysis;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The connection's identity slots: found by instance only, bounded, and never another text's analysis. */
class RecentAnalysesTest {

  private final RecentAnalyses recent = new RecentAnalyses();
  private static final Analysis SESSION_CHANGE = Analysis.withFlags(Analysis.SESSION_CHANGE);
  private static final Analysis SCHEMA_CHANGE = Analysis.withFlags(Analysis.SCHEMA_CHANGE);

  @Test
  void find_unseenText_null() {
    assertThat(recent.find("SELECT 1", 7)).isNull();
  }

  @Test
  void find_sameInstance_itsAnalysis_equalTextBuiltAfresh_null() {
    String sql = "UPDATE orders SET n = 1 WHERE id = 7";
    recent.keep(sql, 7, Analysis.PASS_THROUGH);
    assertThat(recent.find(sql, 7)).isSameAs(Analysis.PASS_THROUGH);
    assertThat(recent.find(new String(sql), 7)).as("found by instance, not by content").isNull();
  }

  @Test
  void find_twoTextsWithTheSameHash_eachItsOwnAnalysis() {
    String set = "SET search_path TO app";
    String update = "UPDATE orders SET n = 1";
    recent.keep(set, 42, SESSION_CHANGE);
    recent.keep(update, 42, Analysis.PASS_THROUGH);
    assertThat(recent.find(set, 42)).isSameAs(SESSION_CHANGE);
    assertThat(recent.find(update, 42)).isSameAs(Analysis.PASS_THROUGH);
  }

  @Test
  void keep_thirdTextInASet_dropsTheOldestAndNeverAnswersWithAnotherTextsAnalysis() {
    String first = "ALTER TABLE orders ADD COLUMN a int";
    String second = "SET search_path TO app";
    String third = "SELECT 1";
    // different hashes whose low bits choose the same set
    recent.keep(first, 3, SCHEMA_CHANGE);
    recent.keep(second, 3 + RecentAnalyses.SETS, SESSION_CHANGE);
    recent.keep(third, 3 + 5 * RecentAnalyses.SETS, Analysis.PASS_THROUGH);
    assertThat(recent.find(first, 3)).as("the oldest of three in one set is read again").isNull();
    assertThat(recent.find(second, 3 + RecentAnalyses.SETS)).isSameAs(SESSION_CHANGE);
    assertThat(recent.find(third, 3 + 5 * RecentAnalyses.SETS)).isSameAs(Analysis.PASS_THROUGH);
    assertThat(recent.find(second, 4)).as("another set").isNull();
  }

  @Test
  void keep_manyTextsInFewSets_boundedAndEveryAnswerTheTextsOwn() {
    Random random = new Random(20261206L);
    List<String> texts = new ArrayList<>();
    List<Integer> hashes = new ArrayList<>();
    List<Analysis> kinds = List.of(Analysis.PASS_THROUGH, SESSION_CHANGE, SCHEMA_CHANGE);
    int found = 0;
    for (int i = 0; i < 20_000; i++) {
      // 40 distinct texts over 16 sets: many share a set
      int k = random.nextInt(40);
      String sql = i < 40 ? "UPDATE orders SET n = " + i : texts.get(k);
      int hash = i < 40 ? random.nextInt(16) + RecentAnalyses.SETS * random.nextInt(1000) : hashes.get(k);
      if (i < 40) {
        texts.add(sql);
        hashes.add(hash);
      }
      int index = texts.indexOf(sql);
      Analysis own = kinds.get(index % 3);
      Analysis answer = recent.find(sql, hash);
      if (answer == null) {
        recent.keep(sql, hash, own);
      } else {
        found++;
        assertThat(answer).as("the analysis kept for %s", sql).isSameAs(own);
      }
    }
    assertThat(found).as("repeated texts are found").isGreaterThan(5_000);
    assertThat(recent.size()).isLessThanOrEqualTo(2 * 16);
    for (int i = 0; i < 100_000; i++) {
      recent.keep("SELECT " + i, random.nextInt(), Analysis.PASS_THROUGH);
    }
    assertThat(recent.size()).isEqualTo(2 * RecentAnalyses.SETS);
  }

  @Test
  void keep_textLongerThanTheBound_notKept() {
    String script = "SELECT 1;".repeat(RecentAnalyses.LONGEST / 9 + 1);
    recent.keep(script, 9, SESSION_CHANGE);
    assertThat(recent.find(script, 9)).isNull();
    assertThat(recent.size()).isZero();
  }
}
