package io.citussafe.tests.histories;

/**
 * What one route of a history did.
 *
 * @param total the migrations the tool listed as pending before the first ran
 *
 * @param stop where it stopped, or null when every migration applied
 * @param identical on plain PostgreSQL through citussafe: whether the catalog equals pgjdbc's; else null
 * @param layout what the layout or the distribution column made of the tables, or empty
 */
record Outcome(Route route, long applied, int total, Stop stop, long millis, Boolean identical, String layout) {

  /**
   * Whether the tool applied everything it would. (Liquibase lists changesets as pending that it
   * then leaves out on PostgreSQL, so a count below {@link #total} alone is no stop.)
   */
  boolean complete() {
    return stop == null;
  }
}
