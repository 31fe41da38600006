package io.citussafe.rewriter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A table's columns and unique keys, read afresh for the distribution layout.
 *
 * @param name the table in regclass syntax as the catalog prints it (qualified when not on the
 *     search_path), the same form as {@link ForeignKeyLink#table()}
 * @param columnTypes each column as stored, in order, with its type ({@code format_type})
 * @param uniqueKeys primary key, unique and exclusion constraints, and unique indexes without a constraint
 */
public record TableKeys(String name, Map<String, String> columnTypes, List<UniqueKey> uniqueKeys) {

  /**
   * @param type {@code p} primary key, {@code u} unique, {@code x} exclusion constraint, {@code i} a
   *     unique index that is no constraint
   * @param columns the key columns as stored, in order; an expression counts as no column
   * @param definition {@code pg_get_constraintdef} of a constraint, {@code pg_get_indexdef} of an index
   */
  public record UniqueKey(String name, char type, List<String> columns, String definition) {
    public UniqueKey {
      columns = List.copyOf(columns);
    }

    public boolean isConstraint() {
      return type != 'i';
    }
  }

  public TableKeys {
    columnTypes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columnTypes));
    uniqueKeys = List.copyOf(uniqueKeys);
  }

  public boolean has(String column) {
    return columnTypes.containsKey(column);
  }
}
