package io.citussafe.tests.differential;

/**
 * The first way a route's run differs from the oracle's.
 *
 * @param kind what differs
 * @param statement the migration statement whose outcome differs, or null for a difference in the
 *     state left at the end
 * @param step the index of that statement among the migration's, or -1
 * @param detail both sides, and the route's message
 */
record Difference(Kind kind, String statement, int step, String detail) {

  enum Kind { SETUP, OUTCOME, CATALOG, ROWS, PLACEMENT }

  /**
   * What a smaller scenario must still show to count as the same finding: the kind, and the
   * statement or the section of the snapshot that differs.
   */
  String signature() {
    return kind + ": " + (kind == Kind.OUTCOME ? statement : detail.substring(0, Math.max(0, detail.indexOf(':'))));
  }

  /** The same difference, attributed to the statement after which it first shows. */
  Difference after(int index, String culprit) {
    return new Difference(kind, culprit, index, detail);
  }

  /**
   * What makes two differences one finding, so that a run shrinks each only once: the kind, the
   * statement's first word, and the route's outcome (or the section of the snapshot), with
   * numbers and quoted text blurred.
   */
  String shape() {
    String word = statement == null ? "" : statement.split(" ")[0];
    int route = detail.indexOf("route:");
    String what = route >= 0 ? detail.substring(route, Math.min(detail.length(), route + 90))
        : detail.substring(0, Math.max(0, detail.indexOf(':')));
    return (kind + " " + word + ": " + what).replaceAll("'[^']*'", "'…'").replaceAll("\\d+", "N");
  }

  @Override
  public String toString() {
    return kind + (statement == null ? "" : " of " + statement) + "\n  " + detail.replace("\n", "\n  ");
  }
}
