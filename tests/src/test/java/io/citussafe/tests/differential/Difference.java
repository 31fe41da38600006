package io.citussafe.tests.differential;

/**
 * The first way a route's run differs from the oracle's.
 *
 * @param kind what differs
 * @param statement the migration statement whose outcome differs, or null for a difference in the
 *     state left at the end
 * @param detail both sides, and the route's message
 */
record Difference(Kind kind, String statement, String detail) {

  enum Kind { SETUP, OUTCOME, CATALOG, ROWS, PLACEMENT }

  /**
   * What a smaller scenario must still show to count as the same finding: the kind, and the
   * statement or the section of the snapshot that differs.
   */
  String signature() {
    return kind + ": " + (statement != null ? statement : detail.substring(0, Math.max(0, detail.indexOf(':'))));
  }

  /** The signature with numbers and literals blurred, so one defect is reported once per run. */
  String shape() {
    return signature().replaceAll("'[^']*'", "'…'").replaceAll("\\d+", "N");
  }

  @Override
  public String toString() {
    return kind + (statement == null ? "" : " of " + statement) + "\n  " + detail.replace("\n", "\n  ");
  }
}
