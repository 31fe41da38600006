package io.citussafe.rewriter;

import java.util.Arrays;

/**
 * The rejected calls, and how volatile each use is.
 *
 * @param rejected per function use of the statement: Citus rejects it where it stands
 * @param volatility per function use of the statement
 */
record Rejections(boolean[] rejected, Volatility[] volatility) {
  static Rejections none(DmlStatement statement) {
    int n = statement.functionUses().size();
    Volatility[] v = new Volatility[n];
    Arrays.fill(v, Volatility.IMMUTABLE);
    return new Rejections(new boolean[n], v);
  }
}
