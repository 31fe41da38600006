package io.citussafe.driver;

import java.util.Map;

/**
 * What citussafe counts for one cluster, as JMX shows it: an MBean named
 * {@code io.citussafe:type=Cluster,name=…} per cluster (database URL and settings) that
 * connections were opened to. Every count starts at 0 when the JVM starts.
 */
public interface CitusSafeMetricsMXBean {

  /** The database as pgjdbc sees it, without URL parameters, and the settings' number when several differ. */
  String getCluster();

  /** Statements that reached pgjdbc as the application wrote them. */
  long getStatementsPassedThrough();

  /** Statements the driver ran in another form (rewritten, split, answered, or refused with a hint). */
  long getStatementsRewritten();

  /** {@link #getStatementsRewritten()} by the rule that made the plan; every rule is listed. */
  Map<String, Long> getStatementsRewrittenByRule();

  /** Reusable plans held in the cluster's plan cache now. */
  long getPlansCached();

  /** Plans the plan cache dropped to stay within {@code citussafe.cacheSize}. */
  long getPlansEvicted();

  /** Statement analyses held in the cluster's analysis cache now. */
  long getAnalysesCached();

  /** Analyses the analysis cache dropped to stay within {@code citussafe.cacheSize}. */
  long getAnalysesEvicted();

  /** Migration DDL that gave up waiting for a lock after {@code citussafe.lockTimeout} and failed for good. */
  long getLockWaitGiveUps();

  /** Migration DDL tried again after it gave up waiting for a lock. */
  long getLockWaitRetries();

  /** Rows changed by UPDATE/DELETE run shard by shard ({@code citussafe.bulkUpdate=per-shard}). */
  long getPerShardRows();

  /** Rows changed by batched backfills ({@code citussafe.backfillBatchRows}). */
  long getBatchedRows();
}
