package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code ALTER TABLE t ALTER [COLUMN] c ADD GENERATED … AS IDENTITY [(options)]} on a Citus table,
 * which Citus refuses ({@code alter table command is currently unsupported}). pg_dump writes every
 * identity column this way, right after its {@code CREATE TABLE}, so a history that starts from a
 * dump meets it on each table the newTables policy has just made a reference table.
 *
 * <ul>
 *   <li>{@code BY DEFAULT} on a table the policy made a reference table becomes what the policy
 *       makes of such a column in a {@code CREATE TABLE} ({@link NewTablesRule}): a sequence with the
 *       statement's options and name, created first, and the column's default {@code nextval} of it.
 *       PostgreSQL's own checks come first, with its messages: the column must be NOT NULL, not an
 *       identity column yet, without a default, of an integer type;
 *   <li>otherwise (a table the user made a Citus table, or {@code ALWAYS}) Citus's error says what to
 *       do, with the user's names: make the table local, run the statement, make it a Citus table again.
 * </ul>
 */
final class AddIdentityRule implements Rule<AddIdentityRule.AddIdentity> {

  private static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint");

  /**
   * @param column the column as stored
   * @param sequence {@code SEQUENCE NAME} as written, or null
   * @param options the other sequence options as written, or {@code ""}
   * @param typed the options hold {@code AS type}
   * @param plain {@code BY DEFAULT} and no option a new sequence cannot take ({@code RESTART})
   */
  record AddIdentity(String sql, String table, String column, String sequence, String options, boolean typed,
      boolean plain) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter");
  }

  @Override
  public AddIdentity match(StatementText statement) {
    AlterTable alter = AlterTable.read(statement);
    if (alter == null || alter.actions.size() != 1 || !alter.actions.get(0).startsWith("alter")) {
      return null;
    }
    Scanner s = new Scanner(alter.actions.get(0).text());
    s.next();
    s.next();
    s.accept("column");
    String column = Names.stored(s);
    s.next();
    if (column == null || !s.accept("add") || !s.accept("generated")) {
      return null;
    }
    boolean byDefault = s.accept("by") && s.accept("default");
    if (!byDefault && !s.accept("always") || !s.accept("as") || !s.accept("identity")) {
      return null;
    }
    String sequence = null;
    StringBuilder options = new StringBuilder();
    boolean plain = byDefault;
    boolean typed = false;
    if (s.isSymbol('(')) {
      int depth = s.depth();
      for (s.next(); s.type() != Scanner.Type.END && !(s.isSymbol(')') && s.depth() == depth); ) {
        if (s.isWord("sequence")) {
          s.next();
          s.accept("name");
          int start = s.start();
          if (Names.readQualified(s) == null) {
            return null;
          }
          sequence = s.sql().substring(start, s.start()).strip();
          continue;
        }
        plain &= !s.isWord("restart") && !s.isWord("owned");
        typed |= s.depth() == depth + 1 && s.isWord("as");
        options.append(options.length() == 0 ? "" : " ").append(s.text());
        s.next();
      }
      s.next();
    }
    return s.type() == Scanner.Type.END
        ? new AddIdentity(statement.text, alter.table, column, sequence, options.toString(), typed, plain) : null;
  }

  @Override
  public Plan plan(AddIdentity add, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus()) {
      return null;
    }
    TableFacts table = facts.tableNow(add.table());
    if (!table.isCitusTable()) {
      return null;
    }
    ColumnState column = facts.column(add.table(), add.column());
    boolean policy = PolicyCitusLocal.madeByPolicy(facts, add.table(), table);
    String chosen = Names.objectName(Names.lastPart(add.table()), add.column(), "seq");
    // PostgreSQL would choose another name than the one taken; that choice is not repeated here
    boolean named = add.sequence() != null || !facts.relationBeside(add.table(), chosen);
    if (column == null || !policy || !add.plain() || !named || !INTEGER_TYPES.contains(column.type())) {
      return Plan.of(CitusRefusalHintRule.withHint(next.plan(add.sql()), add.sql(), hint(add, table)
          + " Statement: " + add.sql()));
    }
    String refusal = postgresRefusal(add, column);
    if (refusal != null) {
      return Plan.of(new Step.Fail(refusal, SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE));
    }
    // PostgreSQL puts an unqualified identity sequence in the table's schema
    String sequence = add.sequence() == null ? Names.qualifier(add.table()) + Names.quoted(chosen)
        : Names.qualifier(add.sequence()).isEmpty() ? Names.qualifier(add.table()) + add.sequence() : add.sequence();
    List<Step> steps = new ArrayList<>();
    steps.add(new Step.Run("CREATE SEQUENCE " + sequence + (add.typed() ? "" : " AS " + column.type())
        + (add.options().isEmpty() ? "" : " " + add.options())));
    steps.addAll(next.planGenerated("ALTER TABLE " + add.table() + " ALTER COLUMN " + Names.quoted(add.column())
        + " SET DEFAULT nextval(" + SqlText.quoteLiteral(sequence) + ")"));
    return Plan.of(new Step.Together(steps), new Step.Invalidate(add.table()), new Step.Report("gave column "
        + Names.quoted(add.column()) + " of " + add.table() + " the default nextval(" + SqlText.quoteLiteral(sequence)
        + ") of a new sequence " + sequence + " with the statement's options, instead of an identity, in one "
        + "transaction: citussafe.newTables=reference made " + add.table() + " a reference table, where Citus "
        + "refuses to add an identity, and it gives a column created as an identity the same default ("
        + NewTablesRule.IDENTITY_DEFAULT + ")"));
  }

  /** The error PostgreSQL's ALTER … ADD IDENTITY gives first for this column, or null (tablecmds.c). */
  private static String postgresRefusal(AddIdentity add, ColumnState column) {
    String what = "column \"" + add.column() + "\" of relation \"" + Names.lastPart(add.table()) + "\"";
    if (!column.notNull()) {
      return what + " must be declared NOT NULL before identity can be added";
    }
    if (column.identity()) {
      return what + " is already an identity column";
    }
    return column.hasDefault() ? what + " already has a default value" : null;
  }

  private static String hint(AddIdentity add, TableFacts table) {
    String t = add.table();
    String literal = SqlText.quoteLiteral(t);
    String back = table.isReference() ? "SELECT create_reference_table(" + literal + ")"
        : table.isDistributed() ? "SELECT create_distributed_table(" + literal + ", "
            + SqlText.quoteLiteral(table.distributionColumn()) + ", colocate_with => '<a table it was co-located with, "
            + "or none>')"
        : "SELECT citus_add_local_table_to_metadata(" + literal + ") (Citus 13 fails there when the identity column's "
            + "name needs quotes: column \"" + add.column().toLowerCase(java.util.Locale.ROOT) + "\" does not exist)";
    return "Citus does not add an identity to a column of a Citus table. Make " + t + " local, run the statement, "
        + "and make it a Citus table again, in one transaction (its foreign keys dropped before and added back "
        + "after, as undistribute_table requires): SELECT undistribute_table(" + literal + "); this statement; "
        + back + ". Or give the column a sequence default instead: CREATE SEQUENCE <name> AS <the column's type> "
        + "<the statement's options>; ALTER TABLE " + t + " ALTER COLUMN " + Names.quoted(add.column())
        + " SET DEFAULT nextval('<name>').";
  }
}
