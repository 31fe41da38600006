package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/**
 * What the driver runs for one SQL text: a list of {@link Step}s. Immutable.
 *
 * <p>{@link #reusable()} plans were made from cached facts only (the DML rules): the driver keeps
 * them while the metadata they came from is unchanged, so a statement executed many times is
 * planned once. Plans of DDL read the catalog afresh and are made each time.
 */
public final class Plan {

  private final List<Step> steps;
  private final boolean reusable;
  /** The rule that made the plan, for metrics; null when no rule did. */
  private final String rule;

  Plan(List<Step> steps, boolean reusable) {
    this(steps, reusable, null);
  }

  private Plan(List<Step> steps, boolean reusable, String rule) {
    this.steps = List.copyOf(steps);
    this.reusable = reusable;
    this.rule = rule;
  }

  public static Plan of(Step... steps) {
    return new Plan(List.of(steps), false);
  }

  static Plan of(List<Step> steps) {
    return new Plan(steps, false);
  }

  /** The user's statement as written, alone. */
  public static Plan asWritten(String sql) {
    return new Plan(List.of(new Step.User(sql, null)), true);
  }

  public List<Step> steps() {
    return steps;
  }

  public boolean reusable() {
    return reusable;
  }

  Plan reusable(boolean value) {
    return value == reusable ? this : new Plan(steps, value, rule);
  }

  /**
   * The name of the rule that made this plan ({@code RejectedDml}, {@code LockLight}, …; the first
   * one where several statements were planned together), or null for a plan no rule made.
   */
  public String rule() {
    return rule;
  }

  Plan madeBy(String ruleName) {
    return rule != null || ruleName == null ? this : new Plan(steps, reusable, ruleName);
  }

  /** True when the plan only runs the user's statement, unchanged or rewritten, with reports. */
  public boolean inPlace() {
    int users = 0;
    for (Step step : steps) {
      if (step instanceof Step.User || step instanceof Step.Answer) {
        users++;
      } else if (!(step instanceof Step.Report || step instanceof Step.Invalidate)) {
        return false;
      }
    }
    return users == 1;
  }

  /** True when the plan has steps that each commit on their own ({@link Step.Stepwise}). */
  public boolean stepwise() {
    for (Step step : steps) {
      if (step instanceof Step.Stepwise) {
        return true;
      }
    }
    return false;
  }

  /** The text the user's statement runs as, or null when the plan does more than that. */
  public String userText() {
    String text = null;
    for (Step step : steps) {
      if (step instanceof Step.User user) {
        if (text != null) {
          return null;
        }
        text = user.sql();
      } else if (step instanceof Step.Dml dml) {
        if (text != null) {
          return null;
        }
        text = dml.plan().sql();
      }
    }
    return text;
  }

  /** The query an in-place plan answers with instead of running the statement, or null. */
  public String answerText() {
    for (Step step : steps) {
      if (step instanceof Step.Answer answer) {
        return answer.query();
      }
    }
    return null;
  }

  /** True when the user's statement runs as written and nothing else happens but reports and invalidation. */
  public boolean isAsWritten(String sql) {
    return inPlace() && sql.equals(userText());
  }

  /** The reports of the plan, in order. */
  public List<String> reports() {
    List<String> out = new ArrayList<>();
    collectReports(steps, out);
    return out;
  }

  private static void collectReports(List<Step> steps, List<String> out) {
    for (Step step : steps) {
      if (step instanceof Step.Report report) {
        out.add(report.message());
      } else if (step instanceof Step.Together together) {
        collectReports(together.steps(), out);
      }
    }
  }

  /** One line per step, for logs, dry-run and the command line's review; statement text only. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    describe(steps, "", out);
    return out.toString();
  }

  private static void describe(List<Step> steps, String indent, StringBuilder out) {
    Description description = new Description(indent, out);
    for (Step step : steps) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(indent);
      step.accept(description);
    }
  }

  /** One line per kind of step (a new kind does not compile until it has its line). */
  private static final class Description implements Step.Visitor<RuntimeException> {
    private final String indent;
    private final StringBuilder out;

    Description(String indent, StringBuilder out) {
      this.indent = indent;
      this.out = out;
    }

    @Override
    public void user(Step.User step) {
      out.append("run: ").append(step.sql());
    }

    @Override
    public void run(Step.Run step) {
      out.append("then: ").append(step.sql());
    }

    @Override
    public void answer(Step.Answer step) {
      out.append("answer without running it: ").append(step.query());
    }

    @Override
    public void together(Step.Together step) {
      out.append("in one transaction:");
      describe(step.steps(), indent + "  ", out);
    }

    @Override
    public void stepwise(Step.Stepwise step) {
      out.append("each committed on its own:");
      describe(step.steps(), indent + "  ", out);
      out.append('\n').append(indent).append("if a step fails: ").append(step.undo());
    }

    @Override
    public void report(Step.Report step) {
      out.append("note: ").append(step.message());
    }

    @Override
    public void fail(Step.Fail step) {
      out.append("refuse: ").append(step.message());
    }

    @Override
    public void dml(Step.Dml step) {
      out.append("run: ").append(step.plan().sql());
    }

    @Override
    public void deferred(Step.Deferred step) {
      out.append("plan when reached: ").append(step.sql());
    }

    @Override
    public void invalidate(Step.Invalidate step) {
      out.append("forget cached facts of ").append(step.table() == null ? "every table" : step.table());
    }
  }

  @Override
  public String toString() {
    return "Plan" + steps;
  }
}
