package io.citussafe.rewriter;

/** How a function's result may change, as {@code pg_proc.provolatile} says. */
public enum Volatility {
  IMMUTABLE,
  STABLE,
  VOLATILE;

  /** From {@code provolatile}: {@code i}, {@code s}; anything else counts as volatile. */
  public static Volatility of(char provolatile) {
    return provolatile == 'i' ? IMMUTABLE : provolatile == 's' ? STABLE : VOLATILE;
  }
}
