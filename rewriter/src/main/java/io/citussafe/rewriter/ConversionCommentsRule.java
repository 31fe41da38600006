package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A foreign key between a plain local table and a reference or Citus-local table, which makes Citus
 * turn the local table into a Citus-local one. Citus moves the table's data to a shard and creates
 * a new table in its place without the comments on the table and its columns (verified on Citus
 * 13.2.2: {@code col_description} is NULL afterwards). Citus converts every plain local table joined
 * to it by foreign keys along with it, and drops theirs too. The comments are read before and set
 * again right after, in the same transaction, so the catalog is the one PostgreSQL leaves.
 */
final class ConversionCommentsRule implements Rule<ConversionCommentsRule.Key> {

  /** {@code table} gets a foreign key to {@code referenced}. */
  record Key(String sql, String table, String referenced) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter");
  }

  @Override
  public Key match(StatementText statement) {
    AlterTable alter = AlterTable.read(statement);
    if (alter == null) {
      return null;
    }
    for (AlterTable.Action action : alter.actions) {
      if (!action.startsWith("add")) {
        continue;
      }
      Scanner s = new Scanner(action.text());
      for (s.next(); s.type() != Scanner.Type.END; s.next()) {
        if (s.isWord("references")) {
          s.next();
          String referenced = Names.readQualified(s);
          return referenced == null ? null : new Key(statement.text, alter.table, referenced);
        }
      }
    }
    return null;
  }

  @Override
  public Plan plan(Key key, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus()) {
      return null;
    }
    TableFacts.Kind table = facts.tableNow(key.table()).kind();
    TableFacts.Kind referenced = facts.tableNow(key.referenced()).kind();
    String converted = table == TableFacts.Kind.LOCAL && keptOnCoordinatorOrEverywhere(referenced) ? key.table()
        : referenced == TableFacts.Kind.LOCAL && keptOnCoordinatorOrEverywhere(table) ? key.referenced() : null;
    List<String> comments = converted == null ? List.of() : componentComments(List.of(converted), facts);
    if (comments.isEmpty()) {
      return null;
    }
    List<Step> steps = new ArrayList<>(next.plan(key.sql()));
    for (Step step : steps) {
      if (step instanceof Step.Stepwise) {
        // steps that commit one by one: the comments follow them
        return plan(steps, comments, converted, false);
      }
    }
    return plan(steps, comments, converted, true);
  }

  /**
   * The comment statements of the plain local tables Citus converts along with {@code tables}: they
   * and every plain local table joined to them by foreign keys, in either direction.
   */
  static List<String> componentComments(List<String> tables, Facts facts) throws SQLException {
    List<String> comments = new ArrayList<>();
    Set<String> seen = new HashSet<>(tables);
    ArrayDeque<String> next = new ArrayDeque<>(tables);
    while (!next.isEmpty()) {
      String table = next.poll();
      comments.addAll(facts.commentStatements(table));
      for (ForeignKeyLink link : facts.foreignKeyLinks(table)) {
        List<String> other = link.outgoing() ? referencedTables(link.definition()) : List.of(link.table());
        if (link.other() == TableFacts.Kind.LOCAL && !other.isEmpty() && seen.add(other.get(0))) {
          next.add(other.get(0));
        }
      }
    }
    return comments;
  }

  /** The tables named after REFERENCES in a statement or a foreign key's definition, in order. */
  static List<String> referencedTables(String sql) {
    List<String> tables = new ArrayList<>();
    Scanner s = new Scanner(sql);
    for (s.next(); s.type() != Scanner.Type.END; s.next()) {
      if (s.isWord("references")) {
        s.next();
        String table = Names.readQualified(s);
        if (table != null) {
          tables.add(table);
        }
      }
    }
    return tables;
  }

  private static boolean keptOnCoordinatorOrEverywhere(TableFacts.Kind kind) {
    return kind == TableFacts.Kind.REFERENCE || kind == TableFacts.Kind.CITUS_LOCAL;
  }

  private static Plan plan(List<Step> steps, List<String> comments, String converted, boolean together) {
    List<Step> all = new ArrayList<>(steps);
    for (String comment : comments) {
      all.add(new Step.Run(comment));
    }
    Step.Report report = new Step.Report("set the comments of " + converted + " again after the foreign key: Citus "
        + "turns it into a Citus-local table, which drops them");
    List<Step> out = new ArrayList<>();
    if (together) {
      out.add(new Step.Together(all));
    } else {
      out.addAll(all);
    }
    out.add(new Step.Invalidate(converted));
    out.add(report);
    return Plan.of(out);
  }
}
