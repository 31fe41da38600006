package io.citussafe.driver.micrometer;

import io.citussafe.driver.CitusSafeMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * citussafe's counts as Micrometer meters, tagged with {@code cluster} (the database URL without
 * parameters): for every cluster known when it is bound and every cluster a connection opens to
 * later. Declare it as a bean (Spring Boot, Quarkus) or call {@link #bindTo} yourself. Micrometer
 * is an optional dependency of the driver: this class is the only one that needs it.
 *
 * <ul>
 *   <li>{@code citussafe.statements} (counter; tags {@code outcome} = passed-through or rewritten,
 *       {@code rule} = the rule that rewrote, none for passed-through)
 *   <li>{@code citussafe.plans.cached}, {@code citussafe.analyses.cached} (gauges);
 *       {@code citussafe.plans.evicted}, {@code citussafe.analyses.evicted} (counters)
 *   <li>{@code citussafe.lock.waits} (counter; tag {@code result} = gave-up or retried)
 *   <li>{@code citussafe.rows} (counter; tag {@code mode} = per-shard or batched)
 * </ul>
 */
public final class CitusSafeMeterBinder implements MeterBinder {

  // one description per meter name: registries such as Prometheus keep one per name
  private static final String STATEMENTS = "statements sent as written (passed-through) or run in another form by a rule";
  private static final String LOCK_WAITS = "migration DDL that gave up waiting for a lock: tried again, or failed for good";
  private static final String ROWS = "rows changed by UPDATE/DELETE run shard by shard, or in batches";

  private final Iterable<Tag> tags;

  public CitusSafeMeterBinder() {
    this(Tags.empty());
  }

  /** @param tags added to every meter, e.g. the application's name */
  public CitusSafeMeterBinder(Iterable<Tag> tags) {
    this.tags = tags;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    CitusSafeMetrics.forEachCluster(metrics -> bind(metrics, registry));
  }

  private void bind(CitusSafeMetrics metrics, MeterRegistry registry) {
    Tags cluster = Tags.concat(tags, "cluster", metrics.getCluster());
    counter(registry, "citussafe.statements", metrics, CitusSafeMetrics::getStatementsPassedThrough,
        cluster.and("outcome", "passed-through", "rule", "none"), STATEMENTS);
    for (String rule : metrics.ruleNames()) {
      counter(registry, "citussafe.statements", metrics, m -> m.getStatementsRewritten(rule),
          cluster.and("outcome", "rewritten", "rule", rule), STATEMENTS);
    }
    gauge(registry, "citussafe.plans.cached", metrics, CitusSafeMetrics::getPlansCached, cluster,
        "reusable plans in the plan cache");
    counter(registry, "citussafe.plans.evicted", metrics, CitusSafeMetrics::getPlansEvicted, cluster,
        "plans the plan cache dropped to stay within citussafe.cacheSize");
    gauge(registry, "citussafe.analyses.cached", metrics, CitusSafeMetrics::getAnalysesCached, cluster,
        "statement analyses in the analysis cache");
    counter(registry, "citussafe.analyses.evicted", metrics, CitusSafeMetrics::getAnalysesEvicted, cluster,
        "analyses the analysis cache dropped to stay within citussafe.cacheSize");
    counter(registry, "citussafe.lock.waits", metrics, CitusSafeMetrics::getLockWaitGiveUps,
        cluster.and("result", "gave-up"), LOCK_WAITS);
    counter(registry, "citussafe.lock.waits", metrics, CitusSafeMetrics::getLockWaitRetries,
        cluster.and("result", "retried"), LOCK_WAITS);
    counter(registry, "citussafe.rows", metrics, CitusSafeMetrics::getPerShardRows,
        cluster.and("mode", "per-shard"), ROWS);
    counter(registry, "citussafe.rows", metrics, CitusSafeMetrics::getBatchedRows,
        cluster.and("mode", "batched"), ROWS);
  }

  private static void counter(MeterRegistry registry, String name, CitusSafeMetrics metrics,
      ToDoubleFunction<CitusSafeMetrics> count, Tags tags, String description) {
    FunctionCounter.builder(name, metrics, count).tags(tags).description(description).register(registry);
  }

  private static void gauge(MeterRegistry registry, String name, CitusSafeMetrics metrics,
      ToDoubleFunction<CitusSafeMetrics> value, Tags tags, String description) {
    Gauge.builder(name, metrics, value).tags(tags).description(description).register(registry);
  }
}
