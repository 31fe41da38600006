package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@link SchemaChange} from one statement: which statement it is and the table it is
 * about, with the columns, constraints and ALTER TABLE actions read by the rules' own readers
 * ({@code Scanner}, {@code AlterTable}, {@code AddColumn}, {@code Names}, {@code CitusCalls}).
 * Not on the driver's statement path: the offline review of migrations uses it.
 */
public final class SchemaChangeReader {

  private SchemaChangeReader() {
  }

  /**
   * Reads one statement, as {@link SqlText#statements} splits them.
   *
   * @throws NullPointerException when {@code sql} is null
   */
  public static SchemaChange read(String sql) {
    StatementText statement = new StatementText(sql);
    SchemaChange change = new SchemaChange();
    try {
      read(statement, change);
    } catch (RuntimeException e) {
      // text the reader cannot follow changes nothing in the review's model, as the driver passes it through
      return new SchemaChange();
    }
    return change;
  }

  private static void read(StatementText statement, SchemaChange change) {
    Scanner s = statement.scanner();
    switch (statement.firstWord) {
      case "create" -> create(s, change);
      case "alter" -> alterTable(statement, change);
      case "drop" -> {
        s.next();
        if (s.accept("table")) {
          skipIfExists(s);
          nameList(s, change, SchemaChange.Kind.DROP_TABLE);
        }
      }
      case "truncate" -> {
        s.next();
        s.accept("table");
        s.accept("only");
        nameList(s, change, SchemaChange.Kind.TRUNCATE);
      }
      case "insert" -> {
        s.next();
        if (s.accept("into")) {
          setTable(change, SchemaChange.Kind.INSERT, Names.readLastPart(s));
        }
      }
      case "copy" -> copy(s, change);
      case "update" -> update(s, change);
      case "delete" -> {
        s.next();
        if (s.accept("from")) {
          s.accept("only");
          setTable(change, SchemaChange.Kind.DELETE, Names.readLastPart(s));
        }
      }
      case "select" -> call(s, change);
      default -> {
      }
    }
  }

  private static void create(Scanner s, SchemaChange change) {
    s.next();
    if (s.accept("or")) {
      s.accept("replace");
    }
    while (s.accept("global") || s.accept("local") || s.accept("temp") || s.accept("temporary")
        || s.accept("unlogged")) {
      // persistence does not matter to the model
    }
    if (s.accept("table")) {
      TableElements.createTable(s, change);
    } else if (s.isWord("unique") || s.isWord("index")) {
      createIndex(s, change);
    } else if (s.accept("function")) {
      createFunction(s, change);
    }
  }

  private static void alterTable(StatementText statement, SchemaChange change) {
    AlterTable alter = AlterTable.read(statement);
    if (alter == null) {
      return;
    }
    change.kind = SchemaChange.Kind.ALTER_TABLE;
    change.table = Names.lastPart(alter.table);
    for (AlterTable.Action action : alter.actions) {
      change.actions.add(AlterActions.read(action, change.table));
    }
  }

  /** {@code [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table [USING m] (…) [WHERE …]}. */
  private static void createIndex(Scanner s, SchemaChange change) {
    change.uniqueIndex = s.accept("unique");
    if (!s.accept("index")) {
      return;
    }
    s.accept("concurrently");
    if (s.accept("if")) {
      s.accept("not");
      s.accept("exists");
    }
    String name = s.isWord("on") ? null : Names.stored(s);
    if (name != null) {
      s.next();
    }
    if (!s.accept("on")) {
      return;
    }
    s.accept("only");
    String table = Names.readLastPart(s);
    if (table == null) {
      return;
    }
    setTable(change, SchemaChange.Kind.CREATE_INDEX, table);
    if (s.accept("using")) {
      s.next();
    }
    if (!s.isSymbol('(')) {
      change.indexName = name;
      return;
    }
    List<String> names = new ArrayList<>();
    boolean plain = true;
    for (String item : TableElements.items(s)) {
      Scanner k = new Scanner(item);
      k.next();
      String column = Names.stored(k);
      k.next();
      plain &= column != null && (k.type() == Scanner.Type.END || k.isWord("asc") || k.isWord("desc"));
      names.add(column);
    }
    for (; s.type() != Scanner.Type.END; s.next()) {
      plain &= !(s.depth() == 0 && s.isWord("where"));
    }
    change.indexColumns = plain ? List.copyOf(names) : null;
    change.indexName = name != null || !plain ? name
        : Names.objectName(table, Names.nameAddition(names), "idx");
  }

