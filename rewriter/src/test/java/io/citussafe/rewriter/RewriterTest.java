package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RewriterTest {

  private static final String SET_NOT_NULL = "ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL";

  @Test
  void analyze_sameText_returnsCachedInstance() {
    Rewriter rewriter = Rewriter.create(100, Options.DEFAULTS);
    Analysis first = rewriter.analyze(SET_NOT_NULL);
    // an equal but distinct String: the cache is keyed by text, not by identity
    Analysis second = rewriter.analyze(new String(SET_NOT_NULL.toCharArray()));
    assertThat(second).isSameAs(first);
    assertThat(first.needsPlan()).isTrue();
  }

  @Test
  void analyze_ordinaryStatement_passThrough() {
    assertThat(Rewriter.create(10, Options.DEFAULTS).analyze("SELECT * FROM orders WHERE id = ?"))
        .isSameAs(Analysis.PASS_THROUGH);
  }

  @Test
  void analyze_longerThanMaxCachedLength_analysedEachTime() {
    StringBuilder sql = new StringBuilder(SET_NOT_NULL).append(' ');
    while (sql.length() <= StatementText.MAX_CACHED_LENGTH) {
      sql.append("/* padding */ ");
    }
    String text = sql.toString();
    Rewriter rewriter = Rewriter.create(100, Options.DEFAULTS);
    Analysis first = rewriter.analyze(text);
    assertThat(rewriter.analyze(text)).isNotSameAs(first);
    assertThat(first.matchedRules()).containsExactly("StaleHeapRule", "LockLightRule");
  }

  @Test
  void analyze_longMultiRowInsert_passThrough() {
    StringBuilder sql = new StringBuilder("INSERT INTO orders (id, note) VALUES (0, 'x;y')");
    for (int i = 1; sql.length() <= 2 * StatementText.MAX_CACHED_LENGTH; i++) {
      sql.append(", (").append(i).append(", 'x;y')");
    }
    assertThat(Rewriter.create(10, Options.DEFAULTS).analyze(sql.toString())).isSameAs(Analysis.PASS_THROUGH);
  }

  @Test
  void analyze_exactlyMaxCachedLength_cached() {
    StringBuilder sql = new StringBuilder(SET_NOT_NULL);
    sql.append(" ".repeat(StatementText.MAX_CACHED_LENGTH - sql.length()));
    Rewriter rewriter = Rewriter.create(100, Options.DEFAULTS);
    assertThat(rewriter.analyze(sql.toString())).isSameAs(rewriter.analyze(sql.toString()));
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, Long.MIN_VALUE})
  void create_negativeCacheSize_throwsNamingValue(long size) {
    assertThatThrownBy(() -> Rewriter.create(size, Options.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Long.toString(size));
  }

  @Test
  void create_zeroCacheSize_noCacheButSameAnswers() {
    // cacheSize=0 must mean no cache, not an insert and an eviction per call
    Rewriter rewriter = Rewriter.create(0, Options.DEFAULTS);
    assertThat(rewriter.analyze(SET_NOT_NULL)).isNotSameAs(rewriter.analyze(SET_NOT_NULL));
    assertThat(rewriter.analyze(SET_NOT_NULL).matchedRules()).containsExactly("StaleHeapRule", "LockLightRule");
    assertThat(rewriter.analyze("SELECT 1")).isSameAs(Analysis.PASS_THROUGH);
  }

  @Test
  void analyze_null_throwsNullPointerException() {
    Rewriter rewriter = Rewriter.create(10, Options.DEFAULTS);
    assertThatThrownBy(() -> rewriter.analyze(null)).isInstanceOf(NullPointerException.class);
  }
}
