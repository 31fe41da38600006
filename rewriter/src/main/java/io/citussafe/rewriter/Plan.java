package io.citussafe.rewriter;

import java.util.List;

/**
 * What the driver does for one SQL string: an immutable list of steps and which step's results
 * the caller sees. Most SQL gets {@link #PASS_THROUGH}: no steps, run the original text as is.
 */
public final class Plan {

  /** Run the original text unchanged. */
  public static final Plan PASS_THROUGH = new Plan(List.of(), -1);

  private final List<Step> steps;
  private final int resultStep;

  Plan(List<Step> steps, int resultStep) {
    this.steps = List.copyOf(steps);
    this.resultStep = resultStep;
  }

  public boolean isPassThrough() {
    return steps.isEmpty();
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
    return "Plan" + steps;
  }
}
