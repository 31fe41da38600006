package io.citussafe.benchmarks;

import io.citussafe.rewriter.Analysis;
import io.citussafe.rewriter.Options;
import io.citussafe.rewriter.Rewriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How citussafe's analysis cache behaves when an application sends many distinct texts (SQL
 * with literals instead of bind parameters): whether memory stays bounded, and whether the
 * texts that repeat stay cached. Not a timing, so not a JMH benchmark: it counts hits and
 * weighs the heap. The cache is the driver's, at its default size of 10,000 analyses per
 * cluster ({@code citussafe.cacheSize}).
 *
 * <p>A hit is seen by identity: texts that change a table's schema get an analysis object of
 * their own, so a lookup that returns the object made at the miss was a hit. Memory is weighed
 * after a full GC with texts of about 200 characters that the cache keeps: DDL. Plain SELECT,
 * INSERT, UPDATE and DELETE texts never enter it (the rewriter passes them in one pass).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.citussafe.benchmarks.ClassifierCacheScale
 * </pre>
 */
public final class ClassifierCacheScale {

  /** The driver's default {@code citussafe.cacheSize}. */
  static final int CACHE_SIZE = 10_000;

  /**
   * What was measured.
   *
   * @param distinct how many distinct texts each workload uses
   * @param retainedAfterFirst bytes the cache holds after {@code distinct} distinct texts
   * @param retainedAfterSecond bytes it holds after {@code distinct} more
   * @param retainedUnbounded bytes a map without a bound holds for the same {@code distinct} texts
   * @param cyclicHitRate hits on a second pass over the same {@code distinct} texts, in order
   * @param zipfHitRate hits when {@code 10 × distinct} lookups draw ranks with Zipf's law (s = 1)
   * @param zipfBestHitRate the share of those lookups that fall on the 10,000 most frequent texts
   *     (what a perfect cache of that size would hit, first sightings aside)
   * @param hotHitRate hits on 1,000 repeated texts when they are 10 % of the lookups and the other
   *     90 % are texts never seen again
   */
  public record Result(int distinct, long retainedAfterFirst, long retainedAfterSecond, long retainedUnbounded,
      double cyclicHitRate, double zipfHitRate, double zipfBestHitRate, double hotHitRate) {
  }

  private ClassifierCacheScale() {
  }

  public static void main(String[] args) {
    int distinct = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Result result = measure(distinct);
    System.out.printf("distinct texts: %,d; cache size: %,d%n", result.distinct(), CACHE_SIZE);
    System.out.printf("retained after %,d texts: %.1f MB, after %,d more: %.1f MB; a map without bound: %.1f MB%n",
        distinct, result.retainedAfterFirst() / 1e6, distinct, result.retainedAfterSecond() / 1e6,
        result.retainedUnbounded() / 1e6);
    System.out.printf("hit rate: second pass in order %.1f %%, Zipf %.1f %% (best possible %.1f %%), "
        + "hot texts among one-off texts %.1f %%%n", 100 * result.cyclicHitRate(), 100 * result.zipfHitRate(),
        100 * result.zipfBestHitRate(), 100 * result.hotHitRate());
  }

  /** Runs every measurement with {@code distinct} texts (10^5 for the results). */
  public static Result measure(int distinct) {
    long[] retained = retained(distinct);
    return new Result(distinct, retained[0], retained[1], retained[2], cyclicHitRate(distinct),
        zipfHitRate(distinct, false), zipfHitRate(distinct, true), hotHitRate(distinct));
  }

  /** About 200 characters, a text the cache keeps. */
  static String weighed(long i) {
    return "ALTER TABLE orders_" + i + " ADD COLUMN shipping_region varchar(32) DEFAULT 'eu-central' NOT NULL"
        + " CHECK (shipping_region IN ('eu-central', 'eu-west', 'us-east', 'us-west', 'ap-south', 'ap-east'))";
  }

  static String ddl(long i) {
    return "ALTER TABLE orders_" + i + " ADD COLUMN region varchar(255) DEFAULT 'eu' NOT NULL";
  }

  /** Heap held by the cache after {@code distinct} texts, after as many more, and by an unbounded map. */
  private static long[] retained(int distinct) {
    long before = usedAfterGc();
    Rewriter rewriter = Rewriter.create(CACHE_SIZE, Options.DEFAULTS);
    for (int i = 0; i < distinct; i++) {
      rewriter.analyze(weighed(i));
    }
    long first = usedAfterGc() - before;
    for (int i = distinct; i < 2 * distinct; i++) {
      rewriter.analyze(weighed(i));
    }
    long second = usedAfterGc() - before;
    Map<String, Analysis> unbounded = new HashMap<>();
    Rewriter uncached = Rewriter.create(0, Options.DEFAULTS);
    for (int i = 0; i < distinct; i++) {
      String text = weighed(i);
      unbounded.put(text, uncached.analyze(text));
    }
    long map = usedAfterGc() - before - second;
    // keep both alive until weighed
    if (rewriter.analyze(weighed(0)) == null || unbounded.isEmpty()) {
      throw new AssertionError();
    }
    return new long[] {first, second, map};
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    // System.gc() is a full, blocking collection; a few in a row free what finalizers and
    // reference processing released in the one before
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static double cyclicHitRate(int distinct) {
    Rewriter rewriter = Rewriter.create(CACHE_SIZE, Options.DEFAULTS);
    Analysis[] first = new Analysis[distinct];
    for (int i = 0; i < distinct; i++) {
      first[i] = rewriter.analyze(ddl(i));
    }
    int hits = 0;
    for (int i = 0; i < distinct; i++) {
      Analysis again = rewriter.analyze(ddl(i));
      hits += again == first[i] ? 1 : 0;
      first[i] = again;
    }
    return hits / (double) distinct;
  }

  private static double zipfHitRate(int distinct, boolean bestPossible) {
    double[] cumulative = new double[distinct];
    double sum = 0;
    for (int rank = 1; rank <= distinct; rank++) {
      sum += 1.0 / rank;
      cumulative[rank - 1] = sum;
    }
    SplittableRandom random = new SplittableRandom(14);
    Rewriter rewriter = Rewriter.create(CACHE_SIZE, Options.DEFAULTS);
    Analysis[] last = new Analysis[distinct];
    int lookups = 10 * distinct;
    int hits = 0;
    for (int i = 0; i < lookups; i++) {
      int rank = rank(cumulative, random.nextDouble() * sum);
      if (bestPossible) {
        hits += rank < CACHE_SIZE ? 1 : 0;
        continue;
      }
      Analysis analysis = rewriter.analyze(ddl(rank));
      hits += analysis == last[rank] ? 1 : 0;
      last[rank] = analysis;
    }
    return hits / (double) lookups;
  }

  private static int rank(double[] cumulative, double point) {
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] < point) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private static double hotHitRate(int distinct) {
    int hot = 1_000;
    Rewriter rewriter = Rewriter.create(CACHE_SIZE, Options.DEFAULTS);
    Analysis[] last = new Analysis[hot];
    SplittableRandom random = new SplittableRandom(14);
    long oneOff = 1_000_000_000L;
    int hotLookups = 0;
    int hits = 0;
    for (int i = 0; i < 10 * distinct; i++) {
      if (i % 10 == 0) {
        int k = random.nextInt(hot);
        Analysis analysis = rewriter.analyze(ddl(k));
        if (last[k] != null) {
          hotLookups++;
          hits += analysis == last[k] ? 1 : 0;
        }
        last[k] = analysis;
      } else {
        rewriter.analyze(ddl(oneOff++));
      }
    }
    return hits / (double) hotLookups;
  }
}
