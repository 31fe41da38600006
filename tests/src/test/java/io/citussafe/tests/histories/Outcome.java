package io.citussafe.tests.histories;

/**
 * What one route of a history did.
 *
 * @param stop where it stopped, or null when every migration applied
 * @param identical on plain PostgreSQL through citussafe: whether the catalog equals pgjdbc's; else null
 * @param layout what the layout or the distribution column made of the tables, or empty
 */
record Outcome(Route route, long applied, int total, Stop stop, long millis, Boolean identical, String layout) {

  boolean complete() {
    return stop == null && applied >= total;
  }
}
