package io.citussafe.rewriter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The string-literal arguments of a call, {@code fn('orders', distribution_column => 'id')}, by
 * parameter name (lower case, for {@code =>} and {@code :=}) or by position ({@code "0"},
 * {@code "1"}…). A literal may carry a cast ({@code 'orders'::regclass}); any other argument is
 * skipped but still takes its position.
 */
final class CallArguments {

  private CallArguments() {
  }

  /** Reads the arguments; the scanner stands on the opening parenthesis and ends on the closing one. */
  static Map<String, String> read(Scanner s) {
    Map<String, String> arguments = new LinkedHashMap<>(4);
    int depth = s.depth();
    int position = 0;
    s.next();
    while (s.type() != Scanner.Type.END && !(s.isSymbol(')') && s.depth() == depth)) {
      String parameter = null;
      if (s.type() == Scanner.Type.WORD) {
        int nameStart = s.start();
        int nameEnd = s.end();
        s.next();
        if (!s.isSymbol("=>") && !s.isSymbol(":=")) {
          // an expression such as a bare column reference: not a literal argument
          position++;
          skipArgument(s, depth);
          continue;
        }
        parameter = Names.lower(s.sql(), nameStart, nameEnd);
        s.next();
      }
      String value = s.stringValue();
      s.next();
      if (s.isSymbol("::")) {
        s.next();
        s.next();
      }
      if (value != null && (s.isSymbol(',') || s.isSymbol(')')) && s.depth() <= depth + 1) {
        arguments.put(parameter != null ? parameter : Integer.toString(position), value);
      }
      position++;
      skipArgument(s, depth);
    }
    return arguments;
  }

  /** The argument named {@code parameter}, else the one at {@code position}; null when neither is a literal. */
  static String get(Map<String, String> arguments, String parameter, int position) {
    String named = arguments.get(parameter);
    return named != null ? named : arguments.get(Integer.toString(position));
  }

  /** Moves past the rest of one argument: to the next top-level comma, or onto the close. */
  private static void skipArgument(Scanner s, int depth) {
    while (s.type() != Scanner.Type.END) {
      if (s.depth() == depth + 1 && s.isSymbol(',')) {
        s.next();
        return;
      }
      if (s.depth() == depth && s.isSymbol(')')) {
        return;
      }
      s.next();
    }
  }
}
