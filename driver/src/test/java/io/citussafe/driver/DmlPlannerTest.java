package io.citussafe.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.rewriter.DmlStatement;
import io.citussafe.rewriter.Rewriter;
import io.citussafe.rewriter.Step;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mirror of Citus's DML rules: which statements Citus rejects, with its own wording. */
class DmlPlannerTest {

  private static final Map<String, Character> VOLATILITY = Map.of(
      "gen_random_uuid", 'v', "random", 'v', "nextval", 'v', "clock_timestamp", 'v',
      "now", 's', "to_char", 's', "lower", 'i', "abs", 'i');

  /** The analysed statement, or null when the classifier passes it through unexamined. */
  private static DmlStatement dml(String sql) {
    List<Step> steps = Rewriter.classify(sql).steps();
    return steps.isEmpty() ? null : ((Step.Dml) steps.get(0)).statement();
  }

  @ParameterizedTest
  @CsvSource(delimiterString = " => ", quoteCharacter = '"', nullValues = "-", value = {
      "UPDATE t SET u = gen_random_uuid() => must not be VOLATILE",
      "UPDATE t SET u = gen_random_uuid() WHERE id = 5 => must not be VOLATILE",
      "UPDATE t SET v = nextval('s') => must not be VOLATILE",
      "UPDATE t SET ts = clock_timestamp() => must not be VOLATILE",
      "UPDATE t SET ts = now() => -",
      "UPDATE t SET ts = now() + interval '1 s' => -",
      "UPDATE t SET ts = now() + (id || ' s')::interval => cannot be called with column references",
      "UPDATE t SET d = CAST(ts AS date) => cannot be called with column references",
      "UPDATE t SET v = v::bigint => -",
      "UPDATE t SET note = to_char(ts, 'YYYY') => cannot be called with column references",
      "UPDATE t SET note = lower(note) => -",
      "UPDATE t SET note = coalesce(note, to_char(now(), 'YYYY')) => non-IMMUTABLE functions are not allowed in CASE or COALESCE",
      "UPDATE t SET note = CASE WHEN id > 1 THEN lower(note) ELSE 'x' END => -",
      "UPDATE t SET v = 1 WHERE random() < 0.5 => WHERE/ON/WHEN clause of modification queries",
      "DELETE FROM t WHERE random() < 0.5 => WHERE/ON/WHEN clause of modification queries",
      "DELETE FROM t WHERE abs(v) > 3 => -",
      "INSERT INTO t (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET ts = now() => DO UPDATE SET clause of INSERTs",
      "INSERT INTO t (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET ts = CURRENT_TIMESTAMP => DO UPDATE SET clause of INSERTs",
      "INSERT INTO t (id, ts) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET ts = EXCLUDED.ts + abs(1) * interval '1 s' => -",
      "UPDATE t SET note = my_function(note) => must not be VOLATILE"})
  void citusRule_mirrorsCitus(String sql, String rule) {
    DmlStatement statement = dml(sql);
    String found = statement == null ? null : DmlPlanner.citusRule(statement, VOLATILITY);
    if (rule == null) {
      assertThat(found).isNull();
    } else {
      assertThat(found).contains(rule);
    }
  }

  @ParameterizedTest
  @CsvSource({"UPDATE 12, 12", "DELETE 0, 0", "UPDATE 3000000000, 3000000000", "SELECT, 0", "'', 0"})
  void commandTagCount_readsTheCount(String tag, long count) {
    assertThat(PerShard.commandTagCount(tag)).isEqualTo(count);
  }
}
