package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A foreign key from a plain local table to a distributed table, which Citus accepts but does not
 * enforce: inserts into the local table are checked, a DELETE of the referenced row runs on the
 * shards, which do not know the local table, and leaves the local row pointing at nothing. Such a
 * statement ({@code CREATE TABLE … REFERENCES}, {@code ALTER TABLE … ADD [CONSTRAINT … ] FOREIGN
 * KEY}, {@code ADD COLUMN … REFERENCES}) is refused before anything runs, with the two ways out.
 * A key to a reference table is left to Citus, which makes the local table a Citus-local table.
 */
final class LocalForeignKeyRule implements Rule<LocalForeignKeyRule.Keys> {

  /**
   * @param columns the referencing columns as stored (for a column's REFERENCES, that column)
   * @param referenced the referenced table in regclass syntax
   * @param referencedColumns as stored; empty for the referenced table's primary key
   */
  record Reference(List<String> columns, String referenced, List<String> referencedColumns) {
  }

  /** @param creates a CREATE TABLE (the table is new, hence local) */
  record Keys(String sql, String table, boolean creates, boolean ifNotExists, List<Reference> references) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter", "create");
  }

  @Override
  public Keys match(StatementText statement) {
    if (statement.firstWord.equals("create")) {
      return created(statement);
    }
    AlterTable alter = AlterTable.read(statement);
    if (alter == null) {
      return null;
    }
    List<Reference> references = new ArrayList<>();
    for (AlterTable.Action action : alter.actions) {
      if (action.startsWith("add")) {
        Scanner s = new Scanner(action.text());
        s.next();
        s.next();
        readElement(s, 0, action.addsConstraint(), references);
      }
    }
    return references.isEmpty() ? null : new Keys(statement.text, alter.table, false, false, references);
  }

  /** {@code CREATE [UNLOGGED] TABLE [IF NOT EXISTS] t (…)}: the keys of its columns and constraints. */
  private static Keys created(StatementText statement) {
    Scanner s = statement.scanner();
    s.next();
    s.accept("unlogged");
    if (!s.accept("table")) {
      return null;
    }
    boolean ifNotExists = Names.acceptIfNotExists(s);
    String table = Names.readQualified(s);
    if (table == null || !s.isSymbol('(')) {
      return null;
    }
    List<Reference> references = new ArrayList<>();
    s.next();
    while (s.type() != Scanner.Type.END && s.depth() > 0) {
      readElement(s, 1, s.isWord("constraint") || s.isWord("foreign"), references);
    }
    return references.isEmpty() ? null : new Keys(statement.text, table, true, ifNotExists, references);
  }

  /**
   * Reads one column or table constraint starting at the scanner (at {@code depth}) up to the
   * {@code ,} or {@code )} that ends it, and adds its foreign key, if any, to {@code out}.
   */
  private static void readElement(Scanner s, int depth, boolean constraint, List<Reference> out) {
    List<String> columns = List.of();
    if (constraint) {
      if (s.accept("constraint")) {
        s.next();
      }
      if (s.accept("foreign") && s.accept("key")) {
        columns = CitusRefusalHintRule.columnList(s);
      }
    } else {
      s.accept("column");
      Names.acceptIfNotExists(s);
      String column = Names.stored(s);
      columns = column == null ? List.of() : List.of(column);
      s.next();
    }
    while (s.type() != Scanner.Type.END && s.depth() >= depth) {
      if (s.depth() == depth && s.isSymbol(',')) {
        s.next();
        return;
      }
      if (s.depth() == depth && s.isWord("references") && !columns.isEmpty()) {
        s.next();
        String referenced = Names.readQualified(s);
        if (referenced != null) {
          out.add(new Reference(columns, referenced, CitusRefusalHintRule.columnList(s)));
        }
        continue;
      }
      s.next();
    }
  }

  @Override
  public Plan plan(Keys keys, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus()) {
      return null;
    }
    if (keys.creates() ? keys.ifNotExists() && facts.tableNow(keys.table()).exists()
        : facts.tableNow(keys.table()).kind() != TableFacts.Kind.LOCAL) {
      return null;
    }
    for (Reference reference : keys.references()) {
      TableFacts parent = facts.tableNow(reference.referenced());
      if (parent.isDistributed()) {
        return Plan.of(new Step.Fail(refusal(keys, reference, parent, facts), SqlState.FEATURE_NOT_SUPPORTED));
      }
    }
    return null;
  }

  private static String refusal(Keys keys, Reference reference, TableFacts parent, Facts facts) throws SQLException {
    String child = keys.table();
    String p = reference.referenced();
    String column = childColumn(reference, parent, facts);
    String distribute = "SELECT create_distributed_table(" + SqlText.quoteLiteral(child) + ", "
        + (column == null ? "'<its column holding " + p + "." + parent.distributionColumn() + ">'"
            : SqlText.quoteLiteral(column)) + ", colocate_with => " + SqlText.quoteLiteral(p) + ")";
    return "citussafe refused this statement: Citus would accept the foreign key from the local table " + child
        + " to the distributed table " + p + " but not enforce it. Inserts into " + child + " are checked, but a "
        + "DELETE from " + p + " runs on its shards, which do not know " + child + ", and leaves rows of " + child
        + " pointing at nothing. Either distribute " + child + " co-located with " + p + " ("
        + (keys.creates() ? "create it without the key, then " : "") + distribute + ") and then add the key"
        + (column == null ? ", which must include the distribution column " + parent.distributionColumn() + " of " + p
            : "")
        + "; or leave the key out and check the reference in the application. Statement: " + keys.sql();
  }

  /** The referencing column that holds the parent's distribution column, or null when the key has none. */
  private static String childColumn(Reference reference, TableFacts parent, Facts facts) throws SQLException {
    List<String> referenced = reference.referencedColumns().isEmpty()
        ? facts.columns(reference.referenced()).rowKey() : reference.referencedColumns();
    int at = referenced.indexOf(parent.distributionColumn());
    return at < 0 || at >= reference.columns().size() ? null : reference.columns().get(at);
  }
}
