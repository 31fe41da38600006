package io.citussafe.rewriter;

import java.util.List;

/**
 * What the driver does for one SQL string: an immutable list of steps and which step's results
 * the caller sees. Most SQL gets {@link #PASS_THROUGH}: no steps, run the original text as is.
 */
public final class Plan {

  /** The text touches a migration tool's history or lock table (Flyway, Liquibase). */
  public static final int MIGRATION_TOOL = 1;
  /** The text opens a transaction block: {@code BEGIN}, {@code START TRANSACTION}. */
  public static final int TRANSACTION_START = 2;
  /** The text ends a transaction block: {@code COMMIT}, {@code END}, {@code ROLLBACK}, {@code ABORT}. */
  public static final int TRANSACTION_END = 4;
  /** The text may change what unqualified names mean: {@code SET search_path}, {@code RESET ALL}, {@code DISCARD}. */
  public static final int SESSION_CHANGE = 8;

  private static final Plan[] PASS_THROUGH_BY_FLAGS = new Plan[16];

  static {
    for (int flags = 0; flags < PASS_THROUGH_BY_FLAGS.length; flags++) {
      PASS_THROUGH_BY_FLAGS[flags] = new Plan(List.of(), -1, flags);
    }
  }

  /** Run the original text unchanged; nothing to observe. */
  public static final Plan PASS_THROUGH = PASS_THROUGH_BY_FLAGS[0];

  private final List<Step> steps;
  private final int resultStep;
  private final int flags;

  Plan(List<Step> steps, int resultStep, int flags) {
    this.steps = List.copyOf(steps);
    this.resultStep = resultStep;
    this.flags = flags;
  }

  /** The shared pass-through plan with these flags. */
  public static Plan passThrough(int flags) {
    return PASS_THROUGH_BY_FLAGS[flags];
  }

  public boolean isPassThrough() {
    return steps.isEmpty();
  }

  /**
   * What the connection must note about this text even when it passes through: a bit set of
   * {@link #MIGRATION_TOOL}, {@link #TRANSACTION_START}, {@link #TRANSACTION_END},
   * {@link #SESSION_CHANGE}. Zero for almost all SQL.
   */
  public int flags() {
    return flags;
  }

  public List<Step> steps() {
    return steps;
  }

  /** Index of the step whose results (result set, update count, keys) the caller sees. */
  public int resultStep() {
    return resultStep;
  }

  /** True when every step only runs text as written (DDL that just invalidates metadata). */
  public boolean onlyExecutes() {
    for (Step step : steps) {
      if (!(step instanceof Step.Execute)) {
        return false;
      }
    }
    return true;
  }

  /** A one-line description for logs and warnings; statement text only, never parameters. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    for (Step step : steps) {
      if (out.length() > 0) {
        out.append("; then ");
      }
      if (step instanceof Step.CleanLocalHeap clean) {
        out.append("clean the coordinator heap of ").append(clean.table());
      } else if (step instanceof Step.Distribute d) {
        out.append(d.call().function()).append(" on ").append(d.call().table())
            .append(" and clean its coordinator heap");
      } else if (step instanceof Step.Dml dml) {
        out.append("check ").append(dml.statement().kind()).append(" of ").append(dml.statement().table())
            .append(" against Citus's function rules");
      } else if (step instanceof Step.CitusOnly c) {
        out.append("Citus-only ").append(c.function());
      } else {
        out.append("run as written");
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "Plan" + steps + (flags == 0 ? "" : " flags=" + flags);
  }
}