  private static void createFunction(Scanner s, SchemaChange change) {
    String name = Names.readLastPart(s);
    if (name == null) {
      return;
    }
    change.kind = SchemaChange.Kind.CREATE_FUNCTION;
    change.function = name;
    change.volatility = 'v';
    // the body is a string token: its words are not read
    for (; s.type() != Scanner.Type.END; s.next()) {
      if (s.depth() == 0) {
        change.volatility = s.isWord("immutable") ? 'i' : s.isWord("stable") ? 's'
            : s.isWord("volatile") ? 'v' : change.volatility;
      }
    }
  }

  /** {@code COPY table [(columns)] FROM …}; COPY … TO reads the table and changes nothing. */
  private static void copy(Scanner s, SchemaChange change) {
    s.next();
    String table = Names.readLastPart(s);
    if (table == null) {
      return;
    }
    if (s.isSymbol('(')) {
      s.skipToClose(s.depth());
    }
    if (s.isWord("from")) {
      setTable(change, SchemaChange.Kind.COPY, table);
    }
  }

  /** {@code UPDATE [ONLY] table [[AS] alias] SET a = …, (b, c) = … [FROM …] [WHERE …]}. */
  private static void update(Scanner s, SchemaChange change) {
    s.next();
    s.accept("only");
    String table = Names.readLastPart(s);
    if (table == null) {
      return;
    }
    setTable(change, SchemaChange.Kind.UPDATE, table);
    while (s.type() != Scanner.Type.END && !(s.depth() == 0 && s.isWord("set"))) {
      s.next();
    }
    s.next();
    boolean itemStart = true;
    for (; s.type() != Scanner.Type.END; s.next()) {
      if (s.depth() == 0 && (s.isWord("from") || s.isWord("where") || s.isWord("returning"))) {
        return;
      }
      if (itemStart && s.isSymbol('(')) {
        change.setColumns.addAll(TableElements.nameList(s));
        itemStart = s.isSymbol(',');
        continue;
      }
      if (itemStart && Names.stored(s) != null) {
        change.setColumns.add(Names.stored(s));
      }
      itemStart = s.depth() == 0 && s.isSymbol(',');
    }
  }

  /** {@code SELECT [schema.]fn(…)} or {@code SELECT … FROM [schema.]fn(…)}. */
  private static void call(Scanner s, SchemaChange change) {
    String function = CitusCalls.calledFunction(s);
    if (function == null) {
      return;
    }
    change.kind = SchemaChange.Kind.CALL;
    change.function = function;
    change.arguments.putAll(CallArguments.read(s));
  }

  private static void skipIfExists(Scanner s) {
    if (s.accept("if")) {
      s.accept("exists");
    }
  }

  /** {@code name [*] [, name [*]]…}, each as stored. */
  private static void nameList(Scanner s, SchemaChange change, SchemaChange.Kind kind) {
    for (String name = Names.readLastPart(s); name != null; name = Names.readLastPart(s)) {
      change.kind = kind;
      change.tables.add(name);
      if (!s.isSymbol(',')) {
        return;
      }
      s.next();
    }
  }

  private static void setTable(SchemaChange change, SchemaChange.Kind kind, String table) {
    if (table != null) {
      change.kind = kind;
      change.table = table;
    }
  }
}
