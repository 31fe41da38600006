package io.citussafe.benchmarks;

import java.util.Locale;

/** How the result tables write a figure in a cell: {@link Locale#ROOT}, so the report reads the same anywhere. */
final class Cells {

  private Cells() {
  }

  static String verdict(boolean met, double factor) {
    return met ? "met" : String.format(Locale.ROOT, "missed (%.1f× the target)", factor);
  }

  static String signed(double value) {
    return String.format(Locale.ROOT, "%+.1f", value);
  }

  static String signedBytes(double value) {
    return Double.isNaN(value) ? "? B" : String.format(Locale.ROOT, "%+.0f B", value);
  }

  static String bytes(double value) {
    return Double.isNaN(value) ? "? B" : String.format(Locale.ROOT, "%.0f B", value);
  }

  static String format1(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
