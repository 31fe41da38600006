package io.citussafe.rewriter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The rewriter's entry point. The path of a statement: text → tokens ({@link Lexer},
 * {@link Scanner}, {@link Splitter}) → {@link Analysis} (which rules read it; cached by text) →
 * {@link Plan} (the rules decide with the {@link Facts} they ask for) → steps that the driver
 * runs on the connection. Thread-safe; one instance is shared by the connections of one cluster
 * with the same settings.
 */
public final class Rewriter {

  /** Null when the cache size is 0: every text is analysed afresh. */
  private final Cache<String, Analysis> analyses;
  private final Analyzer analyzer;
  private final Planner planner;
  /** Every UPDATE is looked at (batched backfills): none is plain. */
  private final boolean updatesBatched;
  /** citussafe.distributionColumn is set: upserts are read (their conflict target may need the column). */
  private final boolean conflictsRead;
  private final List<String> ruleNames;
  /** Counted by the cache on eviction only: nothing on the statement path. */
  private final LongAdder evictions = new LongAdder();

  private Rewriter(long cacheSize, Rules rules, boolean updatesBatched, boolean conflictsRead) {
    this.updatesBatched = updatesBatched;
    this.conflictsRead = conflictsRead;
    this.analyses = cacheSize == 0 ? null : Caffeine.newBuilder()
        .maximumSize(cacheSize)
        .evictionListener((String sql, Analysis analysis, RemovalCause cause) ->
            evictions.increment())
        .build();
    this.analyzer = new Analyzer(rules);
    this.planner = new Planner(rules, analyzer);
    this.ruleNames = rules.names();
  }

  /** The names {@link Plan#rule()} can take, in the order the rules are tried. */
  public List<String> ruleNames() {
    return ruleNames;
  }

  /** How many analyses the cache holds now, after its pending evictions (for metrics: not on the statement path). */
  public long analysesCached() {
    if (analyses == null) {
      return 0;
    }
    analyses.cleanUp();
    return analyses.estimatedSize();
  }

  /** How many analyses the cache dropped to stay within its size, pending evictions included. */
  public long analysesEvicted() {
    if (analyses != null) {
      analyses.cleanUp();
    }
    return evictions.sum();
  }

  /**
   * @param cacheSize the most analyses kept (0: none)
   * @param options the settings the rules follow
   * @throws IllegalArgumentException when {@code cacheSize} is negative
   */
  public static Rewriter create(long cacheSize, Options options) {
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cache size must not be negative but was: " + cacheSize);
    }
    return new Rewriter(cacheSize, new Rules(options), options.backfillBatchRows() > 0,
        options.distributionColumn() != null);
  }

  /**
   * What the text is and which rules may apply; never null, never throws for any input text.
   *
   * @throws NullPointerException when {@code sql} is null
   */
  public Analysis analyze(String sql) {
    // most application SQL: one pass over its characters, cheaper than hashing it for the cache
    if (PlainDml.isPlain(sql, updatesBatched, conflictsRead)) {
      return Analysis.PASS_THROUGH;
    }
    if (analyses == null || sql.length() > StatementText.MAX_CACHED_LENGTH) {
      return analyzer.analyze(sql);
    }
    Analysis cached = analyses.getIfPresent(sql);
    if (cached == null) {
      cached = analyzer.analyze(sql);
      analyses.put(sql, cached);
    }
    return cached;
  }

  /**
   * The plan of a text whose analysis {@link Analysis#needsPlan() needs one}, decided with the
   * facts the rules ask for.
   *
   * @param sql the text the analysis was made of
   * @throws SQLException when reading a fact fails
   */
  public Plan plan(Analysis analysis, String sql, Facts facts) throws SQLException {
    return planner.plan(analysis, sql, facts);
  }

  /** {@link #analyze} and {@link #plan} in one, for statements planned when reached. */
  public Plan plan(String sql, Facts facts) throws SQLException {
    return planner.plan(analyze(sql), sql, facts);
  }
}
