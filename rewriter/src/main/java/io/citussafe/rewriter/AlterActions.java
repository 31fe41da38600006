package io.citussafe.rewriter;

/**
 * One action of ALTER TABLE, as {@link AlterTable} splits them, read for {@link SchemaChange}:
 * what it does and to which column or constraint.
 */
final class AlterActions {

  private AlterActions() {
  }

  /** One action of ALTER TABLE on {@code table} (stored name). */
  static SchemaChange.Action read(AlterTable.Action action, String table) {
    String text = action.text();
    Scanner s = new Scanner(text);
    s.next();
    if (action.addsConstraint()) {
      s.next();
      SchemaChange.Constraint c = TableElements.tableConstraint(text.substring(s.start()), table);
      return new SchemaChange.Action(SchemaChange.ActionKind.ADD_CONSTRAINT, null, c, c == null ? null : c.name(),
          null, text);
    }
    if (action.addsColumn()) {
      SchemaChange.Column c = TableElements.column(AddColumn.read(text), table);
      return new SchemaChange.Action(SchemaChange.ActionKind.ADD_COLUMN, c, null, c == null ? null : c.name(), null,
          text);
    }
    if (s.accept("alter")) {
      s.accept("column");
      return alterColumn(s, text);
    }
    if (s.accept("drop")) {
      boolean constraint = s.accept("constraint");
      if (!constraint) {
        s.accept("column");
      }
      if (s.accept("if")) {
        s.accept("exists");
      }
      return simple(constraint ? SchemaChange.ActionKind.DROP_CONSTRAINT : SchemaChange.ActionKind.DROP_COLUMN,
          Names.stored(s), null, text);
    }
    if (s.accept("validate") && s.accept("constraint")) {
      return simple(SchemaChange.ActionKind.VALIDATE_CONSTRAINT, Names.stored(s), null, text);
    }
    if (s.accept("rename")) {
      return rename(s, text);
    }
    if (s.accept("attach") && s.accept("partition")) {
      return simple(SchemaChange.ActionKind.ATTACH_PARTITION, Names.readLastPart(s), null, text);
    }
    return simple(SchemaChange.ActionKind.OTHER, null, null, text);
  }

  /** Standing on the column of {@code ALTER [COLUMN] c …}. */
  private static SchemaChange.Action alterColumn(Scanner s, String text) {
    String column = Names.stored(s);
    s.next();
    int at = s.start();
    if (s.accept("set") && s.accept("not") && s.accept("null")) {
      return simple(SchemaChange.ActionKind.SET_NOT_NULL, column, null, text);
    }
    s = rescan(text, at);
    if (s.accept("drop") && s.accept("not") && s.accept("null")) {
      return simple(SchemaChange.ActionKind.DROP_NOT_NULL, column, null, text);
    }
    s = rescan(text, at);
    boolean type = s.accept("type") || s.accept("set") && s.accept("data") && s.accept("type");
    if (type) {
      int start = s.start();
      int end = start;
      while (s.type() != Scanner.Type.END && !(s.depth() == 0 && (s.isWord("using") || s.isWord("collate")))) {
        end = s.end();
        s.next();
      }
      return simple(SchemaChange.ActionKind.SET_TYPE, column, TypeNames.normalize(text.substring(start, end)), text);
    }
    s = rescan(text, at);
    if (s.accept("set") && s.accept("default")) {
      return simple(SchemaChange.ActionKind.SET_DEFAULT, column, text.substring(s.start()), text);
    }
    return simple(SchemaChange.ActionKind.OTHER, column, null, text);
  }

  /** Standing after RENAME: {@code TO t}, {@code CONSTRAINT a TO b} or {@code [COLUMN] a TO b}. */
  private static SchemaChange.Action rename(Scanner s, String text) {
    if (s.accept("to")) {
      return simple(SchemaChange.ActionKind.RENAME_TABLE, null, Names.stored(s), text);
    }
    SchemaChange.ActionKind kind = s.accept("constraint") ? SchemaChange.ActionKind.RENAME_CONSTRAINT
        : SchemaChange.ActionKind.RENAME_COLUMN;
    if (kind == SchemaChange.ActionKind.RENAME_COLUMN) {
      s.accept("column");
    }
    String old = Names.stored(s);
    s.next();
    String renamed = s.accept("to") ? Names.stored(s) : null;
    return simple(kind, old, renamed, text);
  }

  private static SchemaChange.Action simple(SchemaChange.ActionKind kind, String name, String detail, String text) {
    return new SchemaChange.Action(kind, null, null, name, detail, text);
  }

  private static Scanner rescan(String text, int at) {
    Scanner s = new Scanner(text, at, text.length());
    s.next();
    return s;
  }
}
