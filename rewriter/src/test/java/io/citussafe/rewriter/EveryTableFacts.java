package io.citussafe.rewriter;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Facts for texts whose tables nobody set up: every table named exists, of one kind, keyed by
 * {@code (tenant_id, id)}, distributed by {@code tenant_id} when distributed, with a stale
 * coordinator heap and a million rows, so every rule that reads a table finds work to do. The
 * property tests and the corpus classification plan arbitrary texts with it.
 */
final class EveryTableFacts implements Facts {

  private final boolean citus;
  private final boolean inTransaction;
  private final TableFacts.Kind kind;

  EveryTableFacts(boolean citus, boolean inTransaction, TableFacts.Kind kind) {
    this.citus = citus;
    this.inTransaction = inTransaction;
    this.kind = citus ? kind : TableFacts.Kind.LOCAL;
  }

  @Override
  public boolean isCitus() {
    return citus;
  }

  @Override
  public boolean inTransaction() {
    return inTransaction;
  }

  @Override
  public TableFacts table(String name) {
    return new TableFacts(name, kind, kind == TableFacts.Kind.DISTRIBUTED ? "tenant_id" : null,
        kind == TableFacts.Kind.DISTRIBUTED ? 1 : 0, List.of(new TableFacts.Heap(name, 8192)), 1_000_000);
  }

  @Override
  public TableFacts tableNow(String name) {
    return table(name);
  }

  @Override
  public ColumnFacts columns(String name) {
    return new ColumnFacts(List.of("tenant_id", "id"),
        Map.of("tenant_id", "bigint", "id", "bigint", "status", "text", "updated_at", "timestamp with time zone"),
        Map.of("id", "nextval('" + name + "_id_seq'::regclass)"), kind == TableFacts.Kind.DISTRIBUTED ? 32 : 1,
        kind == TableFacts.Kind.REFERENCE ? 3 : 1);
  }

  @Override
  public Map<String, Volatility> volatility(Set<String> functionNames) {
    // unknown functions count as volatile, as TestFacts answers them
    return Map.of("now", Volatility.STABLE, "lower", Volatility.IMMUTABLE, "upper", Volatility.IMMUTABLE,
        "coalesce", Volatility.IMMUTABLE);
  }

  @Override
  public long estimatedRows(String table) {
    return 1_000_000;
  }

  @Override
  public boolean hasRows(String table) {
    return true;
  }

  @Override
  public ConstraintFacts constraint(String table, String name) {
    return null;
  }

  @Override
  public boolean constraintNameTaken(String table, String name) {
    return false;
  }

  @Override
  public boolean isDistributedObject(String name) {
    return citus && kind != TableFacts.Kind.LOCAL;
  }

  @Override
  public List<ForeignKeyFacts> localReferences(String table) {
    return List.of();
  }
}
