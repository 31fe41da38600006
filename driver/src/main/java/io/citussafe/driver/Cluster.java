package io.citussafe.driver;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.citussafe.rewriter.Rewriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * State shared by every connection to one database with the same settings: the plan cache and
 * the Citus metadata cache. Metadata entries expire after {@code citussafe.metadataTtl} and are
 * dropped whenever the driver runs DDL, so a statement never acts on what an earlier one changed.
 */
final class Cluster {

  private static final ConcurrentMap<String, Cluster> CLUSTERS = new ConcurrentHashMap<>();
  private static final String CITUS_KEY = "\u0000citus";

  final Rewriter rewriter;
  /** Keys are the table name, prefixed by the search_path for unqualified names. */
  private final Cache<String, Object> metadata;

  Cluster(Settings settings, Ticker ticker) {
    this.rewriter = Rewriter.create(settings.cacheSize());
    this.metadata = Caffeine.newBuilder()
        .maximumSize(10_000)
        .expireAfterWrite(settings.metadataTtl())
        .ticker(ticker)
        .build();
  }

  /** The shared cluster for a pgjdbc URL and settings. */
  static Cluster of(String pgjdbcUrl, Settings settings) {
    String key = ConnectionUrl.clusterKey(pgjdbcUrl) + '|' + settings.cacheSize() + '|'
        + settings.metadataTtl().toMillis();
    return CLUSTERS.computeIfAbsent(key, k -> new Cluster(settings, Ticker.systemTicker()));
  }

  /** Reads a value from the database; the cache calls it on a miss. */
  @FunctionalInterface
  interface Loader<T> {
    T load() throws SQLException;
  }

  /**
   * The cached value for {@code key}, loaded on a miss. Not atomic: two connections missing at
   * once both load, which is harmless for read-only metadata and keeps SQLException checked.
   */
  @SuppressWarnings("unchecked")
  <T> T cached(String key, Loader<T> loader) throws SQLException {
    Object value = metadata.getIfPresent(key);
    if (value == null) {
      value = loader.load();
      metadata.put(key, value);
    }
    return (T) value;
  }

  boolean isCitus(Connection physical) throws SQLException {
    return cached(CITUS_KEY, () -> CitusMetadata.isCitusInstalled(physical));
  }

  /**
   * The table's metadata, from the cache when fresh. {@code session} supplies and receives the
   * connection's search_path, which decides what an unqualified name means.
   */
  TableInfo table(Connection physical, String name, CitusSafeConnection session) throws SQLException {
    String key = tableKey(name, session.searchPath());
    Object cached = key == null ? null : metadata.getIfPresent(key);
    if (cached != null) {
      return (TableInfo) cached;
    }
    return refresh(physical, name, session);
  }

  /**
   * The cache key of a table name: the name itself when qualified; else the name within the
   * session's schema list, or null while that list is unknown.
   */
  private static String tableKey(String name, String schemas) {
    if (name.indexOf('.') >= 0) {
      return name;
    }
    return schemas == null ? null : schemas + '\u0000' + name;
  }

  /** Reads the table's metadata from the database and caches it. */
  TableInfo refresh(Connection physical, String name, CitusSafeConnection session) throws SQLException {
    String[] searchPath = new String[1];
    TableInfo info = CitusMetadata.tableInfo(physical, name, searchPath);
    session.searchPath(searchPath[0]);
    metadata.put(tableKey(name, searchPath[0]), info);
    return info;
  }

  /** Volatility ({@code i}, {@code s}, {@code v}) of each named function; unknown names count as volatile. */
  Map<String, Character> volatilities(Connection physical, Collection<String> names) throws SQLException {
    Map<String, Character> result = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      Object known = metadata.getIfPresent("\u0000fn\u0000" + name);
      if (known == null) {
        missing.add(name);
      } else {
        result.put(name, (Character) known);
      }
    }
    if (!missing.isEmpty()) {
      Map<String, Character> found = CitusMetadata.volatilities(physical, missing);
      for (String name : missing) {
        char volatility = found.getOrDefault(name, 'v');
        metadata.put("\u0000fn\u0000" + name, volatility);
        result.put(name, volatility);
      }
    }
    return result;
  }

  /** Row key, column types and shard count of a resolved table, cached like table metadata. */
  DmlTable dmlTable(Connection physical, String name, CitusSafeConnection session) throws SQLException {
    if (tableKey(name, session.searchPath()) == null) {
      refresh(physical, name, session);
    }
    return cached("\u0000dml\u0000" + tableKey(name, session.searchPath()),
        () -> CitusMetadata.dmlTable(physical, name));
  }

  /** Drops all cached metadata; called after any DDL the driver runs. */
  void invalidate() {
    metadata.invalidateAll();
  }
}
