package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Statements Citus refuses as a whole but accepts piece by piece, split into one statement per
 * piece, run in one transaction:
 *
 * <ul>
 *   <li>an {@code ALTER TABLE} that combines {@code ADD CONSTRAINT} (or an added column Citus
 *       cannot add with others: serial, identity, a default that calls a function) with other
 *       actions ({@code cannot execute ADD CONSTRAINT command with other subcommands});
 *   <li>{@code ADD COLUMN} with an unnamed inline {@code CHECK}, {@code UNIQUE}, {@code PRIMARY KEY}
 *       or {@code REFERENCES} ({@code all constraints in Citus must have explicit names}): the
 *       column, then each constraint added under the name PostgreSQL would give it (a CHECK's is
 *       chosen when planned: it depends on the columns the expression reads and the names taken);
 *   <li>{@code DROP INDEX a, b} ({@code cannot drop multiple distributed objects in a single
 *       command}).
 * </ul>
 *
 * Each piece is handed to the rules after this one. On plain PostgreSQL and on tables Citus does
 * not know, the statement runs as written.
 */
final class SplitAlterRule implements Rule<SplitAlterRule.Split> {

  /**
   * @param sql the statement
   * @param table the altered table, or null for DROP INDEX
   * @param pieces the statements it becomes, in order
   * @param concurrently DROP INDEX CONCURRENTLY: the pieces cannot share a transaction
   */
  record Split(String sql, String table, List<String> pieces, boolean concurrently) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter", "drop");
  }

  @Override
  public Split match(StatementText statement) {
    return statement.firstWord.equals("drop") ? dropIndexes(statement) : alter(statement);
  }

  private static Split alter(StatementText statement) {
    AlterTable alter = AlterTable.read(statement);
    if (alter == null) {
      return null;
    }
    List<String> pieces = new ArrayList<>();
    boolean inlineConstraints = false;
    boolean ownStatement = false;
    for (AlterTable.Action action : alter.actions) {
      AddColumn column = action.addsColumn() ? AddColumn.read(action.text()) : null;
      List<String> named = column == null ? List.of() : namedConstraints(alter, column);
      if (named.isEmpty()) {
        pieces.add(alter.statement(action.text()));
      } else {
        inlineConstraints = true;
        pieces.add(alter.statement(column.addText(column.type, kept(column))));
        for (String constraint : named) {
          pieces.add(alter.statement(constraint));
        }
      }
      ownStatement |= action.addsConstraint() || column != null && ComputedColumnRule.needsOwnStatement(column);
    }
    boolean split = inlineConstraints || alter.actions.size() > 1 && ownStatement;
    return split ? new Split(statement.text, alter.table, List.copyOf(pieces), false) : null;
  }

  /** {@code DROP INDEX [CONCURRENTLY] [IF EXISTS] a, b [CASCADE | RESTRICT]}, two or more names. */
  private static Split dropIndexes(StatementText statement) {
    Scanner s = statement.scanner();
    s.next();
    if (!s.accept("index")) {
      return null;
    }
    boolean concurrently = s.accept("concurrently");
    boolean ifExists = false;
    if (s.isWord("if")) {
      s.next();
      ifExists = s.accept("exists");
    }
    List<String> names = new ArrayList<>();
    while (true) {
      String name = Names.readQualified(s);
      if (name == null) {
        return null;
      }
      names.add(name);
      if (!s.isSymbol(',')) {
        break;
      }
      s.next();
    }
    String behaviour = s.isWord("cascade") || s.isWord("restrict") ? " " + s.text().toUpperCase(Locale.ROOT) : "";
    if (names.size() < 2) {
      return null;
    }
    List<String> pieces = new ArrayList<>();
    for (String name : names) {
      pieces.add("DROP INDEX " + (concurrently ? "CONCURRENTLY " : "") + (ifExists ? "IF EXISTS " : "") + name
          + behaviour);
    }
    return new Split(statement.text, null, List.copyOf(pieces), concurrently);
  }

  @Override
  public Plan plan(Split split, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus() || split.table() != null && !facts.tableNow(split.table()).isCitusTable()) {
      return null;
    }
    List<Step> steps = new ArrayList<>();
    boolean deferring = false;
    for (String piece : split.table() == null ? split.pieces() : namedChecks(split, facts)) {
      List<Step> planned = split.concurrently() ? next.plan(piece) : next.planGenerated(piece);
      deferring |= !steps.isEmpty() && split.table() != null && !asWritten(planned, piece);
      if (deferring) {
        // a rule acts on this piece by what it read of the table, which the pieces before change
        // (the key it re-adds was dropped by the first): it and those after it are planned when reached
        steps.add(new Step.Invalidate(split.table()));
        steps.add(new Step.Deferred(piece));
      } else {
        steps.addAll(planned);
      }
    }
    String what = "ran as " + split.pieces().size() + " statements" + (split.concurrently() ? ""
        : " in one transaction") + ", because Citus refuses them in one statement: " + String.join("; ", split.pieces());
    if (split.concurrently()) {
      steps.add(new Step.Report(what));
      return Plan.of(steps);
    }
    return Plan.of(new Step.Together(steps), new Step.Report(what));
  }

  /** The piece runs as written, with at most reports beside it: what the table is does not change it. */
  private static boolean asWritten(List<Step> planned, String piece) {
    int runs = 0;
    for (Step step : planned) {
      if (step.equals(new Step.Run(piece))) {
        runs++;
      } else if (!(step instanceof Step.Report)) {
        return false;
      }
    }
    return runs == 1;
  }

  /**
   * The pieces with each unnamed CHECK named as PostgreSQL names it: after the columns it reads,
   * among the table's columns and those added before it, and unlike the names given before it.
   */
  private static List<String> namedChecks(Split split, Facts facts) throws SQLException {
    Set<String> columns = new HashSet<>(facts.columns(split.table()).columnTypes().keySet());
    Set<String> chosen = new HashSet<>();
    List<String> out = new ArrayList<>(split.pieces().size());
    for (String piece : split.pieces()) {
      AlterTable alter = AlterTable.read(new StatementText(piece));
      AddColumn added = alter != null && alter.actions.get(0).addsColumn() ? AddColumn.read(alter.actions.get(0).text())
          : null;
      if (added != null) {
        columns.add(added.storedColumn);
      }
      String named = alter == null ? null : CheckNames.named(alter, columns, facts, chosen);
      out.add(named == null ? piece : named);
    }
    return out;
  }

  /** The column constraints that stay in ADD COLUMN: not null, null, default, generated, collate, named ones. */
  private static List<AddColumn.Constraint> kept(AddColumn column) {
    List<AddColumn.Constraint> kept = new ArrayList<>();
    for (AddColumn.Constraint c : column.constraints) {
      if (c.named() || !isTableLike(c.kind())) {
        kept.add(c);
      }
    }
    return kept;
  }

  private static boolean isTableLike(String kind) {
    return kind.equals("check") || kind.equals("unique") || kind.equals("primary") || kind.equals("references");
  }

  /** Each unnamed CHECK, UNIQUE, PRIMARY KEY or REFERENCES as {@code ADD CONSTRAINT <name> …}. */
  private static List<String> namedConstraints(AlterTable alter, AddColumn column) {
    List<String> out = new ArrayList<>();
    String table = Names.lastPart(alter.table);
    String col = SqlText.quoteIdentifier(column.storedColumn);
    for (AddColumn.Constraint c : column.constraints) {
      if (c.named() || !isTableLike(c.kind())) {
        continue;
      }
      String text = c.text();
      String rest = text.substring(keywordEnd(text, c.kind().equals("primary") ? 2 : 1));
      switch (c.kind()) {
        case "check":
          // named when planned, as PostgreSQL names it: from the column its expression reads
          out.add("ADD " + text);
          break;
        case "unique":
          out.add("ADD CONSTRAINT " + Names.defaultName(table, column.storedColumn, "key") + " UNIQUE (" + col + ")" + rest);
          break;
        case "primary":
          out.add("ADD CONSTRAINT " + Names.defaultName(table, null, "pkey") + " PRIMARY KEY (" + col + ")" + rest);
          break;
        default:
          out.add("ADD CONSTRAINT " + Names.defaultName(table, column.storedColumn, "fkey") + " FOREIGN KEY (" + col + ") " + text);
          break;
      }
    }
    return out;
  }

  /** The offset just past the constraint's first {@code words} keywords. */
  private static int keywordEnd(String text, int words) {
    Scanner s = new Scanner(text);
    int end = 0;
    for (int i = 0; i < words && s.next() != Scanner.Type.END; i++) {
      end = s.end();
    }
    return end;
  }
}
