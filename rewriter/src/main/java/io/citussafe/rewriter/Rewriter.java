package io.citussafe.rewriter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The rewriter's entry point: SQL text in, {@link Plan} out. Plans are cached by SQL text in a
 * bounded cache, so an application's repeated statements cost one lookup. Thread-safe; one
 * instance is shared by all connections with the same settings.
 */
public final class Rewriter {

  /**
   * Texts longer than this are classified on every call instead of being cached: generated
   * multi-row INSERTs are rarely repeated and would push useful entries out.
   */
  static final int MAX_CACHED_LENGTH = 16 * 1024;

  private final Cache<String, Plan> plans;
  /** Plans of connections that batch backfills, which must look at every UPDATE. */
  private final Cache<String, Plan> backfillPlans;

  private Rewriter(long cacheSize) {
    this.plans = Caffeine.newBuilder().maximumSize(cacheSize).build();
    this.backfillPlans = Caffeine.newBuilder().maximumSize(cacheSize).build();
  }

  /**
   * @param cacheSize the most plans kept
   * @throws IllegalArgumentException when {@code cacheSize} is negative
   */
  public static Rewriter create(long cacheSize) {
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cache size must not be negative but was: " + cacheSize);
    }
    return new Rewriter(cacheSize);
  }

  /**
   * The plan for {@code sql}; never null, never throws for any input text.
   *
   * @throws NullPointerException when {@code sql} is null
   */
  public Plan plan(String sql) {
    if (sql.length() > MAX_CACHED_LENGTH) {
      return Classifier.classify(sql);
    }
    return plans.get(sql, Classifier::classify);
  }

  /**
   * The plan for a connection that runs large UPDATEs in batches: like {@link #plan}, but a
   * single UPDATE without function calls also gets a {@link Step.Dml} step, so the driver can
   * batch it.
   *
   * @throws NullPointerException when {@code sql} is null
   */
  public Plan planForBackfill(String sql) {
    Plan plan = plan(sql);
    if (!plan.isPassThrough() || plan.flags() != 0 || sql.length() > MAX_CACHED_LENGTH) {
      return plan;
    }
    return backfillPlans.get(sql, Classifier::classifyUpdate);
  }

  /** The plan without touching the cache; for tools that look at SQL once. */
  public static Plan classify(String sql) {
    return Classifier.classify(sql);
  }
}
