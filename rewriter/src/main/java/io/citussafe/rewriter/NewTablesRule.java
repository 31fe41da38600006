package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The policy for tables a migration creates, {@code citussafe.newTables}. With
 * {@code reference}, on Citus, a table made by {@code CREATE TABLE} (also {@code … AS} and
 * {@code … LIKE}) becomes a reference table right after its creation, in the same transaction,
 * before the next statement: real histories add foreign keys from existing reference tables to
 * new tables, which Citus refuses while the new table is local. Temporary tables, partitions,
 * and the history tables of Flyway and Liquibase stay as created; a partitioned table stays local
 * (Citus cannot make one a reference table) and the warning says so. The table's row type gets
 * the comment {@link PolicyCitusLocal#MARK}, so that a trigger created on it later turns it into a
 * Citus-local table (see {@link TriggerRule}). With {@code local} (the default) nothing changes.
 */
final class NewTablesRule implements Rule<NewTablesRule.Created> {

  /**
   * @param populated {@code CREATE TABLE … AS}: the rows copied into the shards stay in the
   *     coordinator's heap and are removed after
   */
  record Created(String sql, String table, boolean ifNotExists, boolean populated, boolean partitioned) {
  }

  /** Why the policy gives an identity column a sequence default instead, and what differs. */
  static final String IDENTITY_DEFAULT = "because Citus cannot later change the type of an identity column, drop a "
      + "foreign key of its table, or handle one with a quoted upper-case name; the sequences are not OWNED BY the "
      + "columns (dropping the table leaves them)";

  private static final String[] INTEGER_TYPES = {"int", "integer", "int4", "bigint", "int8", "smallint", "int2"};

  private final boolean reference;

  NewTablesRule(Options options) {
    this.reference = options.newTables() == Options.NewTables.REFERENCE;
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("create");
  }

  @Override
  public Created match(StatementText statement) {
    if (!reference || SessionFlags.mentionsMigrationTool(statement.text)) {
      return null;
    }
    Scanner s = statement.scanner();
    s.next();
    s.accept("unlogged");
    if (!s.accept("table")) {
      return null;
    }
    boolean ifNotExists = Names.acceptIfNotExists(s);
    String table = Names.readQualified(s);
    if (table == null) {
      return null;
    }
    boolean populated = false;
    boolean partitioned = false;
    boolean previousPartition = false;
    for (; s.type() != Scanner.Type.END; s.next()) {
      if (s.depth() > 0) {
        continue;
      }
      if (previousPartition && s.isWord("of")) {
        return null;
      }
      partitioned |= previousPartition && s.isWord("by");
      populated |= s.isWord("as") && !partitioned;
      previousPartition = s.isWord("partition");
    }
    return new Created(statement.text, table, ifNotExists, populated, partitioned);
  }

  @Override
  public Plan plan(Created created, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus() || created.ifNotExists() && facts.tableNow(created.table()).exists()) {
      return null;
    }
    String table = created.table();
    if (created.partitioned()) {
      return Plan.of(new Step.User(created.sql(), null), new Step.Report(table + " stays a local table although "
          + "citussafe.newTables=reference: Citus cannot make a partitioned table a reference table; distribute it "
          + "with create_distributed_table if it needs to be on the workers"));
    }
    List<String> statements = sequencesInsteadOfIdentity(created.sql(), table);
    String sql = TimeKeywords.functionForms(statements.get(statements.size() - 1));
    List<Step> together = new ArrayList<>();
    for (String sequence : statements.subList(0, statements.size() - 1)) {
      together.add(new Step.Run(sequence));
    }
    together.add(new Step.User(sql, null));
    together.add(new Step.Run("SELECT create_reference_table(" + SqlText.quoteLiteral(table) + ")"));
    // restart-safe and out of the user's way (their COMMENT ON TABLE stays theirs): a later trigger on the
    // table makes it Citus-local only when the policy, not the user, chose a reference table
    together.add(new Step.Run("COMMENT ON TYPE " + table + " IS " + SqlText.quoteLiteral(PolicyCitusLocal.MARK)));
    if (created.populated()) {
      together.add(StaleRows.truncate(table));
    }
    // the local tables it references become Citus-local with it, and Citus drops their comments
    List<String> converted = new ArrayList<>();
    for (String referenced : ConversionCommentsRule.referencedTables(created.sql())) {
      if (facts.tableNow(referenced).kind() == TableFacts.Kind.LOCAL) {
        converted.add(referenced);
      }
    }
    List<String> comments = converted.isEmpty() ? List.of() : ConversionCommentsRule.componentComments(converted, facts);
    comments.forEach(comment -> together.add(new Step.Run(comment)));
    List<Step> steps = new ArrayList<>(List.of(new Step.Together(together), new Step.Invalidate(table)));
    converted.forEach(t -> steps.add(new Step.Invalidate(t)));
    steps.add(new Step.Report("made " + table
        + " a reference table right after creating it (citussafe.newTables=reference), in the same transaction"
        + (statements.size() == 1 ? "" : "; its GENERATED BY DEFAULT AS IDENTITY columns got a sequence default "
            + "instead, " + IDENTITY_DEFAULT)
        + (TimeKeywords.present(created.sql()) ? "; " + TimeKeywords.why(table) : "")
        + (comments.isEmpty() ? "" : "; set the comments of " + String.join(", ", converted) + " again: Citus makes "
            + "the local tables it references Citus-local, which drops them")));
    return Plan.of(steps);
  }

  /**
   * The CREATE TABLE with each {@code <integer type> GENERATED BY DEFAULT AS IDENTITY} column
   * (without sequence options) given a sequence default instead, and the statements that create
   * those sequences first (named as PostgreSQL names identity sequences): the same values and
   * defaults, but a plain sequence default, which Citus can handle where it cannot handle an
   * identity column (a type change, dropping a foreign key of a Citus-local table, quoted
   * upper-case names). The sequences are not OWNED BY the columns, for the same reason. GENERATED
   * ALWAYS stays: a default does not refuse explicit values.
   *
   * @return the CREATE TABLE, preceded by one CREATE SEQUENCE per column it changed
   */
  static List<String> sequencesInsteadOfIdentity(String sql, String table) {
    Scanner s = new Scanner(sql);
    StringBuilder out = null;
    List<String> sequences = new ArrayList<>();
    int cursor = 0;
    int typeEnd = -1;
    String type = null;
    String column = null;
    boolean columnStart = false;
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (s.depth() == 0 && s.isSymbol('(') || s.depth() == 1 && s.isSymbol(',')) {
        columnStart = true;
        typeEnd = -1;
        continue;
      }
      if (columnStart && s.depth() == 1) {
        column = Names.stored(s);
        columnStart = false;
      } else if (s.depth() == 1 && Keywords.isAnyWord(s, INTEGER_TYPES)) {
        typeEnd = s.end();
        type = s.isWord("bigint") || s.isWord("int8") ? "bigint"
            : s.isWord("smallint") || s.isWord("int2") ? "smallint" : "integer";
      } else if (s.depth() == 1 && s.isWord("generated") && typeEnd >= 0 && column != null) {
        int generatedStart = s.start();
        s.next();
        if (!s.accept("by") || !s.accept("default") || !s.accept("as") || !s.isWord("identity")) {
          continue;
        }
        int identityEnd = s.end();
        Scanner ahead = new Scanner(sql, identityEnd, sql.length());
        ahead.next();
        if (ahead.isSymbol('(')) {
          continue;
        }
        String sequence = Names.qualifier(table) + Names.defaultName(Names.lastPart(table), column, "seq");
        sequences.add("CREATE SEQUENCE " + sequence + (type.equals("bigint") ? "" : " AS " + type));
        out = out == null ? new StringBuilder(sql.length()) : out;
        out.append(sql, cursor, typeEnd).append(sql.substring(typeEnd, generatedStart).stripTrailing())
            .append(" NOT NULL DEFAULT nextval(").append(SqlText.quoteLiteral(sequence)).append(")");
        cursor = identityEnd;
        typeEnd = -1;
      }
    }
    sequences.add(out == null ? sql : out.append(sql, cursor, sql.length()).toString());
    return sequences;
  }
}
