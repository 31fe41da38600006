package io.citussafe.driver;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.citussafe.rewriter.Plan;
import io.citussafe.rewriter.Rewriter;
import io.citussafe.rewriter.SqlText;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * State shared by every connection to one database with the same settings: the rewriter (with its
 * analysis cache), the facts the rules asked for, and the plans that can be reused.
 *
 * <p>Facts expire after {@code citussafe.metadataTtl}. DDL the driver runs forgets the facts of
 * the table it changed (all facts when it cannot tell which) and moves the {@link #generation()}
 * on, which retires every reusable plan: a plan made before the DDL is never used after it. A
 * fact loaded while such DDL ran is not kept, so a load that started before an invalidation cannot
 * put pre-DDL facts back.
 */
final class Cluster {

  private static final ConcurrentMap<String, Cluster> CLUSTERS = new ConcurrentHashMap<>();

  final Rewriter rewriter;
  private final Cache<Object, Object> facts;
  /** Reusable plans by (SQL text, schemas, generation); null when caching is off. */
  private final Cache<PlanKey, Plan> plans;
  private final AtomicLong generation = new AtomicLong();
  final CitusSafeMetrics metrics;

  /** A cached table fact: its key names the table as written and, when unqualified, the schema list. */
  record TableKey(String kind, String schemas, String name, String lastPart) {
  }

  private record PlanKey(String sql, String schemas, long generation) {
  }

  Cluster(Settings settings, Ticker ticker) {
    this(settings, ticker, "test");
  }

  private Cluster(Settings settings, Ticker ticker, String database) {
    this.rewriter = Rewriter.create(settings.cacheSize(), settings.ruleOptions());
    this.facts = Caffeine.newBuilder()
        .maximumSize(10_000)
        .expireAfterWrite(settings.metadataTtl())
        .ticker(ticker)
        .build();
    this.plans = settings.cacheSize() == 0 ? null : Caffeine.newBuilder()
        .maximumSize(settings.cacheSize())
        .expireAfterWrite(settings.metadataTtl())
        .ticker(ticker)
        .evictionListener((PlanKey key, Plan plan, RemovalCause cause) -> planEvicted())
        .build();
    this.metrics = CitusSafeMetrics.create(database, rewriter, this::plansCached);
  }

  /** The shared cluster for a pgjdbc URL and settings. */
  static Cluster of(String pgjdbcUrl, Settings settings) {
    String database = ConnectionUrl.clusterKey(pgjdbcUrl);
    return CLUSTERS.computeIfAbsent(database + '|' + settings,
        k -> new Cluster(settings, Ticker.systemTicker(), database));
  }

  private void planEvicted() {
    metrics.planEvicted();
  }

  /** Plans kept now, after pending evictions (which the eviction listener counts): for metrics only. */
  private long plansCached() {
    if (plans == null) {
      return 0;
    }
    plans.cleanUp();
    return plans.estimatedSize();
  }

  /** Reads a fact from the database; the cache calls it on a miss. */
  @FunctionalInterface
  interface Loader<T> {
    T load() throws SQLException;
  }

  /**
   * The cached fact for {@code key}, loaded on a miss. Not atomic: two connections missing at
   * once both load, which is harmless for read-only facts and keeps SQLException checked. The
   * loaded value is kept only when no invalidation happened meanwhile.
   */
  @SuppressWarnings("unchecked")
  <T> T cached(Object key, Loader<T> loader) throws SQLException {
    Object value = facts.getIfPresent(key);
    if (value == null) {
      long before = generation.get();
      value = loader.load();
      put(key, value, before);
    }
    return (T) value;
  }

  /** The cached fact for {@code key}, or null. */
  Object peek(Object key) {
    return facts.getIfPresent(key);
  }

  /** Keeps a fact read when the generation was {@code before}, unless DDL ran since. */
  void put(Object key, Object value, long before) {
    if (generation.get() == before) {
      facts.put(key, value);
    }
  }

  long generation() {
    return generation.get();
  }

  /** A reusable plan made under the current generation, or null. */
  Plan plan(String sql, String schemas) {
    return plans == null ? null : plans.getIfPresent(new PlanKey(sql, schemas, generation.get()));
  }

  void keepPlan(String sql, String schemas, long madeIn, Plan plan) {
    if (plans != null && plan.reusable() && generation.get() == madeIn) {
      plans.put(new PlanKey(sql, schemas, madeIn), plan);
    }
  }

  /**
   * Forgets the facts of one table (regclass text; null: of every table). Matching is by the last
   * part of the name, so {@code orders}, {@code public.orders} and {@code "orders"} go together.
   */
  void forget(String table) {
    generation.incrementAndGet();
    if (plans != null) {
      plans.invalidateAll();
    }
    if (table == null) {
      facts.invalidateAll();
      return;
    }
    String last = SqlText.storedName(table);
    facts.asMap().keySet().removeIf(key -> key instanceof TableKey t && t.lastPart().equals(last));
  }
}
