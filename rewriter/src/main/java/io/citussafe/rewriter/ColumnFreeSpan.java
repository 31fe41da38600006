package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;

/**
 * The largest subexpression around a call Citus rejects that reads no column of the row. Moving
 * only the call into the rewrite's CTE would leave what surrounds it ({@code ::text} after
 * {@code clock_timestamp()}, a {@code + interval '1 day'}) applied to the CTE's column, a column
 * reference that Citus rejects again under a STABLE cast or operator. A subexpression without
 * columns gives the same value computed once per row in the CTE as in place, so it can move whole.
 *
 * <p>Widening goes by tokens, one step at a time: over a {@code ::type} cast, to the whole
 * argument or parenthesised group at the same depth, to the enclosing group or call. Each step is
 * kept only when JSqlParser reads the wider text as one expression without a column reference.
 */
final class ColumnFreeSpan {

  private final String sql;
  private final List<int[]> tokens = new ArrayList<>();

  private ColumnFreeSpan(String sql, int from, int to) {
    this.sql = sql;
    Scanner s = new Scanner(sql, from, to);
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      tokens.add(new int[] {s.start(), s.end(), s.depth(), t.ordinal()});
    }
  }

  /** {@code [start, end)} widened inside the expression {@code [from, to)}; as given when it cannot grow. */
  static int[] widen(String sql, int start, int end, int from, int to) {
    ColumnFreeSpan spans = new ColumnFreeSpan(sql, from, to);
    int[] span = {start, end};
    for (int[] wider = spans.step(span); wider != null; wider = spans.step(span)) {
      span = wider;
    }
    return span;
  }

  /** The next wider span that reads no column, or null. */
  private int[] step(int[] span) {
    int first = indexStarting(span[0]);
    int last = indexEnding(span[1]);
    if (first < 0 || last < 0) {
      return null;
    }
    int[] cast = castAfter(last);
    if (cast != null) {
      return columnFree(span[0], cast[1]) ? new int[] {span[0], cast[1]} : null;
    }
    int depth = tokens.get(first)[2];
    int left = first;
    while (left > 0 && !endsArgument(left - 1, depth)) {
      left--;
    }
    int right = last;
    while (right + 1 < tokens.size() && !endsArgument(right + 1, depth)) {
      right++;
    }
    if ((left < first || right > last) && columnFree(tokens.get(left)[0], tokens.get(right)[1])) {
      return new int[] {tokens.get(left)[0], tokens.get(right)[1]};
    }
    // the group around the argument, with the name of the call it belongs to
    int open = left - 1;
    while (open >= 0 && tokens.get(open)[2] >= depth) {
      open--;
    }
    int close = right + 1;
    while (close < tokens.size() && tokens.get(close)[2] >= depth) {
      close++;
    }
    if (open < 0 || close >= tokens.size() || !isSymbol(open, '(') || !isSymbol(close, ')')) {
      return null;
    }
    int begin = open;
    if (begin > 0 && isName(begin - 1)) {
      begin--;
      if (begin > 1 && isSymbol(begin - 1, '.') && isName(begin - 2)) {
        begin -= 2;
      }
    }
    int[] group = {tokens.get(begin)[0], tokens.get(close)[1]};
    return columnFree(group[0], group[1]) ? group : null;
  }

  /** A {@code ,} at {@code depth}, or the parenthesis that closes or opens it. */
  private boolean endsArgument(int i, int depth) {
    return tokens.get(i)[2] < depth || tokens.get(i)[2] == depth && isSymbol(i, ',');
  }

  /** {@code ::name[.name][ words][(n)][[]]} after token {@code last}: its token range, or null. */
  private int[] castAfter(int last) {
    int i = last + 1;
    if (i >= tokens.size() || !text(i).equals("::")) {
      return null;
    }
    i++;
    int end = -1;
    while (i < tokens.size() && isName(i)) {
      end = tokens.get(i)[1];
      i++;
      if (i < tokens.size() && (isSymbol(i, '.') || isWord(i, "with", "without", "time", "zone", "precision",
          "varying"))) {
        i += isSymbol(i, '.') ? 1 : 0;
        continue;
      }
      break;
    }
    if (end < 0) {
      return null;
    }
    if (i < tokens.size() && isSymbol(i, '(')) {
      int depth = tokens.get(i)[2];
      while (i < tokens.size() && !(isSymbol(i, ')') && tokens.get(i)[2] == depth)) {
        i++;
      }
      if (i >= tokens.size()) {
        return null;
      }
      end = tokens.get(i++)[1];
    }
    while (i + 1 < tokens.size() && isSymbol(i, '[') && isSymbol(i + 1, ']')) {
      end = tokens.get(i + 1)[1];
      i += 2;
    }
    return new int[] {last + 1, end};
  }

  /** True when {@code sql[from, to)} is one expression that references no column. */
  private boolean columnFree(int from, int to) {
    try {
      CCJSqlParser parser = CCJSqlParserUtil.newParser(FunctionCollector.sanitize(sql, from, to));
      Expression e = parser.Expression();
      int next = parser.getToken(1).kind;
      return next == CCJSqlParserConstants.EOF && !ColumnFinder.in(e) && !selects(from, to);
    } catch (Exception | StackOverflowError e) {
      return false;
    }
  }

  private boolean selects(int from, int to) {
    Scanner s = new Scanner(sql, from, to);
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (s.isWord("select")) {
        return true;
      }
    }
    return false;
  }

  private int indexStarting(int offset) {
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i)[0] == offset) {
        return i;
      }
    }
    return -1;
  }

  private int indexEnding(int offset) {
    for (int i = tokens.size() - 1; i >= 0; i--) {
      if (tokens.get(i)[1] == offset) {
        return i;
      }
    }
    return -1;
  }

  private String text(int i) {
    return sql.substring(tokens.get(i)[0], tokens.get(i)[1]);
  }

  private boolean isSymbol(int i, char c) {
    int[] t = tokens.get(i);
    return t[3] == Scanner.Type.SYMBOL.ordinal() && t[1] - t[0] == 1 && sql.charAt(t[0]) == c;
  }

  private boolean isName(int i) {
    int type = tokens.get(i)[3];
    return type == Scanner.Type.WORD.ordinal() || type == Scanner.Type.QUOTED_IDENTIFIER.ordinal();
  }

  private boolean isWord(int i, String... words) {
    if (tokens.get(i)[3] != Scanner.Type.WORD.ordinal()) {
      return false;
    }
    for (String w : words) {
      if (text(i).equalsIgnoreCase(w)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code sql[start, end)} stands beside a {@code ||} in its expression {@code [from, to)}. */
  static boolean besideConcatenation(String sql, int start, int end, int from, int to) {
    ColumnFreeSpan spans = new ColumnFreeSpan(sql, from, to);
    int first = spans.indexStarting(start);
    int last = spans.indexEnding(end);
    return first >= 2 && spans.isSymbol(first - 1, '|') && spans.isSymbol(first - 2, '|')
        || last >= 0 && last + 2 < spans.tokens.size() && spans.isSymbol(last + 1, '|') && spans.isSymbol(last + 2, '|');
  }
}
