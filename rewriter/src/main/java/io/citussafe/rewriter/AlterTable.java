package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@code ALTER TABLE [IF EXISTS] [ONLY] name [*] action [, …]} read into its parts: the text up
 * to the table name, the table, and each top-level action with its exact text. The rules that
 * handle ALTER TABLE (splitting, renames, added columns, hints) share this reading.
 */
final class AlterTable {

  /** One action of the list, e.g. {@code ADD COLUMN c int} or {@code ALTER COLUMN c SET NOT NULL}. */
  record Action(String text, List<String> words) {

    /** The action's first words, lower case, up to four: enough to tell its kind. */
    boolean startsWith(String... expected) {
      if (words.size() < expected.length) {
        return false;
      }
      for (int i = 0; i < expected.length; i++) {
        if (!words.get(i).equals(expected[i])) {
          return false;
        }
      }
      return true;
    }

    /** ADD of a table constraint: {@code ADD CONSTRAINT}, {@code ADD PRIMARY KEY}, {@code ADD UNIQUE}… */
    boolean addsConstraint() {
      return startsWith("add", "constraint") || startsWith("add", "primary") || startsWith("add", "unique")
          || startsWith("add", "check") || startsWith("add", "foreign") || startsWith("add", "exclude");
    }

    boolean addsColumn() {
      return startsWith("add") && !addsConstraint();
    }
  }

  /** {@code ALTER TABLE [IF EXISTS] [ONLY] name}, as written. */
  final String prefix;
  /** The table in regclass syntax. */
  final String table;
  final List<Action> actions;

  private AlterTable(String prefix, String table, List<Action> actions) {
    this.prefix = prefix;
    this.table = table;
    this.actions = actions;
  }

  /** The statement as an ALTER TABLE, or null when it is not one this can read. */
  static AlterTable read(StatementText statement) {
    if (!statement.firstWord.equals("alter")) {
      return null;
    }
    Scanner s = statement.scanner();
    s.next();
    if (!s.isWord("table")) {
      return null;
    }
    String table = Names.readAlteredTable(s);
    if (table == null || s.type() == Scanner.Type.END) {
      return null;
    }
    String text = statement.text;
    // from the ALTER keyword: comments before it are not repeated in each statement made from it
    String prefix = text.substring(Lexer.skipSpace(text, 0), s.start()).stripTrailing();
    List<Action> actions = new ArrayList<>(2);
    int actionStart = -1;
    int lastEnd = s.start();
    List<String> words = new ArrayList<>(4);
    for (; s.type() != Scanner.Type.END; s.next()) {
      if (s.depth() == 0 && s.isSymbol(',')) {
        if (actionStart < 0) {
          return null;
        }
        actions.add(new Action(text.substring(actionStart, lastEnd), List.copyOf(words)));
        words.clear();
        actionStart = -1;
        continue;
      }
      actionStart = actionStart < 0 ? s.start() : actionStart;
      if (words.size() < 4 && s.depth() == 0) {
        words.add(s.type() == Scanner.Type.WORD ? Names.lower(text, s.start(), s.end()) : s.text());
      }
      lastEnd = s.end();
    }
    if (actionStart < 0) {
      return null;
    }
    actions.add(new Action(text.substring(actionStart, lastEnd), List.copyOf(words)));
    return new AlterTable(prefix, table, List.copyOf(actions));
  }

  /** {@code <prefix> <action>}: one action as a statement of its own. */
  String statement(String action) {
    return prefix + " " + action;
  }
}
