package io.citussafe.rewriter;

import java.util.List;

/**
 * The result of rewriting a DML statement: the new text, or the reason there is none.
 *
 * @param sql the statement to run instead, or null when refused
 * @param parameterMap for each {@code ?} of {@code sql}, in order, the user's parameter it takes
 *     (1-based); a parameter may appear more than once (the rewrite re-checks the WHERE)
 * @param appendedParameters for upserts: the SQL expressions ({@code now()}…) whose values are
 *     bound to the placeholders after the user's
 * @param differences what differs from PostgreSQL under concurrent writers, or null when nothing
 * @param refusal why there is no rewrite, for the user; null when {@code sql} is set
 */
public record DmlRewrite(String sql, int[] parameterMap, List<String> appendedParameters, String differences,
    String refusal) {

  public DmlRewrite {
    if ((sql == null) == (refusal == null)) {
      throw new IllegalArgumentException("exactly one of sql and refusal must be set");
    }
    parameterMap = parameterMap == null ? new int[0] : parameterMap.clone();
    appendedParameters = List.copyOf(appendedParameters);
  }

  static DmlRewrite of(String sql, int[] parameterMap, String differences) {
    return new DmlRewrite(sql, parameterMap, List.of(), differences, null);
  }

  static DmlRewrite refused(String reason) {
    return new DmlRewrite(null, null, List.of(), null, reason);
  }

  public boolean isRefused() {
    return sql == null;
  }

  @Override
  public int[] parameterMap() {
    return parameterMap.clone();
  }
}
