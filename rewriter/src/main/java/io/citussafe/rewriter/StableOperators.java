package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Operators and casts in an UPDATE's SET that run a STABLE function on a column of the row, seen
 * from the column types: {@code ts + interval '1 day'} and {@code ts - interval '1 day'} on a
 * {@code timestamptz} column ({@code timestamptz_pl_interval} reads TimeZone across a daylight
 * saving change), and {@code ts::text} on a column whose output function is STABLE. Citus rejects
 * them like a STABLE call with a column reference. Each is recorded as a use named
 * {@link DmlStatement#OPERATOR_PREFIX}{@code <operator>} or {@code cast to <type>}, which the rewrite computes on the
 * coordinator with its whole SET expression. {@code ts - ts} is IMMUTABLE but read as one too:
 * that only costs an unneeded, still faithful, rewrite.
 */
final class StableOperators {

  private static final String TIMESTAMPTZ = "timestamp with time zone";
  /** The words a cast to a string type starts with. */
  private static final Set<String> STRING_TYPE_WORDS = Set.of("text", "varchar", "character", "char", "bpchar",
      "name");

  private StableOperators() {
  }

  /** True when a SET expression holds the word {@code interval} or a cast to a string type: read it with the types. */
  static boolean mayApply(DmlStatement st) {
    DmlShape sh = st.shape();
    if (sh.kind != DmlShape.Kind.UPDATE) {
      return false;
    }
    for (DmlShape.Assignment a : sh.assignments) {
      Scanner s = new Scanner(sh.sql, a.exprStart(), a.exprEnd());
      boolean cast = false;
      for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
        if (s.isWord("interval") || cast && stringType(s)) {
          return true;
        }
        cast = s.isSymbol("::");
      }
    }
    return false;
  }

  /** {@code ::} followed by a string type at the scanner: the text of a value. */
  static boolean stringType(Scanner s) {
    return s.type() == Scanner.Type.WORD && STRING_TYPE_WORDS.contains(Names.lower(s.sql(), s.start(), s.end()));
  }

  /** The uses found in the SET expressions of {@code st}, given the target's column types. */
  static List<DmlStatement.FunctionUse> uses(DmlStatement st, Map<String, String> columnTypes) {
    DmlShape sh = st.shape();
    List<DmlStatement.FunctionUse> uses = new ArrayList<>();
    if (sh.kind != DmlShape.Kind.UPDATE) {
      return uses;
    }
    for (int part = 0; part < sh.assignments.size(); part++) {
      DmlShape.Assignment a = sh.assignments.get(part);
      if (a.isDefault()) {
        continue;
      }
      List<int[]> tokens = tokens(sh.sql, a.exprStart(), a.exprEnd());
      for (int i = 0; i < tokens.size(); i++) {
        String type = columnAt(sh, tokens, i) == null ? null : columnTypes.get(columnAt(sh, tokens, i));
        int first = symbolAt(sh.sql, tokens, i - 1, ".") ? i - 2 : i;
        String found = type == null ? null : stableUse(sh.sql, tokens, first, i, type);
        if (found != null) {
          uses.add(new DmlStatement.FunctionUse(found, DmlStatement.Clause.SET, part, false, true, false));
        }
      }
    }
    return uses;
  }

  /**
   * What the column reference at tokens {@code [first, i]}, of {@code type}, is an operand of that
   * is STABLE; null when nothing.
   */
  private static String stableUse(String sql, List<int[]> tokens, int first, int i, String type) {
    boolean plusMinus = symbolAt(sql, tokens, first - 1, "+") || symbolAt(sql, tokens, first - 1, "-")
        || symbolAt(sql, tokens, i + 1, "+") || symbolAt(sql, tokens, i + 1, "-");
    if (type.equals(TIMESTAMPTZ) && plusMinus) {
      return DmlStatement.OPERATOR_PREFIX + TIMESTAMPTZ + " +/- interval";
    }
    if (symbolAt(sql, tokens, i + 1, "::") && i + 2 < tokens.size() && AssignmentCasts.stableOutput(type)) {
      Scanner s = new Scanner(sql, tokens.get(i + 2)[0], tokens.get(i + 2)[1]);
      s.next();
      return stringType(s) ? DmlStatement.CAST_PREFIX + "text" : null;
    }
    return null;
  }

  /** The stored name of the target's column at token {@code i} (bare or qualified by the target), or null. */
  private static String columnAt(DmlShape sh, List<int[]> tokens, int i) {
    int[] t = tokens.get(i);
    if (t[2] != Scanner.Type.WORD.ordinal() && t[2] != Scanner.Type.QUOTED_IDENTIFIER.ordinal()) {
      return null;
    }
    if (symbolAt(sh.sql, tokens, i + 1, ".") || symbolAt(sh.sql, tokens, i + 1, "(")) {
      return null;
    }
    if (symbolAt(sh.sql, tokens, i - 1, ".")) {
      int[] q = i >= 2 ? tokens.get(i - 2) : null;
      if (q == null || !Names.stored(sh.sql.substring(q[0], q[1])).equals(Names.stored(sh.qualifier()))) {
        return null;
      }
    }
    return Names.stored(sh.sql.substring(t[0], t[1]));
  }

  private static boolean symbolAt(String sql, List<int[]> tokens, int i, String symbol) {
    if (i < 0 || i >= tokens.size() || tokens.get(i)[2] != Scanner.Type.SYMBOL.ordinal()) {
      return false;
    }
    int[] t = tokens.get(i);
    return t[1] - t[0] == symbol.length() && sql.startsWith(symbol, t[0]);
  }

  private static List<int[]> tokens(String sql, int from, int to) {
    List<int[]> tokens = new ArrayList<>();
    Scanner s = new Scanner(sql, from, to);
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      tokens.add(new int[] {s.start(), s.end(), t.ordinal()});
    }
    return tokens;
  }
}
