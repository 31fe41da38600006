package io.citussafe.driver;

import io.citussafe.rewriter.Plan;
import io.citussafe.rewriter.Rewriter;
import io.citussafe.rewriter.SqlState;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counts of one cluster: every connection to one database with the same settings adds to
 * them. Read them here, through JMX (an MBean per cluster, registered when its first connection
 * opens), or through Micrometer with {@code io.citussafe.driver.micrometer.CitusSafeMeterBinder}.
 *
 * <p>Counting costs the statement path next to nothing: a statement that passes through bumps a
 * plain field of its own connection's session (connections are used by one thread at a time); the
 * count is added to the cluster's on close, and open connections' counts are summed when read. Everything else counted is rare (rewrites, evictions, lock waits).
 */
public final class CitusSafeMetrics implements CitusSafeMetricsMXBean {

  private static final Logger LOG = LoggerFactory.getLogger(CitusSafeMetrics.class);
  /** Rewrites whose plan no rule named; none is expected. */
  static final String OTHER_RULE = "other";

  private static final List<CitusSafeMetrics> CLUSTERS = new CopyOnWriteArrayList<>();
  private static final List<Consumer<CitusSafeMetrics>> LISTENERS = new CopyOnWriteArrayList<>();
  private static final ConcurrentMap<String, AtomicLong> NAMES_IN_USE = new ConcurrentHashMap<>();

  private final String cluster;
  private final Rewriter rewriter;
  private final LongSupplier plansCached;
  private final Map<String, LongAdder> rewrittenByRule;
  private final Set<Reference<OpenConnection>> openConnections = ConcurrentHashMap.newKeySet();
  private final LongAdder passedThroughByClosed = new LongAdder();
  private final LongAdder plansEvicted = new LongAdder();
  private final LongAdder lockWaitGiveUps = new LongAdder();
  private final LongAdder lockWaitRetries = new LongAdder();
  private final LongAdder perShardRows = new LongAdder();
  private final LongAdder batchedRows = new LongAdder();

  private CitusSafeMetrics(String cluster, Rewriter rewriter, LongSupplier plansCached) {
    this.cluster = cluster;
    this.rewriter = rewriter;
    this.plansCached = plansCached;
    Map<String, LongAdder> byRule = new LinkedHashMap<>();
    for (String rule : rewriter.ruleNames()) {
      byRule.put(rule, new LongAdder());
    }
    byRule.put(OTHER_RULE, new LongAdder());
    this.rewrittenByRule = Collections.unmodifiableMap(byRule);
  }

  /**
   * The metrics of a new cluster, registered as an MBean and announced to the listeners.
   *
   * @param database the pgjdbc URL without parameters
   */
  static CitusSafeMetrics create(String database, Rewriter rewriter, LongSupplier plansCached) {
    long seen = NAMES_IN_USE.computeIfAbsent(database, d -> new AtomicLong()).incrementAndGet();
    // the same database with other settings is another cluster; numbered so names stay unique
    String name = seen == 1 ? database : database + " #" + seen;
    CitusSafeMetrics metrics = new CitusSafeMetrics(name, rewriter, plansCached);
    registerMBean(metrics);
    synchronized (LISTENERS) {
      CLUSTERS.add(metrics);
      for (Consumer<CitusSafeMetrics> listener : LISTENERS) {
        listener.accept(metrics);
      }
    }
    return metrics;
  }

  private static void registerMBean(CitusSafeMetrics metrics) {
    try {
      ManagementFactory.getPlatformMBeanServer().registerMBean(metrics, objectName(metrics.cluster));
    } catch (JMException | RuntimeException e) {
      // metrics must never stop a connection from opening
      LOG.warn("citussafe: could not register the JMX MBean of cluster {}: {}", metrics.cluster, e.toString());
    }
  }

  /** The JMX name of a cluster's MBean: {@code io.citussafe:type=Cluster,name="<cluster>"}. */
  public static ObjectName objectName(String cluster) throws JMException {
    return new ObjectName("io.citussafe:type=Cluster,name=" + ObjectName.quote(cluster));
  }

  /**
   * The metrics of the cluster a citussafe connection belongs to (through a pool's proxy too).
   *
   * @throws SQLException 0A000 when the connection is not a citussafe connection
   */
  public static CitusSafeMetrics of(Connection connection) throws SQLException {
    // the connection answers for its cluster, so these counts need not know connections
    if (!connection.isWrapperFor(CitusSafeMetrics.class)) {
      throw new CitusSafeException("not a citussafe connection: " + connection, SqlState.FEATURE_NOT_SUPPORTED);
    }
    return connection.unwrap(CitusSafeMetrics.class);
  }

