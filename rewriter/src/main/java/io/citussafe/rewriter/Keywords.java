package io.citussafe.rewriter;

import java.util.Set;

/** The word lists the rules share; one copy of each. All lower case. */
final class Keywords {

  /** SQL value functions, written without parentheses; all STABLE, none in pg_proc under these names. */
  static final String[] VALUE_FUNCTION_WORDS = {
      "current_timestamp", "current_date", "current_time", "localtimestamp", "localtime"};
  static final Set<String> VALUE_FUNCTIONS = Set.of(VALUE_FUNCTION_WORDS);

  /**
   * Date/time types whose input and output functions are STABLE (they read TimeZone or
   * DateStyle): a cast of a column expression to one of them counts as a STABLE call.
   */
  static final String[] DATE_TIME_TYPE_WORDS = {"timestamptz", "timestamp", "date", "time", "timetz", "interval"};
  static final Set<String> DATE_TIME_TYPES = Set.of(DATE_TIME_TYPE_WORDS);

  /** Syntax that JSqlParser reads as a function call but that has no {@code pg_proc} entry. */
  static final Set<String> NOT_FUNCTIONS = Set.of(
      "coalesce", "nullif", "greatest", "least", "row", "any", "all", "some", "array");

  /** Words that can stand before "(" without calling a function. */
  static final String[] NOT_CALLS = {"in", "any", "all", "some", "values", "array", "row",
      "exists", "and", "or", "not", "where", "set", "on", "then", "else", "when", "is", "like",
      "ilike", "between", "using", "from", "returning", "as", "by", "over", "filter", "within"};

  /** Syntax before "(" that {@link #NOT_CALLS} leaves to other checks: a cast may be to a date/time type. */
  /** Words that stand for a value, not a column, after {@code =} in a SET list. */
  static final String[] LITERAL_WORDS = {"true", "false", "null", "default", "current_user", "session_user", "user",
      "current_role", "current_catalog", "current_schema", "system_user"};

  static final String[] NOT_CALL_SYNTAX = {"cast", "case", "select", "distinct"};

  /** Keywords JSqlParser reads as columns that are not column references. */
  static final Set<String> NOT_COLUMNS = Set.of("default", "current_user", "session_user",
      "user", "current_role", "current_catalog", "current_schema", "system_user");

  /**
   * PostgreSQL's reserved keywords and those that cannot be column names ("reserved (can be
   * function or type)"); a generated identifier spelled like one is quoted.
   */
  static final Set<String> RESERVED = Set.of(
      "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
      "binary", "both", "case", "cast", "check", "collate", "collation", "column", "concurrently",
      "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
      "current_schema", "current_time", "current_timestamp", "current_user", "default",
      "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for",
      "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "initially",
      "inner", "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left", "like",
      "limit", "localtime", "localtimestamp", "natural", "not", "notnull", "null", "offset", "on",
      "only", "or", "order", "outer", "overlaps", "placing", "primary", "references", "returning",
      "right", "select", "session_user", "similar", "some", "symmetric", "system_user", "table",
      "tablesample", "then", "to", "trailing", "true", "union", "unique", "user", "using",
      "variadic", "verbose", "when", "where", "window", "with");

  private Keywords() {
  }

  /** The scanner's current token is an unquoted word in {@code words}; allocates nothing. */
  static boolean isAnyWord(Scanner s, String[] words) {
    if (s.type() != Scanner.Type.WORD) {
      return false;
    }
    for (String word : words) {
      if (s.isWord(word)) {
        return true;
      }
    }
    return false;
  }
}
