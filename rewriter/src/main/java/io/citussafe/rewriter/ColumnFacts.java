package io.citussafe.rewriter;

import java.util.List;
import java.util.Map;

/**
 * What rewriting DML on a table needs to know of its columns and shards.
 *
 * @param rowKey the primary key, else a unique key over NOT NULL columns, as stored; empty when
 *     there is none
 * @param columnTypes the SQL type of each column without modifier ({@code format_type(t, NULL)})
 * @param columnDefaults the default expression of each column that has one ({@code pg_get_expr})
 * @param shardCount how many shards the table has (1 for a reference table)
 * @param placementsPerShard the most placements any shard has: above 1 for reference tables and
 *     for statement-replicated distributed tables
 */
public record ColumnFacts(List<String> rowKey, Map<String, String> columnTypes, Map<String, String> columnDefaults,
    long shardCount, int placementsPerShard) {

  public ColumnFacts {
    rowKey = List.copyOf(rowKey);
    columnTypes = Map.copyOf(columnTypes);
    columnDefaults = Map.copyOf(columnDefaults);
  }
}
