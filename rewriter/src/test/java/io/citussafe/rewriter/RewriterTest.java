package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RewriterTest {

  private static final String SET_NOT_NULL = "ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL";

  @Test
  void plan_sameText_returnsCachedInstance() {
    Rewriter rewriter = Rewriter.create(100);
    Plan first = rewriter.plan(SET_NOT_NULL);
    // an equal but distinct String: the cache is keyed by text, not by identity
    Plan second = rewriter.plan(new String(SET_NOT_NULL.toCharArray()));
    assertThat(second).isSameAs(first);
    assertThat(first.steps()).first().isEqualTo(new Step.CleanLocalHeap("orders", SET_NOT_NULL));
  }

  @Test
  void plan_differentTexts_differentPlans() {
    Rewriter rewriter = Rewriter.create(100);
    Plan a = rewriter.plan(SET_NOT_NULL);
    Plan b = rewriter.plan("ALTER TABLE items ADD PRIMARY KEY (id)");
    assertThat(b).isNotSameAs(a);
    assertThat(b.steps()).first().isEqualTo(new Step.CleanLocalHeap("items", "ALTER TABLE items ADD PRIMARY KEY (id)"));
  }

  @Test
  void plan_ordinaryStatement_passThrough() {
    assertThat(Rewriter.create(10).plan("SELECT * FROM orders WHERE id = ?")).isSameAs(Plan.PASS_THROUGH);
  }

  @Test
  void plan_longerThanMaxCachedLength_classifiedEachTime() {
    StringBuilder sql = new StringBuilder(SET_NOT_NULL).append(' ');
    while (sql.length() <= Rewriter.MAX_CACHED_LENGTH) {
      sql.append("/* padding */ ");
    }
    String text = sql.toString();
    Rewriter rewriter = Rewriter.create(100);
    Plan first = rewriter.plan(text);
    Plan second = rewriter.plan(text);
    assertThat(first.steps()).containsExactly(new Step.CleanLocalHeap("orders", text), new Step.Execute(text, true));
    assertThat(second).isNotSameAs(first);
    assertThat(second.steps()).isEqualTo(first.steps());
  }

  @Test
  void plan_longMultiRowInsert_passThrough() {
    StringBuilder sql = new StringBuilder("INSERT INTO orders (id, note) VALUES (0, 'x;y')");
    for (int i = 1; sql.length() <= 2 * Rewriter.MAX_CACHED_LENGTH; i++) {
      sql.append(", (").append(i).append(", 'x;y')");
    }
    assertThat(Rewriter.create(10).plan(sql.toString())).isSameAs(Plan.PASS_THROUGH);
  }

  @Test
  void plan_exactlyMaxCachedLength_cached() {
    StringBuilder sql = new StringBuilder(SET_NOT_NULL);
    sql.append(" ".repeat(Rewriter.MAX_CACHED_LENGTH - sql.length()));
    Rewriter rewriter = Rewriter.create(100);
    assertThat(rewriter.plan(sql.toString())).isSameAs(rewriter.plan(sql.toString()));
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, Long.MIN_VALUE})
  void create_negativeCacheSize_throwsNamingValue(long size) {
    assertThatThrownBy(() -> Rewriter.create(size))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Long.toString(size));
  }

  @Test
  void create_zeroCacheSize_stillPlans() {
    Rewriter rewriter = Rewriter.create(0);
    assertThat(rewriter.plan(SET_NOT_NULL).steps()).hasSize(2);
    assertThat(rewriter.plan("SELECT 1")).isSameAs(Plan.PASS_THROUGH);
  }

  @Test
  void plan_null_throwsNullPointerException() {
    Rewriter rewriter = Rewriter.create(10);
    assertThatThrownBy(() -> rewriter.plan(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void classify_static_sameStepsAsCachedPlan() {
    assertThat(Rewriter.classify(SET_NOT_NULL).steps()).isEqualTo(Rewriter.create(10).plan(SET_NOT_NULL).steps());
  }
}
