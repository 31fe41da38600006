package io.citussafe.rewriter;

/**
 * Reads {@code SELECT [schema.]fn(…)} and {@code SELECT … FROM [schema.]fn(…)} (as in
 * {@code SELECT success, result FROM run_command_on_shards(…)}), and answers for Citus functions
 * on plain PostgreSQL, where they do not exist.
 */
final class CitusCalls {

  private CitusCalls() {
  }

  /**
   * The name (lower case) of the function called at the top of a SELECT, with the scanner standing
   * on its opening parenthesis; null when the statement is not such a call.
   */
  static String calledFunction(Scanner s) {
    s.next();
    String name = functionAt(s);
    if (name != null) {
      return name;
    }
    while (s.type() != Scanner.Type.END && !(s.depth() == 0 && s.isWord("from"))) {
      s.next();
    }
    if (s.type() == Scanner.Type.END) {
      return null;
    }
    s.next();
    return functionAt(s);
  }

  private static String functionAt(Scanner s) {
    if (s.type() != Scanner.Type.WORD) {
      return null;
    }
    String name = Names.lower(s.sql(), s.start(), s.end());
    s.next();
    if (s.isSymbol('.')) {
      s.next();
      if (s.type() != Scanner.Type.WORD) {
        return null;
      }
      name = Names.lower(s.sql(), s.start(), s.end());
      s.next();
    }
    return s.isSymbol('(') ? name : null;
  }

  /**
   * What a call that is not run answers: one row with one void column named after a function
   * that returns void; the columns and no rows for the run_command_on_* family (there is nothing
   * to run on).
   */
  static String substituteQuery(String function) {
    switch (function) {
      case "run_command_on_shards":
      case "run_command_on_placements":
      case "run_command_on_colocated_placements":
        return "SELECT NULL::bigint AS shardid, NULL::boolean AS success, NULL::text AS result WHERE false";
      case "run_command_on_workers":
      case "run_command_on_all_nodes":
      case "run_command_on_coordinator":
        return "SELECT NULL::text AS nodename, NULL::integer AS nodeport, NULL::boolean AS success,"
            + " NULL::text AS result WHERE false";
      default:
        return "SELECT NULL::void AS " + function;
    }
  }

  /** The plan for a Citus call on plain PostgreSQL: answered as Citus would, or refused. */
  static Plan withoutCitus(String sql, String function, boolean failOnMissingCitus) {
    if (failOnMissingCitus) {
      return Plan.of(new Step.Fail("citussafe: " + function + " needs the Citus extension, which this "
          + "database does not have, and citussafe.failOnMissingCitus=true. Install Citus "
          + "(CREATE EXTENSION citus) or unset failOnMissingCitus to skip Citus calls on plain "
          + "PostgreSQL. Statement: " + sql, SqlState.UNDEFINED_FUNCTION));
    }
    return Plan.of(new Step.Answer(substituteQuery(function)), new Step.Report("skipped " + function
        + ": this database is plain PostgreSQL (no citus extension), so the table stays a regular table"));
  }
}
