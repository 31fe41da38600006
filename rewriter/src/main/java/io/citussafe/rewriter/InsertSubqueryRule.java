package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code INSERT … VALUES} with a subquery in a row, which Citus refuses on the tables it manages
 * ({@code subqueries are not supported within INSERT queries}). It is what
 * Liquibase's {@code <insert>} with {@code valueComputed="(SELECT …)"} sends. Citus accepts the
 * same rows as {@code INSERT … SELECT}:
 * <pre>
 * INSERT INTO t (a, b, c) VALUES ((SELECT id FROM r WHERE …), 1, 'x')
 * → INSERT INTO t (a, b, c) SELECT (SELECT id FROM r WHERE …), 1, 'x'
 * INSERT INTO t (a, b) VALUES ((SELECT …), '2024-01-01'), (2, '2024-01-02')
 * → INSERT INTO t (a, b) SELECT * FROM (VALUES ((SELECT …), CAST('2024-01-01' AS date)), (2, '2024-01-02')) citussafe_values
 * </pre>
 * A single row's untyped literals take the columns' types as in VALUES; several rows need the
 * first row cast to the columns' types, so an explicit column list. {@code DEFAULT} in a single
 * row drops that column; in several rows it has no {@code SELECT} form. The column list,
 * {@code ON CONFLICT}, {@code RETURNING} and the bind parameters, in their order, stay.
 */
final class InsertSubqueryRule implements Rule<InsertSubqueryRule.Insert> {

  /**
   * @param head {@code INSERT INTO t [AS a]}, as written
   * @param columns the column list's names as written; empty when there is none
   * @param rows each row's items, as written
   * @param tail ON CONFLICT and RETURNING, as written (may be empty)
   */
  record Insert(String sql, String table, String head, List<String> columns, List<List<String>> rows, String tail) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("insert");
  }

  @Override
  public Insert match(StatementText statement) {
    String text = statement.text;
    if (text.length() > StatementText.MAX_CACHED_LENGTH || Lexer.indexOfIgnoreCase(text, "select", 0) < 0) {
      return null;
    }
    Scanner s = statement.scanner();
    s.next();
    if (!s.accept("into")) {
      return null;
    }
    String table = Names.readQualified(s);
    if (table == null) {
      return null;
    }
    if (s.accept("as")) {
      s.next();
    }
    int headEnd = s.start();
    List<String> columns = new ArrayList<>();
    if (s.isSymbol('(')) {
      List<String> items = items(text, s);
      if (items == null) {
        return null;
      }
      columns.addAll(items);
    }
    if (!s.accept("values")) {
      return null;
    }
    List<List<String>> rows = new ArrayList<>();
    boolean subquery = false;
    while (s.isSymbol('(')) {
      List<String> row = items(text, s);
      if (row == null) {
        return null;
      }
      for (String item : row) {
        subquery |= Lexer.indexOfIgnoreCase(item, "select", 0) >= 0 && containsSelect(item);
      }
      rows.add(row);
      if (!s.isSymbol(',')) {
        break;
      }
      s.next();
    }
    boolean tailOk = s.type() == Scanner.Type.END || s.isWord("on") || s.isWord("returning");
    if (!subquery || rows.isEmpty() || !tailOk) {
      return null;
    }
    String tail = s.type() == Scanner.Type.END ? "" : " " + text.substring(s.start()).strip();
    return new Insert(text, table, text.substring(0, headEnd).stripTrailing(), List.copyOf(columns), List.copyOf(rows),
        tail);
  }

  private static boolean containsSelect(String item) {
    Scanner s = new Scanner(item);
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (s.isWord("select")) {
        return true;
      }
    }
    return false;
  }

  /** The top-level comma-separated items of the parenthesized list the scanner stands on; moves past it. */
  private static List<String> items(String text, Scanner s) {
    int depth = s.depth();
    List<String> items = new ArrayList<>();
    s.next();
    int start = s.start();
    int end = start;
    while (s.type() != Scanner.Type.END && !(s.isSymbol(')') && s.depth() == depth)) {
      if (s.isSymbol(',') && s.depth() == depth + 1) {
        if (end <= start) {
          return null; // an empty item, as in (1,,2): not SQL, the server reports it
        }
        items.add(text.substring(start, end));
        s.next();
        start = s.start();
        continue;
      }
      end = s.end();
      s.next();
    }
    if (s.type() == Scanner.Type.END || end <= start) {
      return null;
    }
    items.add(text.substring(start, end));
    s.next();
    return items;
  }

  @Override
  public boolean reusable() {
    return true;
  }

  @Override
  public Plan plan(Insert insert, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus() || !facts.table(insert.table()).isCitusTable()) {
      return null;
    }
    String rewritten = insert.rows().size() == 1 ? singleRow(insert) : severalRows(insert, facts);
    if (rewritten == null) {
      return Plan.of(new Step.User(insert.sql(), "Citus does not accept subqueries in INSERT … VALUES and "
          + "citussafe writes them as INSERT … SELECT, which has no DEFAULT and needs a column list for several "
          + "rows: list the columns, and give values instead of DEFAULT (or insert those rows on their own). "
          + "Statement: " + insert.sql()));
    }
    return Plan.of(new Step.User(rewritten, null), new Step.Report("ran as " + rewritten + ": Citus does not "
        + "accept subqueries in INSERT … VALUES"));
  }

  private static String singleRow(Insert insert) {
    List<String> row = insert.rows().get(0);
    List<String> columns = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < row.size(); i++) {
      boolean isDefault = row.get(i).strip().equalsIgnoreCase("default");
      if (isDefault && insert.columns().isEmpty()) {
        return null;
      }
      if (!isDefault) {
        values.add(row.get(i).strip());
        if (!insert.columns().isEmpty()) {
          columns.add(insert.columns().get(i).strip());
        }
      }
    }
    return insert.head() + (columns.isEmpty() ? "" : " (" + String.join(", ", columns) + ")") + " SELECT "
        + String.join(", ", values) + insert.tail();
  }

  private static String severalRows(Insert insert, Facts facts) throws SQLException {
    if (insert.columns().isEmpty()) {
      return null;
    }
    Map<String, String> types = facts.columns(insert.table()).columnTypes();
    StringBuilder rows = new StringBuilder();
    for (int r = 0; r < insert.rows().size(); r++) {
      List<String> row = insert.rows().get(r);
      if (row.size() != insert.columns().size()) {
        return null;
      }
      rows.append(r == 0 ? "(" : ", (");
      for (int i = 0; i < row.size(); i++) {
        String value = row.get(i).strip();
        if (value.toLowerCase(Locale.ROOT).equals("default")) {
          return null;
        }
        String type = r == 0 ? types.get(Names.stored(insert.columns().get(i).strip())) : null;
        rows.append(i == 0 ? "" : ", ").append(type == null ? value : "CAST(" + value + " AS " + type + ")");
      }
      rows.append(')');
    }
    return insert.head() + " (" + String.join(", ", stripped(insert.columns())) + ") SELECT * FROM (VALUES " + rows
        + ") citussafe_values" + insert.tail();
  }

  private static List<String> stripped(List<String> items) {
    List<String> out = new ArrayList<>(items.size());
    for (String item : items) {
      out.add(item.strip());
    }
    return out;
  }
}
