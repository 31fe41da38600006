package io.citussafe.cli;

/** Where a statement stands: the migration and the line. */
record Position(String unit, int line) {
  @Override
  public String toString() {
    return unit + " line " + line;
  }
}
