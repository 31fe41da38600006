package io.citussafe.rewriter;

import java.sql.SQLException;

/** A rule and what it read from one statement. */
record Match<M>(int order, Rule<M> rule, M data) {

  Plan plan(Facts facts, Rule.Next next) throws SQLException {
    return rule.plan(data, facts, next);
  }

  /** Reads {@code statement} with the rule; null when it does not apply. */
  static <M> Match<M> of(int order, Rule<M> rule, StatementText statement) {
    M data = rule.match(statement);
    return data == null ? null : new Match<>(order, rule, data);
  }
}
