package io.citussafe.driver;

import io.citussafe.rewriter.Plan;

/**
 * What a prepared statement is made of, decided once when it is prepared.
 *
 * @param sql the user's text
 * @param plan its plan
 * @param decision for an UPDATE/DELETE/upsert step, the decision; else null
 * @param text the text pgjdbc prepares: the user's, or the rewrite the decision chose
 * @param needsLiterals bound values must be kept as literals (per-shard or batched runs)
 */
record PreparedText(String sql, Plan plan, DmlDecision decision, String text, boolean needsLiterals) {
}
