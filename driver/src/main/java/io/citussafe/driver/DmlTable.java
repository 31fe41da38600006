package io.citussafe.driver;

import java.util.List;
import java.util.Map;

/**
 * What rewriting DML on a table needs to know.
 *
 * @param rowKey the primary key, else a unique NOT NULL key, as stored; empty when there is none
 * @param columnTypes SQL type of each column without type modifier ({@code format_type(t, NULL)})
 * @param shardCount how many shards the table has (1 for a reference table)
 */
record DmlTable(List<String> rowKey, Map<String, String> columnTypes, long shardCount) {
}
