package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * One Citus rule: which statements it reads and what it runs for them. A rule is pure: it reads
 * tokens (or a parse) of the statement once, when the text is first seen, and decides with the
 * {@link Facts} it asks for; it never runs SQL itself. Rules are listed, in the order they are
 * tried, in {@link Rules}.
 *
 * @param <M> what the rule reads from a statement
 */
interface Rule<M> {

  /** The first keywords (lower case) of the statements the rule reads. */
  Set<String> firstWords();

  /**
   * What the rule reads in the statement, or null when it never applies to it. Called once per
   * SQL text (the result is cached with the text), never with facts: keep it to tokens.
   */
  M match(StatementText statement);

  /**
   * The plan for a statement this rule matched, or null to leave it to the rules after it.
   *
   * @param next plans a statement the rule generates with the rules after this one, so that
   *     generated DDL gets their help too
   */
  Plan plan(M match, Facts facts, Next next) throws SQLException;

  /** True when {@link #plan} asks only cached facts, so its plan can be reused while they hold. */
  default boolean reusable() {
    return false;
  }

  /** The rules after the current one, for statements a rule generates. */
  interface Next {
    /**
     * The steps of {@code sql} under the later rules, as if it were the user's statement (its
     * as-written step is a {@link Step.User}).
     */
    List<Step> plan(String sql) throws SQLException;

    /**
     * The steps of a statement the rule generates to run inside its own {@link Step.Together}:
     * later rules see a transaction, and its steps run on side statements.
     */
    List<Step> planGenerated(String sql) throws SQLException;
  }
}
