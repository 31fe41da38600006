package io.citussafe.rewriter;

import java.util.List;

/**
 * What the rules need to know of one table, read by the driver in one round trip.
 *
 * @param name the name as the statement wrote it (regclass syntax)
 * @param kind what Citus makes of it; {@link Kind#MISSING} when {@code to_regclass} finds nothing
 * @param distributionColumn the distribution column of a distributed table, else null
 * @param colocationId Citus's co-location group (0 when not a Citus table): distributed tables in
 *     the same group can reference each other
 * @param heaps the coordinator heap of the table and of every partition below it that holds
 *     bytes, largest first; empty when all are empty
 * @param estimatedRows the planner's row estimate on the coordinator ({@code reltuples} over the
 *     partition tree; a relation never analysed counts one row per 100 bytes of heap), -1 when
 *     unknown; for a distributed table see {@link Facts#estimatedRows}
 */
public record TableFacts(String name, Kind kind, String distributionColumn, int colocationId, List<Heap> heaps,
    long estimatedRows) {

  public enum Kind {
    MISSING,
    /** A plain PostgreSQL table that Citus does not know. */
    LOCAL,
    DISTRIBUTED,
    REFERENCE,
    /** Known to Citus but kept on the coordinator: its coordinator heap is its data. */
    CITUS_LOCAL
  }

  /** One relation's coordinator heap: the table itself or one of its partitions. */
  public record Heap(String relation, long bytes) {
  }

  public TableFacts {
    heaps = List.copyOf(heaps);
  }

  public static TableFacts missing(String name) {
    return new TableFacts(name, Kind.MISSING, null, 0, List.of(), -1);
  }

  public boolean exists() {
    return kind != Kind.MISSING;
  }

  public boolean isDistributed() {
    return kind == Kind.DISTRIBUTED;
  }

  public boolean isReference() {
    return kind == Kind.REFERENCE;
  }

  /** Any table Citus knows: distributed, reference or Citus-local. */
  public boolean isCitusTable() {
    return kind == Kind.DISTRIBUTED || kind == Kind.REFERENCE || kind == Kind.CITUS_LOCAL;
  }

  /** Distributed or reference: the tables whose rows live in shards on the workers. */
  public boolean isSharded() {
    return kind == Kind.DISTRIBUTED || kind == Kind.REFERENCE;
  }

  /** Bytes in the coordinator heaps of the whole partition tree. */
  public long heapBytes() {
    long total = 0;
    for (Heap heap : heaps) {
      total += heap.bytes();
    }
    return total;
  }

  /**
   * Only distributed and reference tables keep stale rows on the coordinator after they were
   * distributed; a Citus-local or plain table's heap is its data and is never truncated.
   */
  public boolean hasStaleRows() {
    return isSharded() && !heaps.isEmpty();
  }

  /** {@code orders: 8192 bytes} or {@code ev_2024: 8192 bytes, ev_2025: 16384 bytes}. */
  public String describeHeaps() {
    StringBuilder out = new StringBuilder();
    for (Heap heap : heaps) {
      out.append(out.length() == 0 ? "" : ", ").append(heap.relation()).append(": ").append(heap.bytes())
          .append(" bytes");
    }
    return out.toString();
  }
}
