package io.citussafe.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The application side of {@link LockLightLatency}: single-row updates by random key of table
 * {@code t}, through plain pgjdbc, one at a time, each one's start and end kept so that the
 * writes overlapping a migration's statement can be picked out afterwards.
 */
final class KeyUpdateWriter implements Runnable {

  private static final int MAX_WRITES = 4_000_000;
  private final String url;
  private final long rows;
  private final long[] starts = new long[MAX_WRITES];
  private final long[] ends = new long[MAX_WRITES];
  private volatile int count;
  private volatile boolean stop;

  KeyUpdateWriter(String url, long rows) {
    this.url = url;
    this.rows = rows;
  }

  @Override
  public void run() {
    SplittableRandom random = new SplittableRandom(42);
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement update = c.prepareStatement("UPDATE t SET n = n + 1 WHERE id = ?")) {
      int i = 0;
      while (!stop && i < MAX_WRITES) {
        update.setLong(1, 1 + random.nextLong(rows));
        starts[i] = System.nanoTime();
        update.executeUpdate();
        ends[i] = System.nanoTime();
        count = ++i;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Ends {@link #run} after the write under way. */
  void stop() {
    stop = true;
  }

  /** Polls until the writer has written {@code n} rows (its connection is warm). */
  void awaitWrites(int n) throws InterruptedException {
    while (count < n) {
      // polls the writer thread's own counter while its connection warms up; nothing here waits for
      // a write to become visible (Citus writes are synchronous)
      Thread.sleep(5);
    }
  }

  /** Latencies in ms, sorted, of the writes that were running at some moment in {@code [from, to]}. */
  double[] latenciesOverlapping(long from, long to) {
    int n = count;
    double[] out = new double[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (ends[i] >= from && starts[i] <= to) {
        out[k++] = (ends[i] - starts[i]) / 1e6;
      }
    }
    double[] found = Arrays.copyOf(out, k);
    Arrays.sort(found);
    return found;
  }
}
