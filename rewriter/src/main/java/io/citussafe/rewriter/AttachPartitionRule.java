package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/**
 * {@code ALTER TABLE parent ATTACH PARTITION p …} where {@code p} is a reference table that
 * {@code citussafe.newTables=reference} made (its row type carries {@link PolicyCitusLocal#MARK}): a
 * table created to become a partition ({@code CREATE TABLE p (LIKE parent)}) was made a reference
 * table at once, and Citus refuses a Citus table as a partition of a local partitioned table
 * ({@code non-citus partitioned tables cannot have citus table partitions}) and a reference table
 * as a partition of a distributed one. The partition follows its parent instead: it is turned back
 * into a local table ({@code undistribute_table}) in the same transaction, then attached, and
 * Citus makes it what its parent is (a distributed parent's partition is distributed co-located
 * with it). A reference table the user made is left to Citus's error.
 */
final class AttachPartitionRule implements Rule<AttachPartitionRule.Attach> {

  record Attach(String sql, String parent, String partition) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter");
  }

  @Override
  public Attach match(StatementText statement) {
    AlterTable alter = AlterTable.read(statement);
    if (alter == null || alter.actions.size() != 1 || !alter.actions.get(0).startsWith("attach", "partition")) {
      return null;
    }
    Scanner s = new Scanner(alter.actions.get(0).text());
    s.next();
    s.next();
    s.next();
    String partition = Names.readQualified(s);
    return partition == null ? null : new Attach(statement.text, alter.table, partition);
  }

  @Override
  public Plan plan(Attach attach, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus() || !PolicyCitusLocal.madeByPolicy(facts, attach.partition(), facts.tableNow(attach.partition()))
        || facts.tableNow(attach.parent()).isReference()) {
      return null;
    }
    String partition = attach.partition();
    return Plan.of(new Step.Together(List.of(
        new Step.Run("SELECT undistribute_table(" + SqlText.quoteLiteral(partition) + ")"),
        new Step.User(attach.sql(), null))), new Step.Invalidate(null), new Step.Report("turned " + partition
        + " back into a local table before attaching it to " + attach.parent() + ", in the same transaction: "
        + "citussafe.newTables=reference had made it a reference table, and a partition follows its parent"));
  }
}