  /** Every cluster that a connection was opened to in this JVM, in the order of their first connection. */
  public static List<CitusSafeMetrics> clusters() {
    return List.copyOf(CLUSTERS);
  }

  /**
   * Calls {@code listener} for every cluster now, then for each cluster when its first connection
   * opens. For metrics libraries that create their meters per cluster.
   */
  public static void forEachCluster(Consumer<CitusSafeMetrics> listener) {
    synchronized (LISTENERS) {
      LISTENERS.add(listener);
      for (CitusSafeMetrics metrics : CLUSTERS) {
        listener.accept(metrics);
      }
    }
  }

  /** An open connection's own count, written by the thread that uses it and read here. */
  interface OpenConnection {
    long passedThroughCount();
  }

  /**
   * Counts an open connection's statements until {@link #connectionClosed} hands its count over.
   * Held weakly: a connection dropped without close is not kept alive by its metrics.
   */
  Reference<OpenConnection> connectionOpened(OpenConnection connection) {
    Reference<OpenConnection> reference = new WeakReference<>(connection);
    openConnections.add(reference);
    return reference;
  }

  void connectionClosed(Reference<OpenConnection> reference, long passedThrough) {
    if (openConnections.remove(reference)) {
      passedThroughByClosed.add(passedThrough);
    }
  }

  /** Counts a plan that did not run the statement as written. */
  void rewritten(Plan plan) {
    String rule = plan.rule();
    LongAdder count = rule == null ? null : rewrittenByRule.get(rule);
    (count == null ? rewrittenByRule.get(OTHER_RULE) : count).increment();
  }

  void planEvicted() {
    plansEvicted.increment();
  }

  void lockWaitGaveUp() {
    lockWaitGiveUps.increment();
  }

  void lockWaitRetried() {
    lockWaitRetries.increment();
  }

  void perShardRows(long rows) {
    perShardRows.add(rows);
  }

  void batchedRows(long rows) {
    batchedRows.add(rows);
  }

  @Override
  public String getCluster() {
    return cluster;
  }

  @Override
  public long getStatementsPassedThrough() {
    long total = passedThroughByClosed.sum();
    for (Reference<OpenConnection> reference : openConnections) {
      OpenConnection open = reference.get();
      if (open == null) {
        // dropped without close: its count went with it
        openConnections.remove(reference);
      } else {
        total += open.passedThroughCount();
      }
    }
    return total;
  }

  @Override
  public long getStatementsRewritten() {
    long total = 0;
    for (LongAdder count : rewrittenByRule.values()) {
      total += count.sum();
    }
    return total;
  }

  @Override
  public Map<String, Long> getStatementsRewrittenByRule() {
    Map<String, Long> out = new LinkedHashMap<>();
    rewrittenByRule.forEach((rule, count) -> out.put(rule, count.sum()));
    return out;
  }

  /** The rule names {@link #getStatementsRewrittenByRule()} lists, {@code other} last. */
  public List<String> ruleNames() {
    return List.copyOf(rewrittenByRule.keySet());
  }

  /** One rule's count of {@link #getStatementsRewrittenByRule()}; 0 for a name it does not list. */
  public long getStatementsRewritten(String rule) {
    LongAdder count = rewrittenByRule.get(rule);
    return count == null ? 0 : count.sum();
  }

  @Override
  public long getPlansCached() {
    return plansCached.getAsLong();
  }

  @Override
  public long getPlansEvicted() {
    plansCached.getAsLong(); // runs the cache's pending evictions, so they are counted
    return plansEvicted.sum();
  }

  @Override
  public long getAnalysesCached() {
    return rewriter.analysesCached();
  }

  @Override
  public long getAnalysesEvicted() {
    return rewriter.analysesEvicted();
  }

  @Override
  public long getLockWaitGiveUps() {
    return lockWaitGiveUps.sum();
  }

  @Override
  public long getLockWaitRetries() {
    return lockWaitRetries.sum();
  }

  @Override
  public long getPerShardRows() {
    return perShardRows.sum();
  }

  @Override
  public long getBatchedRows() {
    return batchedRows.sum();
  }

  @Override
  public String toString() {
    return "CitusSafeMetrics[" + cluster + "]";
  }
}
