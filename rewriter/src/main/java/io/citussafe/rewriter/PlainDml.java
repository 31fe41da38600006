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
 *       function, no {@code LOCKED} (Liquibase's lock), no {@code interval}, no name after an UPDATE's {@code =} other
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
  /** In {@link #CHARACTERS}: the loop stops at this character wherever it is ({@code ; ( :}). */
  private static final int STOP = 1;
  /** In {@link #CHARACTERS}: the loop stops at this letter where a word starts with it. */
  private static final int WORD_START = 2;
  /** In {@link #CHARACTERS}: the loop stops here when this starts a name after an UPDATE's {@code =}. */
  private static final int VALUE = 4;
  /**
   * By kind, what the write loop does at a character, at index 256 for every character above 255 (all
   * of them name characters, as in scan.l): bits 0-2 the stops it may be; bits 8-10 the stops the
   * next character may be (a word starts after a character that cannot continue a name, a value
   * after {@code =}); bits 4-6 the stops it keeps open from before it (a space keeps waiting for the
   * value after {@code =}). So a character costs one load and a few operations without a branch,
   * and the loop branches only where it stops.
   */
  private static final int[][] CHARACTERS = new int[6][257];

  static {
    characters(INSERT, ";-/", "sSuUcClL");
    characters(UPDATE, ";(:-/", "cClLiI");
    characters(DELETE, ";(:-/", "cClL");
    characters(INSERT_READING_CONFLICTS, ";-/", "sSuUcClL");
    Set<String> selectCalls = new HashSet<>(DistributeRule.FUNCTIONS);
    selectCalls.addAll(CitusOnlyCallRule.FUNCTIONS);
    selectCalls.addAll(Set.of("set_config", "pg_try_advisory_xact_lock", "pg_try_advisory_lock",
        "pg_advisory_xact_lock", "pg_advisory_lock", "pg_advisory_unlock"));
    SELECT_CALLS = PlainText.byLength(selectCalls);
  }

  private static void characters(int kind, String always, String wordStarts) {
    for (char c = 0; c <= 256; c++) {
      int stops = (always.indexOf(c) >= 0 ? STOP : 0) | (wordStarts.indexOf(c) >= 0 ? WORD_START : 0)
          | (kind == UPDATE && (Lexer.isIdentifierStart(c) || c == '"') ? VALUE : 0);
      int opens = STOP | (PlainText.isWordChar(c) ? 0 : WORD_START) | (c == '=' && kind == UPDATE ? VALUE : 0);
      int keeps = c <= ' ' ? VALUE : 0;
      CHARACTERS[kind][c] = stops | keeps << 4 | opens << 8;
    }
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
    int[] characters = CHARACTERS[kind];
    int n = sql.length();
    // the text's first word ends at from: no word starts there
    for (int i = nextStop(sql, from, n, characters, STOP, kind == UPDATE); i < n;
        i = nextStop(sql, i + 1, n, characters, characters[Math.min(sql.charAt(i), 256)] >>> 8, kind == UPDATE)) {
      if (!plainAt(sql, i, kind, stopsAt(sql, i, characters[Math.min(sql.charAt(i), 256)]))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The loop every character of a write passes through, kept tiny so that the JIT compiles it well:
   * the first character from {@code i} that is one of the stops {@code open} leaves open for it.
   * Only an UPDATE waits for a value after {@code =} across spaces, which costs each character of
   * its text one more step that depends on the character before.
   */
  private static int nextStop(String sql, int i, int n, int[] characters, int open, boolean update) {
    if (update) {
      for (; i < n; i++) {
        int c = characters[Math.min(sql.charAt(i), 256)];
        if ((c & open) != 0) {
          return i;
        }
        open = c >>> 8 | open & c >>> 4;
      }
    } else {
      for (; i < n; i++) {
        int c = characters[Math.min(sql.charAt(i), 256)];
        if ((c & open) != 0) {
          return i;
        }
        open = c >>> 8;
      }
    }
    return n;
  }

  /** Which of the stops of {@code c}, the character at {@code i}, {@link #nextStop} stopped for. */
  private static int stopsAt(String sql, int i, int c) {
    int stops = c & STOP;
    if ((c & WORD_START) != 0 && !PlainText.isWordChar(sql.charAt(i - 1))) {
      stops |= WORD_START;
    }
    if ((c & VALUE) != 0) {
      int before = i - 1;
      while (sql.charAt(before) <= ' ') {
        before--;
      }
      stops |= sql.charAt(before) == '=' ? VALUE : 0;
    }
    return stops;
  }

  /** The character at {@code i}, where the loop stopped for {@code stops}, changes nothing a rule reads. */
  private static boolean plainAt(String sql, int i, int kind, int stops) {
    if ((stops & VALUE) != 0 && !valueAfter(sql, i)) {
      return false;
    }
    switch (sql.charAt(i)) {
      case ';':
        return PlainText.onlySpaceAfter(sql, i + 1);
      case '(':
        return plainParenthesis(sql, i, kind);
      case ':':
        return i + 1 == sql.length() || sql.charAt(i + 1) != ':';
      case '-': case '/':
        // a comment may hide what follows it from the checks here (a name after "="): the long way
        return !PlainText.startsComment(sql, i);
      case 'c': case 'C': case 'l': case 'L':
        if ((stops & WORD_START) == 0) {
          return true;
        }
        if (kind == INSERT_READING_CONFLICTS && PlainText.isWord(sql, i, "conflict")) {
          return false;
        }
        return !(PlainText.startsWith(sql, i, "current_")
            || PlainText.startsWith(sql, i, "localtime") || PlainText.isWord(sql, i, "locked"));
      case 'i': case 'I':
        // ts + interval '1 day' on a timestamptz column is a STABLE operator (StableOperators)
        return (stops & WORD_START) == 0 || !PlainText.isWord(sql, i, "interval");
      case 's': case 'S': case 'u': case 'U':
        // INSERT … SELECT, a subquery in VALUES; ON CONFLICT DO UPDATE may call what Citus rejects
        return (stops & WORD_START) == 0 || !(PlainText.isWord(sql, i, "select") || PlainText.isWord(sql, i, "update"));
      default:
        return true;
    }
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

  /** The name before a parenthesis is not one the text's kind cares about. */
  private static boolean plainParenthesis(String sql, int open, int kind) {
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
