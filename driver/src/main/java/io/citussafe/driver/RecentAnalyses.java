package io.citussafe.driver;

import io.citussafe.rewriter.Analysis;

/**
 * The analyses of the last texts one connection sent, found by String instance: an application or
 * ORM sends the same String constants again and again, and a text found here is neither hashed nor
 * read again. Two ways per set: with one slot per hash, 100 texts in 128 slots shared their slot
 * with another text half of the time and were read afresh on every call; with two ways in 128 sets
 * about one in six of them is. A new text takes the first way and moves the older one to the second;
 * a hit writes nothing.
 *
 * <p>One object per connection, used by the thread that uses the connection, as JDBC requires: plain
 * array reads on the statement path, no lock. Bounded: {@value #SETS} × 2 texts, none longer than
 * {@value #LONGEST} characters (a long migration script is not kept alive by its connection).
 */
final class RecentAnalyses {

  /** A power of two: a set is chosen by the identity hash's low bits. */
  static final int SETS = 128;
  static final int LONGEST = 16 * 1024;
  /** Per set: the newer text, its analysis, the older text, its analysis. */
  private final Object[] slots = new Object[SETS * 4];

  /** The analysis kept for this very String, or null. */
  Analysis find(String sql, int identityHash) {
    int set = (identityHash & (SETS - 1)) << 2;
    Object[] slots = this.slots;
    if (slots[set] == sql) {
      return (Analysis) slots[set + 1];
    }
    if (slots[set + 2] == sql) {
      return (Analysis) slots[set + 3];
    }
    return null;
  }

  /** Keeps the analysis of a text {@link #find} did not find; the older way of its set is dropped. */
  void keep(String sql, int identityHash, Analysis analysis) {
    if (sql.length() > LONGEST) {
      return;
    }
    int set = (identityHash & (SETS - 1)) << 2;
    Object[] slots = this.slots;
    slots[set + 2] = slots[set];
    slots[set + 3] = slots[set + 1];
    slots[set] = sql;
    slots[set + 1] = analysis;
  }

  /** How many texts are kept (for tests: not on the statement path). */
  int size() {
    int kept = 0;
    for (int i = 0; i < slots.length; i += 2) {
      if (slots[i] != null) {
        kept++;
      }
    }
    return kept;
  }
}
