package io.citussafe.rewriter;

import java.util.List;

/**
 * The result of rewriting a {@link DmlStatement}: the new text, or the reason there is none.
 *
 * @param sql the statement to run instead, or null when refused
 * @param appendedParameters for {@link DmlStatement#upsertTimestampParameters()}: per
 *     placeholder the rewrite appended after the user's, in order, the SQL expression whose
 *     value the caller binds ({@code now()}, {@code CURRENT_DATE}…); empty otherwise
 * @param refusal why there is no rewrite, for the user; null when {@code sql} is set
 */
public record DmlRewrite(String sql, List<String> appendedParameters, String refusal) {

  public DmlRewrite {
    if ((sql == null) == (refusal == null)) {
      throw new IllegalArgumentException("exactly one of sql and refusal must be set");
    }
    appendedParameters = List.copyOf(appendedParameters);
  }

  static DmlRewrite of(String sql) {
    return new DmlRewrite(sql, List.of(), null);
  }

  static DmlRewrite refused(String reason) {
    return new DmlRewrite(null, List.of(), reason);
  }

  public boolean isRefused() {
    return sql == null;
  }
}
