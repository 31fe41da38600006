package io.citussafe.rewriter;

import java.util.HashSet;
import java.util.Set;

/**
 * The fast way through for most application SQL: one pass over the characters of a single
 * SELECT, INSERT, UPDATE or DELETE that decides no rule reads it and it changes nothing in the
 * session, without tokens or a cache. It only ever says "plain" when the full analysis would
 * pass the text through too (a test checks that on a corpus); any doubt (a comment first, a
 * semicolon, a quote before a parenthesis, a word a rule looks for) sends the text the long way.
 *
 * <ul>
 *   <li>SELECT: no call of a function a rule or the session reads ({@code create_distributed_table},
 *       {@code run_command_on_shards}, {@code set_config}, advisory locks…);
 *   <li>INSERT: no {@code SELECT} (a subquery in VALUES) and no {@code ON CONFLICT … DO UPDATE};
 *   <li>UPDATE and DELETE: no call (a name before a parenthesis, other than {@code IN},
 *       {@code VALUES}…), no {@code ::} cast, no {@code CURRENT_…}/{@code LOCALTIME…} value
 *       function, no {@code LOCKED} (Liquibase's lock); and no UPDATE at all when updates are
 *       batched.
 * </ul>
 */
final class PlainDml {

  private static final int SELECT = 1;
  private static final int INSERT = 2;
  private static final int UPDATE = 3;
  private static final int DELETE = 4;

  /** The functions whose calls make a SELECT a rule's or the session's business. */
  private static final Set<String> SELECT_CALLS = new HashSet<>();
  private static final Set<String> NOT_CALLS = Set.of(Keywords.NOT_CALLS);
  /** By kind, the characters the loop stops at; every other one is passed with one table lookup. */
  private static final boolean[][] INTERESTING = new boolean[5][128];

  static {
    mark(INSERT, ";sSuU");
    mark(UPDATE, ";(:cClL");
    mark(DELETE, ";(:cClL");
  }

  private static void mark(int kind, String chars) {
    for (char c : chars.toCharArray()) {
      INTERESTING[kind][c] = true;
    }
  }

  static {
    SELECT_CALLS.addAll(DistributeRule.FUNCTIONS);
    SELECT_CALLS.addAll(CitusOnlyCallRule.FUNCTIONS);
    SELECT_CALLS.addAll(Set.of("set_config", "pg_try_advisory_xact_lock", "pg_try_advisory_lock",
        "pg_advisory_xact_lock", "pg_advisory_lock", "pg_advisory_unlock"));
  }

  private PlainDml() {
  }

  /** True when the text certainly needs nothing: pgjdbc runs it as it is. */
  static boolean isPlain(String sql, boolean updatesBatched) {
    return isPlain(sql, updatesBatched, false);
  }

  /**
   * @param conflictsRead an INSERT with {@code ON CONFLICT} is read (citussafe.distributionColumn
   *     widens its target)
   */
  static boolean isPlain(String sql, boolean updatesBatched, boolean conflictsRead) {
    int n = sql.length();
    int i = 0;
    while (i < n && sql.charAt(i) <= ' ') {
      i++;
    }
    int kind = kind(sql, i);
    if (kind == 0 || (kind == UPDATE && updatesBatched) || (kind == INSERT && conflictsRead && hasConflict(sql))) {
      return false;
    }
    if (kind == SELECT) {
      // only calls and semicolons matter: found with String.indexOf, which the JIT vectorizes
      int semicolon = sql.indexOf(';', i);
      if (semicolon >= 0 && !onlySpaceAfter(sql, semicolon + 1)) {
        return false;
      }
      for (int open = sql.indexOf('(', i); open >= 0 && (semicolon < 0 || open < semicolon);
          open = sql.indexOf('(', open + 1)) {
        if (!plainParenthesis(sql, open, SELECT)) {
          return false;
        }
      }
      return true;
    }
    boolean[] interesting = INTERESTING[kind];
    for (i += 6; i < n; i++) {
      char c = sql.charAt(i);
      if (c >= 128 || !interesting[c]) {
        continue;
      }
      switch (c) {
        case ';':
          return onlySpaceAfter(sql, i + 1);
        case '(':
          if (!plainParenthesis(sql, i, kind)) {
            return false;
          }
          break;
        case ':':
          if (i + 1 < n && sql.charAt(i + 1) == ':') {
            return false;
          }
          break;
        case 'c': case 'C': case 'l': case 'L':
          if (!isWordChar(sql.charAt(i - 1)) && (sql.regionMatches(true, i, "current_", 0, 8)
              || sql.regionMatches(true, i, "localtime", 0, 9) || isWord(sql, i, "locked"))) {
            return false;
          }
          break;
        case 's': case 'S': case 'u': case 'U':
          // INSERT … SELECT, a subquery in VALUES; ON CONFLICT DO UPDATE may call what Citus rejects
          if (!isWordChar(sql.charAt(i - 1)) && (isWord(sql, i, "select") || isWord(sql, i, "update"))) {
            return false;
          }
          break;
        default:
          break;
      }
    }
    return true;
  }

  private static boolean hasConflict(String sql) {
    for (int i = sql.indexOf('(') ; i >= 0 && i < sql.length(); i++) {
      char c = sql.charAt(i);
      if ((c == 'c' || c == 'C') && !isWordChar(sql.charAt(i - 1)) && isWord(sql, i, "conflict")) {
        return true;
      }
    }
    return false;
  }

  /** The word {@code word} (lower case) stands at {@code i}, whole. */
  private static boolean isWord(String sql, int i, String word) {
    int end = i + word.length();
    return sql.regionMatches(true, i, word, 0, word.length()) && (end == sql.length() || !isWordChar(sql.charAt(end)));
  }

  /** SELECT, INSERT, UPDATE or DELETE as the text's first word (six letters each), else 0. */
  private static int kind(String sql, int i) {
    if (i + 6 > sql.length() || (i + 6 < sql.length() && isWordChar(sql.charAt(i + 6)))) {
      return 0;
    }
    if (sql.regionMatches(true, i, "select", 0, 6)) {
      return SELECT;
    }
    if (sql.regionMatches(true, i, "insert", 0, 6)) {
      return INSERT;
    }
    if (sql.regionMatches(true, i, "update", 0, 6)) {
      return UPDATE;
    }
    return sql.regionMatches(true, i, "delete", 0, 6) ? DELETE : 0;
  }

  /** The name before a parenthesis is not one the text's kind cares about. */
  private static boolean plainParenthesis(String sql, int open, int kind) {
    int end = open;
    while (end > 0 && sql.charAt(end - 1) <= ' ') {
      end--;
    }
    int start = end;
    while (start > 0 && isWordChar(sql.charAt(start - 1))) {
      start--;
    }
    if (start > 0 && sql.charAt(start - 1) == '"') {
      return false;
    }
    if (start == end) {
      return true;
    }
    String name = Names.lower(sql, start, end);
    return kind == SELECT ? !SELECT_CALLS.contains(name) : NOT_CALLS.contains(name);
  }

  private static boolean onlySpaceAfter(String sql, int from) {
    for (int i = from; i < sql.length(); i++) {
      if (sql.charAt(i) > ' ') {
        return false;
      }
    }
    return true;
  }

  private static boolean isWordChar(char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c > 127;
  }
}
