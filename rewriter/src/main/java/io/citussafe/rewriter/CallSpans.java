package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds function calls in an expression's text by tokens: {@code [schema.]name(…)} and the SQL
 * value functions ({@code CURRENT_TIMESTAMP[(p)]}…). Calls are listed in the order their names
 * appear, outer before inner, which is the order in which JSqlParser's walk reports them, so a
 * call found by the parser can be found again in the text.
 */
final class CallSpans {

  /** One call: its name as stored and its text {@code [start, end)}. */
  record Call(String name, int start, int end) {
    boolean contains(Call other) {
      return start <= other.start && other.end <= end && this != other;
    }
  }

  private CallSpans() {
  }

  static List<Call> find(String sql, int from, int to) {
    List<Call> calls = new ArrayList<>(2);
    Scanner s = new Scanner(sql, from, to);
    boolean afterDot = false;
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (!afterDot && Keywords.isAnyWord(s, Keywords.VALUE_FUNCTION_WORDS)) {
        calls.add(new Call(Names.stored(s), s.start(), valueFunctionEnd(sql, s.end(), to)));
      } else if (!afterDot && s.isIdentifier() && !Keywords.isAnyWord(s, Keywords.NOT_CALLS)
          && !Keywords.isAnyWord(s, Keywords.NOT_CALL_SYNTAX)) {
        Call call = callAt(sql, s.start(), to);
        if (call != null && !Keywords.NOT_FUNCTIONS.contains(call.name())) {
          calls.add(call);
        }
      }
      afterDot = s.isSymbol('.');
    }
    return calls;
  }

  /** {@code name[.name…](…)} starting at {@code start}, or null when no parenthesis follows. */
  private static Call callAt(String sql, int start, int to) {
    Scanner s = new Scanner(sql, start, to);
    s.next();
    String name = Names.stored(s);
    s.next();
    while (s.isSymbol('.')) {
      s.next();
      name = Names.stored(s);
      s.next();
    }
    if (name == null || !s.isSymbol('(')) {
      return null;
    }
    int depth = s.depth();
    s.next();
    while (s.type() != Scanner.Type.END && !(s.isSymbol(')') && s.depth() == depth)) {
      s.next();
    }
    return s.type() == Scanner.Type.END ? null : new Call(name, start, s.end());
  }

  /** After a value function's keyword: past an optional {@code (precision)}. */
  private static int valueFunctionEnd(String sql, int keywordEnd, int to) {
    Scanner s = new Scanner(sql, keywordEnd, to);
    s.next();
    if (!s.isSymbol('(')) {
      return keywordEnd;
    }
    s.next();
    if (s.type() != Scanner.Type.NUMBER) {
      return keywordEnd;
    }
    s.next();
    return s.isSymbol(')') ? s.end() : keywordEnd;
  }

  /** True when {@code sql[from, to)} holds a call of one of {@code names}, or a value function among them. */
  static boolean callsAny(String sql, int from, int to, Set<String> names) {
    for (Call call : find(sql, from, to)) {
      if (names.contains(call.name())) {
        return true;
      }
    }
    return false;
  }
  /**
   * The calls in {@code expression} that are not IMMUTABLE, by name as stored, each once with its
   * volatility: the SQL value functions ({@code now()}'s kin) are STABLE, and a function the catalog
   * does not know counts as volatile. Empty when the expression gives the same value anywhere.
   */
  static Map<String, Volatility> notImmutable(String expression, Facts facts) throws SQLException {
    Map<String, Volatility> found = new LinkedHashMap<>();
    Set<String> functions = new HashSet<>();
    for (Call call : find(expression, 0, expression.length())) {
      if (Keywords.VALUE_FUNCTIONS.contains(call.name())) {
        found.put(call.name(), Volatility.STABLE);
      } else {
        functions.add(call.name());
      }
    }
    Map<String, Volatility> volatility = functions.isEmpty() ? Map.of() : facts.volatility(functions);
    for (String name : functions) {
      Volatility v = volatility.getOrDefault(name, Volatility.VOLATILE);
      if (v != Volatility.IMMUTABLE) {
        found.put(name, v);
      }
    }
    return found;
  }
}
