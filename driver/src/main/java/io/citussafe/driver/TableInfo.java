package io.citussafe.driver;

/**
 * What the driver knows of one table on one cluster, read in a single round trip.
 *
 * @param name the name as the user wrote it
 * @param exists false when {@code to_regclass} found no such table
 * @param partitionMethod {@code pg_dist_partition.partmethod}: {@code h} distributed, {@code n}
 *     reference or Citus-local; {@code 0} when not a Citus table
 * @param replicationModel {@code pg_dist_partition.repmodel}: {@code t} for reference tables
 * @param distributionColumn the distribution column of a hash-distributed table, else null
 * @param localHeapBytes {@code pg_relation_size} of the table on the coordinator
 */
record TableInfo(String name, boolean exists, char partitionMethod, char replicationModel,
    String distributionColumn, long localHeapBytes) {

  boolean isDistributed() {
    return partitionMethod == 'h';
  }

  boolean isReference() {
    return partitionMethod == 'n' && replicationModel == 't';
  }

  /**
   * Only distributed and reference tables keep stale rows on the coordinator; a Citus-local
   * table's coordinator heap is its data and must never be truncated.
   */
  boolean hasStaleLocalRows() {
    return (isDistributed() || isReference()) && localHeapBytes > 0;
  }
}
