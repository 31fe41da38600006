package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.Set;

/**
 * The name PostgreSQL gives a CHECK constraint written without one ({@code AddRelationNewConstraints}):
 * {@code table_column_check} when the expression reads exactly one column, else {@code table_check};
 * then {@code check1}, {@code check2}… in place of {@code check} while the name is taken in the
 * table's schema or by a constraint the same statement adds ({@code ChooseConstraintName}). Citus
 * names every unnamed CHECK of its tables {@code table_check}, so citussafe names it first.
 */
final class CheckNames {

  private CheckNames() {
  }

  /**
   * The column a CHECK's expression reads when it reads one, else null. Standing on {@code CHECK};
   * reads its parenthesized expression. PostgreSQL counts the columns of the parsed expression;
   * this counts the distinct names in it that are not reserved words, calls, types after {@code ::}
   * or qualifiers, and, when {@code columns} is given, that are columns of the table.
   */
  static String column(Scanner s, Set<String> columns) {
    s.next();
    if (!s.isSymbol('(')) {
      return null;
    }
    int depth = s.depth();
    String found = null;
    boolean afterCast = false;
    for (s.next(); s.type() != Scanner.Type.END && !(s.isSymbol(')') && s.depth() == depth); s.next()) {
      String name = afterCast || s.type() == Scanner.Type.WORD && Keywords.RESERVED.contains(
          Names.lower(s.sql(), s.start(), s.end())) ? null : Names.stored(s);
      afterCast = s.isSymbol("::");
      if (name == null || columns != null && !columns.contains(name)) {
        continue;
      }
      Scanner ahead = new Scanner(s.sql(), s.end(), s.sql().length());
      ahead.next();
      if (ahead.isSymbol('(') || ahead.isSymbol('.') || name.equals(found)) {
        continue;
      }
      if (found != null) {
        return null;
      }
      found = name;
    }
    return found;
  }

  /**
   * The statement {@code alter} with its one action, an unnamed {@code ADD CHECK …}, as
   * {@code ADD CONSTRAINT <name> CHECK …} under the name PostgreSQL would choose; null when its
   * action is not an unnamed CHECK.
   *
   * @param columns the table's columns, as stored, with those the same statement adds
   * @param chosen names the same statement gave already; the chosen name is added
   */
  static String named(AlterTable alter, Set<String> columns, Facts facts, Set<String> chosen) throws SQLException {
    if (alter.actions.size() != 1 || !alter.actions.get(0).startsWith("add", "check")) {
      return null;
    }
    String action = alter.actions.get(0).text();
    Scanner s = new Scanner(action);
    s.next();
    s.next();
    int check = s.start();
    String column = column(s, columns);
    String table = Names.lastPart(alter.table);
    for (int pass = 0; ; pass++) {
      String name = Names.objectName(table, column, pass == 0 ? "check" : "check" + pass);
      if (!chosen.contains(name) && !facts.constraintNameTaken(alter.table, name)) {
        chosen.add(name);
        return alter.statement("ADD CONSTRAINT " + Names.quoted(name) + " " + action.substring(check));
      }
    }
  }
}
