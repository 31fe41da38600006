package io.citussafe.rewriter;

/** The user's RETURNING list in a rewrite that joins its own CTE. */
final class ReturningList {

  private ReturningList() {
  }

  /**
   * The RETURNING clause as written, except that an item {@code *} becomes {@code q.*}: the
   * joined CTE's columns must not show up in the user's result.
   */
  static void append(SliceWriter out, DmlShape sh, String q) {
    String sql = sh.sql;
    out.slice(sh.returningStart, sh.returningListStart);
    Scanner s = new Scanner(sql, sh.returningListStart, sh.returningEnd);
    int cursor = sh.returningListStart;
    int itemTokens = 0;
    int star = -1;
    for (Scanner.Type t = s.next(); ; t = s.next()) {
      if (t == Scanner.Type.END || (s.depth() == 0 && s.isSymbol(','))) {
        if (itemTokens == 1 && star >= 0) {
          out.slice(cursor, star).text(q + ".*");
          cursor = star + 1;
        }
        if (t == Scanner.Type.END) {
          break;
        }
        itemTokens = 0;
        star = -1;
        continue;
      }
      itemTokens++;
      star = s.isSymbol('*') ? s.start() : star;
    }
    out.slice(cursor, sh.returningEnd);
  }
}
