package io.citussafe.rewriter;

/**
 * A {@code create_distributed_table}, {@code create_distributed_table_concurrently} or
 * {@code create_reference_table} call as written.
 *
 * @param function the function name, lower case
 * @param table the table argument in regclass syntax ({@code 'public."Orders"'} gives
 *     {@code public."Orders"}), or null when it is not a string literal
 * @param column the distribution column argument, or null for reference tables and when it is not
 *     a string literal
 */
public record DistributionCall(String function, String table, String column) {

  public boolean isReferenceTable() {
    return "create_reference_table".equals(function);
  }

  public boolean isConcurrent() {
    return "create_distributed_table_concurrently".equals(function);
  }
}
