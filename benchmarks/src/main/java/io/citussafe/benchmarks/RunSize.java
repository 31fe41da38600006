package io.citussafe.benchmarks;

/**
 * How much the report runs: the full measurement, or {@code --quick}, one round of short
 * iterations on small tables that checks the whole report works and measures nothing.
 */
enum RunSize {

  /** Two forks per combination, each in its own round; the tables of the figures in RESULTS.md. */
  FULL(2, 100_000, 1_000_000, 100_000),

  /** One round of short iterations on small tables: a check of the report, not a measurement. */
  QUICK(1, 10_000, 10_000, 10_000);

  /** Forks per combination; each in its own round. */
  final int rounds;
  /** Rows of the table {@link DistributeBenchmark} distributes. */
  final int distributeRows;
  /** Rows of the table {@link BulkUpdateBenchmark} updates. */
  final int bulkRows;
  /** Distinct texts {@link ClassifierCacheScale} sends. */
  final int distinctTexts;

  RunSize(int rounds, int distributeRows, int bulkRows, int distinctTexts) {
    this.rounds = rounds;
    this.distributeRows = distributeRows;
    this.bulkRows = bulkRows;
    this.distinctTexts = distinctTexts;
  }

  boolean quick() {
    return this == QUICK;
  }
}
