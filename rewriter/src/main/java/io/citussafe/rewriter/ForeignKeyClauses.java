package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/**
 * The foreign keys of a {@code CREATE TABLE}, taken out of it and written as {@code ALTER TABLE …
 * ADD FOREIGN KEY} statements to run after the table was distributed: created with its keys, a
 * table referencing a reference table becomes Citus-local at once (and then cannot be distributed
 * when it has an identity column), and one referencing a widened key finds no unique key to match.
 * Unnamed keys get the name PostgreSQL gives them either way ({@code <table>_<column>_fkey}).
 */
record ForeignKeyClauses(String createTable, List<String> addedAfter) {

  private static final String[] ACTIONS = {"no", "action", "restrict", "cascade", "set", "null", "default"};

  /** The statement without its foreign keys, and the statements that add them; null when it has none. */
  static ForeignKeyClauses of(String sql, String table) {
    Scanner s = new Scanner(sql);
    while (s.next() != Scanner.Type.END && !(s.depth() == 0 && s.isSymbol('('))) {
      // up to the element list
    }
    StringBuilder out = new StringBuilder();
    List<String> added = new ArrayList<>();
    int cursor = 0;
    int elementStart = -1;
    int separator = -1;
    String column = null;
    int constraintStart = -1;
    String constraintName = null;
    // the list's closing parenthesis stands at depth 0
    for (s.next(); s.type() != Scanner.Type.END && s.depth() >= 1; ) {
      if (s.depth() == 1 && s.isSymbol(',')) {
        separator = s.start();
        elementStart = -1;
        s.next();
        continue;
      }
      if (s.depth() > 1) {
        s.next();
        continue;
      }
      if (elementStart < 0) {
        elementStart = s.start();
        column = s.isWord("constraint") || s.isWord("foreign") || s.isWord("primary") || s.isWord("unique")
            || s.isWord("check") || s.isWord("exclude") || s.isWord("like") ? null : Names.stored(s);
        constraintStart = -1;
      }
      if (s.isWord("constraint")) {
        constraintStart = s.start();
        s.next();
        constraintName = s.text();
        s.next();
        continue;
      }
      if (column == null && s.isWord("foreign")) {
        // a table constraint: the element goes, with the comma before it (or after it, when it is first)
        int start = constraintStart >= 0 ? constraintStart : s.start();
        while (s.type() != Scanner.Type.END && s.depth() >= 1 && !(s.depth() == 1 && s.isSymbol(','))) {
          s.next();
        }
        int end = s.type() == Scanner.Type.END ? sql.length() : s.start();
        boolean first = separator < cursor;
        out.append(sql, cursor, first ? start : separator);
        added.add("ALTER TABLE " + table + " ADD " + sql.substring(start, end).strip());
        cursor = end;
        if (first && s.isSymbol(',')) {
          cursor = Lexer.skipSpace(sql, s.end());
          s.next();
        }
        elementStart = -1;
        continue;
      }
      if (column != null && s.isWord("references")) {
        int start = constraintStart >= 0 ? constraintStart : s.start();
        int referencesStart = s.start();
        s.next();
        Names.readQualified(s);
        if (s.isSymbol('(')) {
          s.skipToClose(1);
        }
        int end = clauseEnd(s, sql);
        out.append(sql, cursor, start);
        added.add("ALTER TABLE " + table + " ADD " + (constraintStart >= 0 ? "CONSTRAINT " + constraintName + " " : "")
            + "FOREIGN KEY (" + Names.quoted(column) + ") " + sql.substring(referencesStart, end).strip());
        cursor = end;
        constraintStart = -1;
        continue;
      }
      constraintStart = s.isWord("constraint") ? constraintStart : -1;
      s.next();
    }
    if (added.isEmpty()) {
      return null;
    }
    out.append(sql, cursor, sql.length());
    return new ForeignKeyClauses(out.toString(), List.copyOf(added));
  }

  /** Past MATCH …, ON DELETE/UPDATE …, [NOT] DEFERRABLE and INITIALLY …: the offset of the next token. */
  private static int clauseEnd(Scanner s, String sql) {
    while (s.type() != Scanner.Type.END && s.depth() == 1) {
      if (s.isWord("match") || s.isWord("initially")) {
        s.next();
        s.next();
      } else if (s.isWord("on")) {
        s.next();
        s.next();
        while (Keywords.isAnyWord(s, ACTIONS)) {
          s.next();
          if (s.isSymbol('(')) {
            s.skipToClose(1);
          }
        }
      } else if (s.isWord("deferrable") || s.isWord("not") && deferrableAfter(sql, s.end())) {
        s.next();
        if (s.isWord("deferrable")) {
          s.next();
        }
      } else {
        break;
      }
    }
    return s.type() == Scanner.Type.END ? sql.length() : s.start();
  }

  private static boolean deferrableAfter(String sql, int from) {
    Scanner ahead = new Scanner(sql, from, sql.length());
    ahead.next();
    return ahead.isWord("deferrable");
  }
}
