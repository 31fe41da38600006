package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a trigger function's body does, as far as its tokens tell: which statements in it write
 * (to tables other than the row it fires for, which it changes through {@code NEW}), and which of
 * the functions it calls are not IMMUTABLE. Both decide whether a trigger gives the same result on
 * every copy of a reference table. Conservative: a body that cannot be read, dynamic SQL, and
 * unknown functions count as unsafe.
 *
 * @param writes the writing statements found, upper case ({@code INSERT}, {@code EXECUTE}…)
 * @param notImmutable the functions (and SQL value functions such as {@code current_timestamp})
 *     that are not IMMUTABLE
 * @param readable the body is plpgsql or SQL, so the lists are complete
 */
record TriggerFunctionBody(String function, Set<String> writes, Set<String> notImmutable, boolean readable) {

  private static final String[] WRITES = {"insert", "update", "delete", "truncate", "merge", "copy", "execute"};
  /** Values without parentheses that are STABLE functions in disguise. */
  private static final String[] VALUE_FUNCTIONS = {"current_timestamp", "current_date", "current_time", "localtime",
      "localtimestamp", "current_user", "session_user", "current_role", "current_schema", "current_catalog"};
  /** Words followed by a parenthesis that are syntax, not calls. */
  private static final Set<String> NOT_CALLS = Set.of("if", "elsif", "while", "return", "and", "or", "not", "in",
      "coalesce", "nullif", "greatest", "least", "values", "exists", "any", "all", "array", "row", "cast", "case",
      "when", "then", "else", "raise", "using", "into", "select", "where", "perform", "from", "on", "is");

  static TriggerFunctionBody read(FunctionFacts function, String name, Facts facts) throws SQLException {
    if (function == null || !(function.language().equals("plpgsql") || function.language().equals("sql"))) {
      return new TriggerFunctionBody(name, Set.of(), Set.of(), false);
    }
    Set<String> writes = new TreeSet<>();
    Set<String> notImmutable = new TreeSet<>();
    List<String> calls = new ArrayList<>();
    String source = function.source();
    Scanner s = new Scanner(source);
    String word = null;
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (s.isSymbol('(') && word != null) {
        calls.add(word);
      }
      word = null;
      if (Keywords.isAnyWord(s, WRITES)) {
        writes.add(s.text().toUpperCase(Locale.ROOT));
      } else if (Keywords.isAnyWord(s, VALUE_FUNCTIONS)) {
        notImmutable.add(Names.stored(s));
      } else if (s.type() == Scanner.Type.WORD && !afterCast(source, s.start())) {
        word = Names.stored(s);
        word = NOT_CALLS.contains(word) ? null : word;
      }
    }
    Map<String, Volatility> volatility = facts.volatility(Set.copyOf(calls));
    for (String call : calls) {
      if (volatility.getOrDefault(call, Volatility.VOLATILE) != Volatility.IMMUTABLE) {
        notImmutable.add(call + "()");
      }
    }
    return new TriggerFunctionBody(name, writes, notImmutable, true);
  }

  /** {@code x::numeric(10, 2)}: a type with modifiers, not a call. */
  private static boolean afterCast(String source, int at) {
    return preceded(source, at, "::");
  }

  private static boolean preceded(String source, int at, String symbol) {
    int i = at;
    while (i > 0 && Character.isWhitespace(source.charAt(i - 1))) {
      i--;
    }
    return i >= symbol.length() && source.startsWith(symbol, i - symbol.length());
  }

  /** It changes nothing but the row it fires for. */
  boolean writesOnlyItsRow() {
    return readable && writes.isEmpty();
  }

  /** The same result on every copy of a reference table: it writes only its row and calls only IMMUTABLE functions. */
  boolean sameOnEveryCopy() {
    return writesOnlyItsRow() && notImmutable.isEmpty();
  }

  /** Why the copies could differ, for messages: {@code calls now() (not IMMUTABLE)}, {@code writes (INSERT)}. */
  String whyNot() {
    if (!readable) {
      return function + " could not be read (not plpgsql or SQL, or not found)";
    }
    List<String> why = new ArrayList<>(2);
    if (!writes.isEmpty()) {
      why.add("runs " + String.join(", ", writes) + " (it writes other tables)");
    }
    if (!notImmutable.isEmpty()) {
      why.add("calls " + String.join(", ", notImmutable) + ", which are not IMMUTABLE and can give each copy its "
          + "own value");
    }
    return function + " " + String.join(" and ", why);
  }
}
