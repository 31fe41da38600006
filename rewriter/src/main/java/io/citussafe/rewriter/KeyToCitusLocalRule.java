package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ALTER TABLE t ADD [CONSTRAINT n] FOREIGN KEY … REFERENCES r … ON DELETE CASCADE} (or
 * another action but NO ACTION/RESTRICT) where {@code citussafe.newTables=reference} made {@code t}
 * a reference table and {@code r} is a Citus-local table (a table with a trigger, say). Citus keeps
 * no such key from a reference table, since it cannot cascade from the coordinator's copy to the
 * workers'; between two Citus-local tables it keeps every action. So {@code t} becomes a
 * Citus-local table first, in the same transaction ({@link PolicyCitusLocal}), as a pg_dump-style
 * first migration needs when its tables get triggers before their keys.
 */
final class KeyToCitusLocalRule implements Rule<KeyToCitusLocalRule.Key> {

  record Key(String sql, String table, String referenced) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter");
  }

  @Override
  public Key match(StatementText statement) {
    AlterTable alter = AlterTable.read(statement);
    if (alter == null || alter.actions.size() != 1 || !alter.actions.get(0).startsWith("add")) {
      return null;
    }
    String action = alter.actions.get(0).text();
    Scanner s = new Scanner(action);
    s.next();
    s.next();
    if (s.accept("constraint")) {
      s.next();
    }
    ForeignKeyDefinition key = s.isWord("foreign") ? ForeignKeyDefinition.parse(action.substring(s.start())) : null;
    if (key == null) {
      return null;
    }
    String tail = key.tail().toLowerCase(Locale.ROOT);
    boolean cascading = tail.contains("cascade") || tail.contains("set null") || tail.contains("set default");
    return cascading ? new Key(statement.text, alter.table, key.referenced()) : null;
  }

  @Override
  public Plan plan(Key key, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus() || facts.tableNow(key.referenced()).kind() != TableFacts.Kind.CITUS_LOCAL) {
      return null;
    }
    TableFacts table = facts.tableNow(key.table());
    if (!PolicyCitusLocal.madeByPolicy(facts, key.table(), table)) {
      return null;
    }
    return PolicyCitusLocal.plan(key.table(), facts, key.sql(),
        "Citus keeps no foreign key with a cascading action to the Citus-local table " + key.referenced(),
        "before adding the foreign key", "which Citus keeps no key with a cascading action from to the Citus-local "
            + "table " + key.referenced() + "; as a Citus-local table its rows stay on the coordinator, where the key "
            + "and its action work as in PostgreSQL");
  }
}
