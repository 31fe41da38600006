package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
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
 *   <li>INSERT: no {@code SELECT} (a subquery in VALUES), no {@code ON CONFLICT … DO UPDATE}, no
 *       {@code CURRENT_…}/{@code LOCALTIME…} value function;
 *   <li>UPDATE and DELETE: no call (a name before a parenthesis, other than {@code IN},
 *       {@code VALUES}…), no {@code ::} cast, no {@code CURRENT_…}/{@code LOCALTIME…} value
 *       function, no {@code LOCKED} (Liquibase's lock), no name after an UPDATE's {@code =} other
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
  private static final String[][] NOT_CALLS = byLength(List.of(Keywords.NOT_CALLS));
  /** In {@link #STOPS}: the loop stops at this character wherever it is. */
  private static final byte ALWAYS = 1;
  /** In {@link #STOPS}: the loop stops at this letter only where a word starts with it. */
  private static final byte WORD_START = 2;
  /**
   * By kind, what makes the loop stop at a character, indexed by the character's low byte: one
   * load per character passed. A character above 255 that shares its low byte may stop the loop
   * too, and {@link #plainAt} then finds nothing to do.
   */
  private static final byte[][] STOPS = new byte[6][256];
  /** By low byte, a character that cannot continue a name: a word starts after it. */
  private static final boolean[] BEFORE_WORD = new boolean[256];

  static {
    stops(INSERT, ";", "sSuUcClL");
    stops(UPDATE, ";(:=", "cClL");
    stops(DELETE, ";(:", "cClL");
    stops(INSERT_READING_CONFLICTS, ";", "sSuUcClL");
    for (char c = 0; c < 256; c++) {
      BEFORE_WORD[c] = !isWordChar(c);
    }
    Set<String> selectCalls = new HashSet<>(DistributeRule.FUNCTIONS);
    selectCalls.addAll(CitusOnlyCallRule.FUNCTIONS);
    selectCalls.addAll(Set.of("set_config", "pg_try_advisory_xact_lock", "pg_try_advisory_lock",
        "pg_advisory_xact_lock", "pg_advisory_lock", "pg_advisory_unlock"));
    SELECT_CALLS = byLength(selectCalls);
  }

  private static void stops(int kind, String always, String wordStarts) {
    for (char c : always.toCharArray()) {
      STOPS[kind][c] = ALWAYS;
    }
    for (char c : wordStarts.toCharArray()) {
      STOPS[kind][c] = WORD_START;
    }
  }

  private static String[][] byLength(Collection<String> names) {
    int longest = names.stream().mapToInt(String::length).max().orElse(0);
    List<List<String>> lists = new ArrayList<>();
    for (int length = 0; length <= longest; length++) {
      lists.add(new ArrayList<>());
    }
    names.forEach(name -> lists.get(name.length()).add(name));
    return lists.stream().map(list -> list.toArray(String[]::new)).toArray(String[][]::new);
  }

  /**
   * The text between {@code start} and {@code end} is one of {@code names} (lower case), with
   * PostgreSQL's ASCII-only folding of unquoted names: {@code ın} (dotless i) is not {@code in}.
   */
  private static boolean isOneOf(String[][] names, String sql, int start, int end) {
    int length = end - start;
    if (length >= names.length) {
      return false;
    }
    for (String name : names[length]) {
      int k = 0;
      while (k < length && Lexer.toLower(sql.charAt(start + k)) == name.charAt(k)) {
        k++;
      }
      if (k == length) {
        return true;
      }
    }
    return false;
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
    if (semicolon >= 0 && !onlySpaceAfter(sql, semicolon + 1)) {
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
    byte[] stops = STOPS[kind];
    int n = sql.length();
    for (int i = nextStop(sql, from, n, stops); i < n; i = nextStop(sql, i + 1, n, stops)) {
      if (!plainAt(sql, i, kind)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The loop every character of a write passes through: kept tiny so the JIT compiles it well. A
   * letter stops it only at a word's start ({@code i > 0}: the text starts with its first word).
   */
  private static int nextStop(String sql, int i, int n, byte[] stops) {
    for (; i < n; i++) {
      byte stop = stops[sql.charAt(i) & 0xff];
      if (stop != 0 && (stop == ALWAYS || BEFORE_WORD[sql.charAt(i - 1) & 0xff])) {
        return i;
      }
    }
    return n;
  }

  /** The character at {@code i}, one the kind stops at, changes nothing a rule reads. */
  private static boolean plainAt(String sql, int i, int kind) {
    switch (sql.charAt(i)) {
      case ';':
        return onlySpaceAfter(sql, i + 1);
      case '(':
        return plainParenthesis(sql, i, kind);
      case ':':
        return i + 1 == sql.length() || sql.charAt(i + 1) != ':';
      case '=':
        return kind != UPDATE || valueAfter(sql, i + 1);
      case 'c': case 'C': case 'l': case 'L':
        if (kind == INSERT_READING_CONFLICTS && isWord(sql, i, "conflict")) {
          return false;
        }
        return !(startsWith(sql, i, "current_")
            || startsWith(sql, i, "localtime") || isWord(sql, i, "locked"));
      case 's': case 'S': case 'u': case 'U':
        // INSERT … SELECT, a subquery in VALUES; ON CONFLICT DO UPDATE may call what Citus rejects
        return !(isWord(sql, i, "select") || isWord(sql, i, "update"));
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
    if (!isWordChar(c) || c >= '0' && c <= '9' || c == '$') {
      return true;
    }
    if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
      return true;
    }
    for (String word : Keywords.LITERAL_WORDS) {
      if (isWord(sql, i, word)) {
        return true;
      }
    }
    // a name alone (then a clause word, a comma or the end) or qualified: a column as it is
    while (i < sql.length() && isWordChar(sql.charAt(i))) {
      i++;
    }
    while (i < sql.length() && sql.charAt(i) <= ' ') {
      i++;
    }
    char next = i < sql.length() ? sql.charAt(i) : ';';
    return !isWordChar(next) && next != ',' && next != ';' && next != '.' && next != '/' && next != '-';
  }

  /**
   * The text has {@code lower} (lower case) at {@code i}, with PostgreSQL's ASCII-only folding of
   * keywords, which is also cheaper than {@link String#regionMatches(boolean, int, String, int, int)}.
   */
  private static boolean startsWith(String sql, int i, String lower) {
    int length = lower.length();
    if (i + length > sql.length()) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (Lexer.toLower(sql.charAt(i + k)) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** The word {@code word} (lower case) stands at {@code i}, whole. */
  private static boolean isWord(String sql, int i, String word) {
    int end = i + word.length();
    return startsWith(sql, i, word) && (end == sql.length() || !isWordChar(sql.charAt(end)));
  }

  /** SELECT, INSERT, UPDATE or DELETE as the text's first word (six letters each), else 0. */
  private static int kind(String sql, int i) {
    if (i + 6 > sql.length() || (i + 6 < sql.length() && isWordChar(sql.charAt(i + 6)))) {
      return 0;
    }
    if (startsWith(sql, i, "select")) {
      return SELECT;
    }
    if (startsWith(sql, i, "insert")) {
      return INSERT;
    }
    if (startsWith(sql, i, "update")) {
      return UPDATE;
    }
    return startsWith(sql, i, "delete") ? DELETE : 0;
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
    return kind == SELECT ? !isOneOf(SELECT_CALLS, sql, start, end) : isOneOf(NOT_CALLS, sql, start, end);
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
