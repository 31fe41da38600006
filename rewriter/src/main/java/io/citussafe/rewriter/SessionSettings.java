package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The session settings that change what a value converts to or from ({@code ts::text} in the
 * session's {@code TimeZone}, a date in its {@code DateStyle}…). Citus computes much of a
 * statement on the workers, in their own settings; a {@code SET LOCAL} of each after
 * {@code citus.propagate_set_commands = 'local'} is sent on to them for the transaction.
 */
public final class SessionSettings {

  /** The settings, in the order they are sent. */
  public static final List<String> NAMES = List.of("TimeZone", "DateStyle", "IntervalStyle", "extra_float_digits",
      "bytea_output", "lc_monetary", "lc_numeric", "lc_time");

  /**
   * The ones every migration transaction sends: not the {@code lc_*} locales, which a worker
   * without the coordinator's locale installed would refuse (a type change sends them, for its
   * own statement only).
   */
  public static final List<String> TRANSACTION_NAMES = NAMES.subList(0, 5);

  /** Makes Citus send the {@code SET LOCAL} statements after it to the workers. */
  public static final String PROPAGATE = "SET LOCAL citus.propagate_set_commands TO 'local'";

  private SessionSettings() {
  }

  /** {@link #PROPAGATE}, then a {@code SET LOCAL} of each setting to {@code values}' value; none for none. */
  public static List<String> setLocal(Map<String, String> values) {
    List<String> statements = new ArrayList<>(values.size() + 1);
    if (values.isEmpty()) {
      return statements;
    }
    statements.add(PROPAGATE);
    values.forEach((name, value) -> statements.add("SET LOCAL " + name + " TO " + SqlText.quoteLiteral(value)));
    return statements;
  }
}
