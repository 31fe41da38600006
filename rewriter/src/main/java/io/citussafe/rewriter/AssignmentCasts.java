package io.citussafe.rewriter;

import java.util.Set;

/**
 * The implicit conversions of an assignment that run a STABLE function, as PostgreSQL 15's
 * catalog has them: {@code SET varchar_col = timestamptz_col} formats the value with the
 * session's {@code DateStyle} and {@code TimeZone}, so Citus rejects it like a STABLE call with a
 * column reference. Read from {@code pg_cast} (assignment and implicit casts whose function is not
 * IMMUTABLE) and {@code pg_type.typoutput} (the output function of an I/O conversion to a string
 * type).
 */
final class AssignmentCasts {

  /** Types whose output function is STABLE: converted to a string type by it. */
  private static final Set<String> STABLE_OUTPUT = Set.of("date", "interval", "money", "timestamp without time zone",
      "timestamp with time zone");
  private static final Set<String> STRING_TYPES = Set.of("text", "character varying", "character", "name");
  /** {@code source>target} of the casts with a STABLE function. */
  private static final Set<String> STABLE_CASTS = Set.of(
      "date>timestamp with time zone", "time without time zone>time with time zone",
      "timestamp with time zone>timestamp without time zone", "timestamp with time zone>time with time zone",
      "timestamp with time zone>date", "timestamp with time zone>time without time zone",
      "timestamp without time zone>timestamp with time zone", "bigint>money", "integer>money", "money>numeric",
      "numeric>money");

  private AssignmentCasts() {
  }

  /** True when the output function of {@code type} is STABLE: its text depends on the session's settings. */
  static boolean stableOutput(String type) {
    return STABLE_OUTPUT.contains(type);
  }

  /** True when assigning a value of type {@code source} to a column of type {@code target} runs a STABLE function. */
  static boolean stable(String source, String target) {
    if (source == null || target == null || source.equals(target)) {
      return false;
    }
    return STRING_TYPES.contains(target) && STABLE_OUTPUT.contains(source) || STABLE_CASTS.contains(source + ">" + target);
  }
}
