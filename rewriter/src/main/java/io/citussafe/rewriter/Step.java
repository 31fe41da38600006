package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One thing the driver does for a statement. A {@link Plan} is a list of steps; the driver's
 * executor runs them in order on the statement's connection, so generated statements share the
 * user's transaction.
 */
public sealed interface Step {

  /**
   * The steps with {@code leaf} applied to each one that is not a group, also inside
   * {@link Together} and {@link Stepwise} groups, which keep their shape: how a rule changes the
   * user's statement wherever the rules after it put it.
   */
  static List<Step> mapLeaves(List<Step> steps, UnaryOperator<Step> leaf) {
    List<Step> out = new ArrayList<>(steps.size());
    for (Step step : steps) {
      if (step instanceof Together together) {
        out.add(new Together(mapLeaves(together.steps(), leaf)));
      } else if (step instanceof Stepwise stepwise) {
        out.add(new Stepwise(stepwise.sql(), stepwise.table(), mapLeaves(stepwise.steps(), leaf),
            stepwise.completes(), stepwise.undo(), stepwise.violation()));
      } else {
        out.add(leaf.apply(step));
      }
    }
    return out;
  }

  /**
   * Calls the visitor's method for this kind of step. A new kind of step is a new method of
   * {@link Visitor}, so every place that handles steps stops compiling until it handles it too.
   */
  <E extends Exception> void accept(Visitor<E> visitor) throws E;

  /** One method per kind of step: the executor and every description of a plan implement it. */
  interface Visitor<E extends Exception> {
    void user(User step) throws E;

    void run(Run step) throws E;

    void answer(Answer step) throws E;

    void together(Together step) throws E;

    void stepwise(Stepwise step) throws E;

    void report(Report step) throws E;

    void fail(Fail step) throws E;

    void dml(Dml step) throws E;

    void deferred(Deferred step) throws E;

    void invalidate(Invalidate step) throws E;
  }

  /**
   * The user's statement, as written or rewritten ({@code sql}), run with the JDBC call the user
   * made; its results, update count and generated keys are the caller's.
   *
   * @param hint added to the server's error when this step fails, or null
   */
  record User(String sql, String hint) implements Step {
    @Override
    public <E extends Exception> void accept(Visitor<E> visitor) throws E {
      visitor.user(this);
    }
  }

  /**
   * A statement the driver generated, run on a side statement; its results are not seen.
   *
   * @param hint added to the server's error when it fails, or null
   */
  record Run(String sql, String hint) implements Step {
    @Override
    public <E extends Exception> void accept(Visitor<E> visitor) throws E {
      visitor.run(this);
    }

    public Run(String sql) {
      this(sql, null);
    }
  }

  /** The statement is not run; the caller's results come from this query instead. */
  record Answer(String query) implements Step {
    @Override
    public <E extends Exception> void accept(Visitor<E> visitor) throws E {
      visitor.answer(this);
    }
  }

  /** Steps that commit together: in the user's transaction, or in one the driver opens in autocommit. */
  record Together(List<Step> steps) implements Step {
    @Override
    public <E extends Exception> void accept(Visitor<E> visitor) throws E {
      visitor.together(this);
    }

    public Together {
      steps = List.copyOf(steps);
    }
  }

  /**
   * Steps that each commit on their own, for a statement run in autocommit (lock-light DDL). When
   * one of the steps up to index {@code completes} fails, {@code undo} runs and the failure is
   * raised, a constraint violation as {@code violation} when that is set; when the first step fails
   * for another reason than a lock timeout, nothing has changed and {@code sql} runs as written
   * instead. When a later step fails, the user's change stands and {@code undo} runs; if that fails
   * too, a warning says what is left and how to remove it.
   *
   * @param table the table the statement changes (regclass syntax), for messages
   * @param steps {@link Run} and {@link User} steps
   */
  record Stepwise(String sql, String table, List<Step> steps, int completes, String undo, Fail violation)
      implements Step {
    @Override
    public <E extends Exception> void accept(Visitor<E> visitor) throws E {
      visitor.stepwise(this);
    }

    public Stepwise {
      steps = List.copyOf(steps);
    }

    /** The hint of the user's statement among the steps, for the statement run as written; null when none. */
    public String hint() {
      for (Step step : steps) {
        if (step instanceof User user && user.hint() != null) {
          return user.hint();
        }
      }
      return null;
    }
  }

  /** Logged on {@code citussafe.rewrite} and added to the statement's warnings. */
  record Report(String message) implements Step {
    @Override
    public <E extends Exception> void accept(Visitor<E> visitor) throws E {
      visitor.report(this);
    }
  }

  /** The statement is refused: raise an error with this message and SQLSTATE; nothing else runs. */
  record Fail(String message, SqlState sqlState) implements Step {
    @Override
    public <E extends Exception> void accept(Visitor<E> visitor) throws E {
      visitor.fail(this);
    }
  }

  /**
   * An UPDATE, DELETE or upsert that Citus rejects as written, and how to run it instead.
   *
   * @param user it is the user's statement (else one a rule generated, run on a side statement)
   */
  record Dml(DmlPlan plan, boolean user) implements Step {
    @Override
    public <E extends Exception> void accept(Visitor<E> visitor) throws E {
      visitor.dml(this);
    }
  }

  /**
   * A statement of a split query string whose plan depends on what the statements before it did
   * (a table they create or distribute): the driver plans it when it reaches it.
   */
  record Deferred(String sql) implements Step {
    @Override
    public <E extends Exception> void accept(Visitor<E> visitor) throws E {
      visitor.deferred(this);
    }
  }

  /**
   * The text changed the schema: drop cached facts of {@code table} (regclass text), or of every
   * table when null.
   */
  record Invalidate(String table) implements Step {
    @Override
    public <E extends Exception> void accept(Visitor<E> visitor) throws E {
      visitor.invalidate(this);
    }
  }
}
