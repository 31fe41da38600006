package io.citussafe.cli;

import io.citussafe.cli.Finding.Level;
import io.citussafe.rewriter.DmlPlan;
import io.citussafe.rewriter.Options;
import io.citussafe.rewriter.Plan;
import io.citussafe.rewriter.Rewriter;
import io.citussafe.rewriter.SchemaChangeReader;
import io.citussafe.rewriter.SqlText;
import io.citussafe.rewriter.Step;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The offline review: each statement of the migrations, in run order, planned by the rewriter as
 * the driver would plan it on Citus, with {@link OfflineFacts} in place of the catalog. What the
 * plan does decides the verdict, from its {@link Step} kinds alone, so rules added to the rewriter
 * show up here unchanged: a plan that only runs the statement as written passes it through; one
 * with a {@link Step.Fail}, or that runs it as written with a hint for Citus's error, refuses it;
 * anything else rewrites it. {@link Advice} adds what citussafe cannot fix.
 */
final class Review {

  /**
   * One statement and what citussafe does with it.
   *
   * @param runs what the driver runs instead, one line per step ({@link Plan#describe()}); empty
   *     when it passes through
   */
  record Statement(Migrations.Unit unit, int line, String sql, Verdict verdict, List<String> runs,
      List<Finding> findings) {
  }

  record Result(List<Migrations.Unit> units, List<Statement> statements) {

    int count(Verdict verdict) {
      return (int) statements.stream().filter(s -> s.verdict() == verdict).count();
    }

    int count(Level level) {
      return (int) statements.stream().flatMap(s -> s.findings().stream()).filter(f -> f.level() == level).count();
    }

    /** True when a finding is at or above {@code level}; never for null (fail on nothing). */
    boolean reaches(Level level) {
      return level != null && statements.stream().flatMap(s -> s.findings().stream())
          .anyMatch(f -> f.level().compareTo(level) >= 0);
    }
  }

  private final Rewriter rewriter;
  private final SchemaModel model = new SchemaModel();
  private final OfflineFacts facts = new OfflineFacts(model);
  private final Advice advice = new Advice(model, facts);

  private Review(Options options) {
    this.rewriter = Rewriter.create(0, options);
  }

  static Result run(List<Migrations.Unit> units, Progress progress) {
    return run(units, progress, null);
  }

  /** @param distributionColumn {@code citussafe.distributionColumn} as stored, or null */
  static Result run(List<Migrations.Unit> units, Progress progress, String distributionColumn) {
    return new Review(Options.DEFAULTS.withDistributionColumn(distributionColumn)).review(units, progress);
  }

  private Result review(List<Migrations.Unit> units, Progress progress) {
    List<Statement> out = new ArrayList<>();
    int done = 0;
    for (Migrations.Unit unit : units) {
      progress.step(done++, units.size(), unit.label());
      facts.inTransaction(unit.transactional());
      String text = unit.text();
      int cursor = 0;
      for (String piece : SqlText.statements(text)) {
        int at = text.indexOf(piece, cursor);
        cursor = at + piece.length();
        int first = at + SqlText.firstTokenOffset(piece);
        int line = unit.firstLine() + countLines(text, first);
        String sql = text.substring(first, cursor).strip();
        out.add(statement(unit, line, sql));
      }
    }
    progress.done(units.size() + " migrations reviewed");
    return new Result(units, out);
  }

  private Statement statement(Migrations.Unit unit, int line, String sql) {
    Plan plan;
    try {
      plan = rewriter.plan(sql, facts);
    } catch (SQLException e) {
      // OfflineFacts never throws; a rule that does is reported, and the review goes on
      return new Statement(unit, line, sql, Verdict.PASS, List.of(),
          List.of(new Finding(Level.WARNING, "not-reviewed", "citussafe could not plan it offline: " + e.getMessage())));
    }
    List<Finding> findings = new ArrayList<>();
    Verdict verdict = verdict(plan, sql, findings);
    // a refused statement runs as written and fails, or does not run: nothing to show but why
    List<String> runs = verdict == Verdict.REWRITE ? describe(plan) : List.of();
    findings.replaceAll(f -> new Finding(f.level(), f.code(), withoutStatement(f.message(), sql)));
    findings.addAll(advice.check(unit, SchemaChangeReader.read(sql), verdict));
    for (String executed : executed(plan, sql, verdict)) {
      for (String part : SqlText.statements(executed)) {
        model.apply(SchemaChangeReader.read(part), new Position(unit.label(), line));
      }
    }
    return new Statement(unit, line, sql, verdict, runs, List.copyOf(findings));
  }

