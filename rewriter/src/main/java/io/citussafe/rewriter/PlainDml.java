package io.citussafe.rewriter;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fast way through for most application SQL: one pass over the characters of a single
 * SELECT, INSERT, UPDATE or DELETE that decides no rule reads it and it changes nothing in the
 * session, without tokens or a cache. It only ever says "plain" when the full analysis would
 * pass the text through too (a test checks that on a corpus); any doubt (a comment first, a
 * semicolon, a quote before a parenthesis, a word a rule looks for) sends the text the long way.
 * A write with a comment anywhere goes the long way too (a comment could hide the name after
 * {@code =}), and so does a SELECT with a comment between a name and its parenthesis. The pass
 * reads each character of a write once, by table, and branches only where the table says stop.
 *
 * <ul>
 *   <li>SELECT: no call of a function a rule or the session reads ({@code create_distributed_table},
 *       {@code run_command_on_shards}, {@code set_config}, advisory locks…);
 *   <li>INSERT: no {@code SELECT} (a subquery in VALUES), no {@code ON CONFLICT … DO UPDATE}, no
 *       {@code CURRENT_…}/{@code LOCALTIME…} value function;
 *   <li>UPDATE and DELETE: no call (a name before a parenthesis, other than {@code IN},
 *       {@code VALUES}…), no {@code ::} cast, no {@code CURRENT_…}/{@code LOCALTIME…} value
 *       function, no {@code LOCKED} (Liquibase's lock), no {@code interval}, no subquery but {@code IN (SELECT …)}, no name after an UPDATE's {@code =} other
 *       than a literal ({@code SET a = b} may convert b with a STABLE function); and no UPDATE at
 *       all when updates are batched.
 * </ul>
 */
final class PlainDml {

  private static final int SELECT = 1;
  private static final int INSERT = 2;
  private static final int UPDATE = 3;
  private static final int DELETE = 4;
  /** An INSERT while upserts are read (citussafe.distributionColumn widens their target). */
  private static final int INSERT_READING_CONFLICTS = 5;

  /** The functions whose calls make a SELECT a rule's or the session's business, by length. */
  private static final String[][] SELECT_CALLS;
  /** {@link Keywords#NOT_CALLS} by length: looked up in the text itself, nothing allocated per call. */
  private static final String[][] NOT_CALLS = PlainText.byLength(List.of(Keywords.NOT_CALLS));
  /** In {@link #CHARACTERS}: {@code ; - /}, where every write stops. */
  private static final int PUNCTUATION = 1;
  /** In {@link #CHARACTERS}: {@code ( :}, where an UPDATE or a DELETE stops. */
  private static final int CALL_OR_CAST = 2;
  /** In {@link #CHARACTERS}: {@code =}, where an UPDATE stops to read the value after it. */
  private static final int EQUALS = 4;
  /** In {@link #CHARACTERS}: a letter that starts a word every write reads (c, l: current_…, localtime…, locked). */
  private static final int C_L = 8;
  /** In {@link #CHARACTERS}: a letter that starts a word an INSERT reads (s, u: select, update). */
  private static final int S_U = 16;
  /** In {@link #CHARACTERS}: a letter that starts a word an UPDATE reads (i: interval). */
  private static final int I = 32;
  private static final int ANYWHERE = PUNCTUATION | CALL_OR_CAST | EQUALS;
  /** By kind, the stops it makes. */
  private static final int[] STOPS = new int[6];
  /**
   * For each character below 256 (every one above is a name character, as in scan.l): bits 0-7 the
   * stops it may be, bits 8-15 the stops the next character may be (a letter starts a word only after a
   * character that cannot continue a name). So a character costs two loads and a few operations, and the
   * loop branches only where it stops.
   */
  private static final char[] CHARACTERS = new char[256];
  /** The entry of a character above 255: never a stop, and what follows it does not start a word. */
  private static final int NAME_CHARACTER = ANYWHERE << 8;

  static {
    STOPS[INSERT] = PUNCTUATION | C_L | S_U;
    STOPS[INSERT_READING_CONFLICTS] = STOPS[INSERT];
    STOPS[UPDATE] = PUNCTUATION | CALL_OR_CAST | EQUALS | C_L | I;
    STOPS[DELETE] = PUNCTUATION | CALL_OR_CAST | C_L;
    for (char c = 0; c < 256; c++) {
      int stops = (";-/".indexOf(c) >= 0 ? PUNCTUATION : 0) | ("(:".indexOf(c) >= 0 ? CALL_OR_CAST : 0)
          | (c == '=' ? EQUALS : 0) | ("cClL".indexOf(c) >= 0 ? C_L : 0) | ("sSuU".indexOf(c) >= 0 ? S_U : 0)
          | ("iI".indexOf(c) >= 0 ? I : 0);
      int opens = ANYWHERE | (PlainText.isWordChar(c) ? 0 : C_L | S_U | I);
      CHARACTERS[c] = (char) (stops | opens << 8);
    }
    Set<String> selectCalls = new HashSet<>(DistributeRule.FUNCTIONS);
    selectCalls.addAll(CitusOnlyCallRule.FUNCTIONS);
    selectCalls.addAll(Set.of("set_config", "pg_try_advisory_xact_lock", "pg_try_advisory_lock",
        "pg_advisory_xact_lock", "pg_advisory_lock", "pg_advisory_unlock"));
    SELECT_CALLS = PlainText.byLength(selectCalls);
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
    if (kind == 0 || (kind == UPDATE && updatesBatched)) {
      return false;
    }
    if (kind == INSERT && conflictsRead) {
      kind = INSERT_READING_CONFLICTS;
    }
    return kind == SELECT ? selectIsPlain(sql, i) : writeIsPlain(sql, i + 6, kind);
  }

  /** Only calls and semicolons matter: found with String.indexOf, which the JIT vectorizes. */
  private static boolean selectIsPlain(String sql, int from) {
    int semicolon = sql.indexOf(';', from);
    if (semicolon >= 0 && !PlainText.onlySpaceAfter(sql, semicolon + 1)) {
      return false;
    }
    for (int open = sql.indexOf('(', from); open >= 0 && (semicolon < 0 || open < semicolon);
        open = sql.indexOf('(', open + 1)) {
      if (!plainParenthesis(sql, open, SELECT)) {
        return false;
      }
    }
    return true;
  }
  /** INSERT, UPDATE or DELETE from {@code from}: every character the kind stops at is harmless. */
  private static boolean writeIsPlain(String sql, int from, int kind) {
    int kindStops = STOPS[kind];
    int n = sql.length();
    // the text's first word ends at from: no word starts there
    for (int i = nextStop(sql, from, n, kindStops & ANYWHERE, kindStops); i < n;
        i = nextStop(sql, i + 1, n, CHARACTERS[sql.charAt(i)] >>> 8 & kindStops, kindStops)) {
      if (!plainAt(sql, i, sql.charAt(i), kind)) {
        return false;
      }
    }
    return true;
  }

  /** The loop every character of a write passes through, kept tiny so that the JIT compiles it well. */
  private static int nextStop(String sql, int i, int n, int open, int kindStops) {
    for (; i < n; i++) {
      char c = sql.charAt(i);
      int character = c < 256 ? CHARACTERS[c] : NAME_CHARACTER;
      if ((character & open) != 0) {
        return i;
      }
      open = character >>> 8 & kindStops;
    }
    return n;
  }

  /** The character {@code c} at {@code i}, where the loop stopped, changes nothing a rule reads. */
  private static boolean plainAt(String sql, int i, char c, int kind) {
    switch (c) {
      case ';':
        return PlainText.onlySpaceAfter(sql, i + 1);
      case '(':
        return plainParenthesis(sql, i, kind);
      case ':':
        return i + 1 == sql.length() || sql.charAt(i + 1) != ':';
      case '-': case '/':
        // a comment may hide what follows it from the checks here (a name after "="): the long way
        return !PlainText.startsComment(sql, i);
      case '=':
        return plainValue(sql, i + 1);
      case 'c': case 'C':
        return !(PlainText.startsWith(sql, i, "current_") || kind == INSERT_READING_CONFLICTS && PlainText.isWord(sql, i, "conflict"));
      case 'l': case 'L':
        return !(PlainText.startsWith(sql, i, "localtime") || PlainText.isWord(sql, i, "locked"));
      case 'i': case 'I':
        // ts + interval '1 day' on a timestamptz column is a STABLE operator (StableOperators)
        return !PlainText.isWord(sql, i, "interval");
      case 's': case 'S':
        // INSERT … SELECT, a subquery in VALUES
        return !PlainText.isWord(sql, i, "select");
      default:
        // u, U: ON CONFLICT DO UPDATE may call what Citus rejects
        return !PlainText.isWord(sql, i, "update");
    }
  }

  /** After an UPDATE's {@code =}, from {@code i}: a value the rules leave alone. */
  private static boolean plainValue(String sql, int i) {
    while (i < sql.length() && sql.charAt(i) <= ' ') {
      i++;
    }
    return i == sql.length() || !(Lexer.isIdentifierStart(sql.charAt(i)) || sql.charAt(i) == '"') || valueAfter(sql, i);
  }

  /**
   * After a {@code =} of an UPDATE: anything but a name standing alone (a parameter, a number, a
   * string, an expression such as {@code n + 1}) or a name that is a literal. A name may be a
   * column whose conversion to the assigned column's type Citus rejects
   * ({@code SET varchar_col = timestamptz_col}).
   */
  private static boolean valueAfter(String sql, int i) {
    while (i < sql.length() && sql.charAt(i) <= ' ') {
      i++;
    }
    if (i >= sql.length()) {
      return true;
    }
    char c = sql.charAt(i);
    if (c == '"') {
      return false;
    }
    if (!PlainText.isWordChar(c) || c >= '0' && c <= '9' || c == '$') {
      return true;
    }
    if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
      return true;
    }
    for (String word : Keywords.LITERAL_WORDS) {
      if (PlainText.isWord(sql, i, word)) {
        return true;
      }
    }
    // a name alone (then a clause word, a comma or the end) or qualified: a column as it is
    while (i < sql.length() && PlainText.isWordChar(sql.charAt(i))) {
      i++;
    }
    while (i < sql.length() && sql.charAt(i) <= ' ') {
      i++;
    }
    char next = i < sql.length() ? sql.charAt(i) : ';';
    return !PlainText.isWordChar(next) && next != ',' && next != ';' && next != '.' && next != '/' && next != '-';
  }

  /** SELECT, INSERT, UPDATE or DELETE as the text's first word (six letters each), else 0. */
  private static int kind(String sql, int i) {
    if (i + 6 > sql.length() || (i + 6 < sql.length() && PlainText.isWordChar(sql.charAt(i + 6)))) {
      return 0;
    }
    if (PlainText.startsWith(sql, i, "select")) {
      return SELECT;
    }
    if (PlainText.startsWith(sql, i, "insert")) {
      return INSERT;
    }
    if (PlainText.startsWith(sql, i, "update")) {
      return UPDATE;
    }
    return PlainText.startsWith(sql, i, "delete") ? DELETE : 0;
  }

  /** The parenthesis at {@code open} follows {@code IN}, not {@code NOT IN}. */
  private static boolean afterPlainIn(String sql, int open) {
    int end = open;
    while (end > 0 && sql.charAt(end - 1) <= ' ') {
      end--;
    }
    if (end < 2 || !PlainText.isWord(sql, end - 2, "in") || end > 2 && PlainText.isWordChar(sql.charAt(end - 3))) {
      return false;
    }
    int before = end - 2;
    while (before > 0 && sql.charAt(before - 1) <= ' ') {
      before--;
    }
    return !(before >= 3 && PlainText.isWord(sql, before - 3, "not")
        && (before == 3 || !PlainText.isWordChar(sql.charAt(before - 4))));
  }

  /**
   * The name before a parenthesis is not one the text's kind cares about, and in an UPDATE or a
   * DELETE it opens no subquery but {@code IN (SELECT …)} (any other may read a Citus-local table:
   * {@link CitusLocalSubqueryRule}).
   */
  private static boolean plainParenthesis(String sql, int open, int kind) {
    if (kind == UPDATE || kind == DELETE) {
      int next = open + 1;
      while (next < sql.length() && sql.charAt(next) <= ' ') {
        next++;
      }
      if ((PlainText.isWord(sql, next, "select") || PlainText.isWord(sql, next, "with")) && !afterPlainIn(sql, open)) {
        return false;
      }
    }
    int end = open;
    boolean lineEnded = false;
    while (end > 0 && sql.charAt(end - 1) <= ' ') {
      end--;
      lineEnded |= sql.charAt(end) == '\n' || sql.charAt(end) == '\r';
    }
    if (end > 1 && sql.charAt(end - 1) == '/' && sql.charAt(end - 2) == '*' || lineEnded && PlainText.lineComment(sql, end)) {
      // a comment between a function's name and its parenthesis hides the call from the look back
      return false;
    }
    int start = end;
    while (start > 0 && PlainText.isWordChar(sql.charAt(start - 1))) {
      start--;
    }
    if (start > 0 && sql.charAt(start - 1) == '"') {
      return false;
    }
    if (start == end) {
      return true;
    }
    return kind == SELECT ? !PlainText.isOneOf(SELECT_CALLS, sql, start, end) : PlainText.isOneOf(NOT_CALLS, sql, start, end);
  }

}
