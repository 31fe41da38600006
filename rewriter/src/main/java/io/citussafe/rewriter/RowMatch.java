package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the atomic rewrite finds each row's new values again, and which of the row's columns its
 * first CTE passes to the coordinator, where the values are computed with the session's own
 * settings ({@code TimeZone}, {@code DateStyle}, {@code lc_time}…): a value computed in a CTE
 * that Citus pushes down to the shards would use each worker's settings.
 *
 * <p>A table with a row key matches on it. A table without one can still take values that are
 * not volatile: a STABLE or IMMUTABLE expression gives the same result for the same arguments
 * within a statement, so the values are computed once per distinct tuple of the columns they read
 * and joined back on those columns with {@code IS NOT DISTINCT FROM}. That needs columns whose
 * equality means identity: two numerics equal under {@code =} ({@code 1.0}, {@code 1.00}) still
 * print differently, so such a column is refused.
 */
final class RowMatch {

  /** Types whose {@code =} holds only between values that no function can tell apart. */
  private static final Set<String> IDENTITY_TYPES = Set.of("smallint", "integer", "bigint", "boolean", "text",
      "character varying", "character", "name", "\"char\"", "uuid", "bytea", "date", "time without time zone",
      "timestamp without time zone", "timestamp with time zone", "oid");

  /** The key columns, quoted; empty when rows are matched by the columns the values read. */
  final List<String> keys;
  /** The columns the coordinator's expressions read, quoted, in order of first use. */
  final List<String> columns;
  /** Why rows cannot be matched, or null. */
  final String refusal;

  private RowMatch(List<String> keys, List<String> columns, String refusal) {
    this.keys = keys;
    this.columns = columns;
    this.refusal = refusal;
  }

  boolean byKey() {
    return !keys.isEmpty();
  }

  /**
   * @param spans the expressions computed on the coordinator from the row's columns
   */
  static RowMatch of(DmlStatement st, List<String> keyColumns, Map<String, String> columnTypes,
      Rejections rejections, List<int[]> spans) {
    DmlShape sh = st.shape();
    List<String> read = new ArrayList<>();
    for (int[] span : spans) {
      String refusal = readColumns(sh, span[0], span[1], columnTypes, read);
      if (refusal != null) {
        return new RowMatch(List.of(), List.of(), "its new values are computed on the coordinator from the row's "
            + "columns, and " + refusal);
      }
    }
    List<String> columns = quoted(read);
    if (!keyColumns.isEmpty()) {
      return new RowMatch(quoted(keyColumns), columns, null);
    }
    String refusal = withoutKey(st, rejections);
    for (int i = 0; refusal == null && i < read.size(); i++) {
      String type = columnTypes.get(read.get(i));
      if (!IDENTITY_TYPES.contains(type)) {
        refusal = "the new values are computed once per distinct value of the columns they read, and column \""
            + read.get(i) + "\" of type " + type + " has values that are equal but not identical";
      }
    }
    return refusal == null ? new RowMatch(List.of(), columns, null)
        : new RowMatch(List.of(), List.of(), sh.table + " has no primary key and no unique key over NOT NULL columns "
            + "to match each row with its new values, and " + refusal + "; add a key");
  }

  /** Why a table without a key cannot take this statement's values, or null. */
  private static String withoutKey(DmlStatement st, Rejections rejections) {
    List<DmlStatement.FunctionUse> uses = st.functionUses();
    for (int u = 0; u < uses.size(); u++) {
      if (!rejections.rejected()[u]) {
        continue;
      }
      if (uses.get(u).clause() != DmlStatement.Clause.SET) {
        return "its WHERE calls " + uses.get(u).name() + ", which Citus rejects there";
      }
      if (rejections.volatility()[u] == Volatility.VOLATILE) {
        return uses.get(u).name() + " is VOLATILE: rows with the same values must each get their own result";
      }
    }
    return null;
  }

  /**
   * Adds to {@code read} the target's columns named in {@code sql[from, to)}, bare or after the
   * table's qualifier; a name that is not followed by {@code (} and is a column counts (one more
   * than needed costs nothing). Returns why the expression cannot be computed from the columns
   * alone (a whole-row reference, a schema-qualified column), or null.
   */
  private static String readColumns(DmlShape sh, int from, int to, Map<String, String> columns, List<String> read) {
    String qualifier = Names.stored(sh.qualifier());
    Scanner s = new Scanner(sh.sql, from, to);
    String previous = null;
    int dots = 0;
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (s.isSymbol('.')) {
        dots++;
        continue;
      }
      if (!s.isIdentifier()) {
        dots = 0;
        previous = null;
        continue;
      }
      String name = Names.stored(s);
      Scanner ahead = new Scanner(sh.sql, s.end(), to);
      ahead.next();
      if (dots >= 2) {
        return "it names a column with its schema";
      }
      if (name != null && name.equals(qualifier) && !columns.containsKey(name) && !ahead.isSymbol('.') && !ahead.isSymbol('(')) {
        return "it reads the whole row " + sh.qualifier();
      }
      if (name != null && columns.containsKey(name) && !ahead.isSymbol('(') && !read.contains(name)
          && (dots == 0 || qualifier.equals(previous))) {
        read.add(name);
      }
      dots = ahead.isSymbol('.') ? dots : 0;
      previous = name;
    }
    return null;
  }

  private static List<String> quoted(List<String> names) {
    List<String> out = new ArrayList<>(names.size());
    for (String name : names) {
      out.add(SqlText.quoteIdentifier(name));
    }
    return out;
  }
}