  private Verdict verdict(Plan plan, String sql, List<Finding> findings) {
    List<Step> fails = new ArrayList<>();
    collect(plan.steps(), Step.Fail.class, fails);
    if (!fails.isEmpty()) {
      for (Step fail : fails) {
        findings.add(new Finding(Level.ERROR, "refused", withoutPrefix(((Step.Fail) fail).message())));
      }
      return Verdict.REFUSE;
    }
    if (plan.inPlace() && sql.equals(plan.userText())) {
      String hint = null;
      for (Step step : plan.steps()) {
        if (step instanceof Step.User user && user.hint() != null) {
          hint = user.hint();
        }
      }
      if (hint != null) {
        findings.add(new Finding(Level.ERROR, "rejected", "Citus rejects it: " + hint));
        return Verdict.REFUSE;
      }
      for (String report : plan.reports()) {
        findings.add(new Finding(Level.INFO, "note", facts.humanize(report)));
      }
      return Verdict.PASS;
    }
    for (String report : plan.reports()) {
      findings.add(new Finding(Level.INFO, "rewrite", facts.humanize(report)));
    }
    List<Step> dml = new ArrayList<>();
    collect(plan.steps(), Step.Dml.class, dml);
    for (Step step : dml) {
      DmlPlan p = ((Step.Dml) step).plan();
      if (p.why() != null) {
        findings.add(new Finding(Level.INFO, "rewrite", "Citus rejects it as written (" + p.why()
            + "); citussafe runs the rewrite above instead"));
      }
      if (p.differences() != null) {
        findings.add(new Finding(Level.WARNING, "differs", p.differences()));
      }
    }
    if (findings.isEmpty()) {
      findings.add(new Finding(Level.INFO, "rewrite", "citussafe runs the steps above instead of the statement"));
    }
    return Verdict.REWRITE;
  }

  /** Messages of the rewriter end with the statement, which the report shows already. */
  private static String withoutStatement(String message, String sql) {
    String suffix = " Statement: " + sql;
    return message.endsWith(suffix) ? message.substring(0, message.length() - suffix.length()) : message;
  }

  private static String withoutPrefix(String message) {
    return message.startsWith("citussafe: ") ? message.substring("citussafe: ".length()) : message;
  }

  private static <T extends Step> void collect(List<Step> steps, Class<T> kind, List<Step> out) {
    for (Step step : steps) {
      if (kind.isInstance(step)) {
        out.add(step);
      } else if (step instanceof Step.Together together) {
        collect(together.steps(), kind, out);
      } else if (step instanceof Step.Stepwise stepwise) {
        collect(stepwise.steps(), kind, out);
      }
    }
  }

  /** The plan's steps as {@link Plan#describe()} tells them, without reports (shown as findings) and cache upkeep. */
  private static List<String> describe(Plan plan) {
    List<Step> shown = shown(plan.steps());
    return shown.isEmpty() ? List.of() : List.of(Plan.of(shown.toArray(new Step[0])).describe().split("\n"));
  }

  private static List<Step> shown(List<Step> steps) {
    List<Step> out = new ArrayList<>();
    for (Step step : steps) {
      if (step instanceof Step.Together together) {
        out.add(new Step.Together(shown(together.steps())));
      } else if (!(step instanceof Step.Report) && !(step instanceof Step.Invalidate)) {
        out.add(step);
      }
    }
    return out;
  }

  /**
   * The statements that would reach the server, for the model. A refused statement stops the
   * migration; the review goes on as if it had been fixed, so it applies the statement as written.
   */
  private static List<String> executed(Plan plan, String sql, Verdict verdict) {
    List<String> out = new ArrayList<>();
    if (verdict == Verdict.REFUSE) {
      out.add(sql);
      return out;
    }
    executed(plan.steps(), out);
    return out;
  }

  private static void executed(List<Step> steps, List<String> out) {
    for (Step step : steps) {
      if (step instanceof Step.User user) {
        out.add(user.sql());
      } else if (step instanceof Step.Run run) {
        out.add(run.sql());
      } else if (step instanceof Step.Together together) {
        executed(together.steps(), out);
      } else if (step instanceof Step.Stepwise stepwise) {
        executed(stepwise.steps(), out);
      } else if (step instanceof Step.Dml dml) {
        out.add(dml.plan().originalSql());
      } else if (step instanceof Step.Deferred deferred) {
        out.add(deferred.sql());
      }
    }
  }

  private static int countLines(String text, int end) {
    int lines = 0;
    for (int k = 0; k < end; k++) {
      if (text.charAt(k) == '\n') {
        lines++;
      }
    }
    return lines;
  }
}
