package io.citussafe.tests.differential;

import io.citussafe.tests.differential.Model.Column;
import io.citussafe.tests.differential.Model.Kind;
import io.citussafe.tests.differential.Model.Table;
import io.citussafe.tests.differential.Model.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The tables a migration starts from: two or three of the kinds Citus has, with a few rows each,
 * some with quoted mixed-case or non-ASCII names. On Citus the harness distributes them before
 * the rows go in; on plain PostgreSQL they stay ordinary tables.
 */
final class SetupGenerator {

  private static final String[] NAMES = {"orders", "Order Items", "größe", "customers", "audit_log"};
  private static final int ROWS = 8;

  private final Random random;
  private final Model model;

  SetupGenerator(Random random, Model model) {
    this.random = random;
    this.model = model;
  }

  List<Step> tables() {
    List<Step> creates = new ArrayList<>();
    List<Step> distribution = new ArrayList<>();
    List<Step> rows = new ArrayList<>();
    int count = 2 + random.nextInt(2);
    List<String> names = new ArrayList<>(List.of(NAMES));
    for (int i = 0; i < count; i++) {
      Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
      String name = kind == Kind.PARTITIONED ? model.fresh("events") : names.remove(random.nextInt(names.size()));
      Table table = new Table(name, kind, kind == Kind.PARTITIONED || random.nextInt(4) > 0);
      model.tables.add(table);
      creates.addAll(create(table));
      String call = citusCall(table);
      if (call != null) {
        distribution.add(Step.citusSetup("SELECT " + call));
      }
      rows.add(Step.setup(insertRows(table)));
    }
    List<Step> all = new ArrayList<>(creates);
    all.addAll(distribution);
    all.addAll(rows);
    return all;
  }

  private List<Step> create(Table table) {
    boolean mixedCase = !table.name.matches("[a-z_0-9]+");
    table.columns.add(new Column("id", Type.BIGINT, true));
    table.columns.add(new Column("tenant_id", Type.INT, false));
    table.columns.add(new Column(mixedCase ? "Name" : "name", Type.TEXT, false));
    table.columns.add(new Column(mixedCase ? "Betrag" : "amount", Type.NUMERIC, false));
    table.columns.add(new Column("status", Type.VARCHAR, false));
    table.columns.add(new Column("created_at", Type.TIMESTAMPTZ, false));
    table.columns.add(new Column("flag", Type.BOOLEAN, false));
    table.columns.add(new Column("due", Type.DATE, table.kind == Kind.PARTITIONED));
    StringBuilder sql = new StringBuilder("CREATE TABLE @s.").append(table.sql()).append(" (");
    for (Column c : table.columns) {
      sql.append(c.sql()).append(' ').append(c.type.sql)
          .append(c.protectedColumn ? " NOT NULL" : "").append(", ");
    }
    if (table.hasKey) {
      String key = table.kind == Kind.PARTITIONED ? "id, due" : "id";
      sql.append("PRIMARY KEY (").append(key).append(")");
    } else {
      sql.setLength(sql.length() - 2);
    }
    sql.append(")");
    if (table.kind != Kind.PARTITIONED) {
      return List.of(Step.setup(sql.toString()));
    }
    sql.append(" PARTITION BY RANGE (due)");
    return List.of(Step.setup(sql.toString()), Step.setup("CREATE TABLE @s." + table.name
        + "_2024 PARTITION OF @s." + table.name + " FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"));
  }

  /** The Citus call that gives the table its kind, or null for a local table. */
  private static String citusCall(Table table) {
    String name = Model.literal("@s." + table.sql());
    return switch (table.kind) {
      case LOCAL -> null;
      case REFERENCE -> "create_reference_table(" + name + ")";
      case DISTRIBUTED, PARTITIONED -> "create_distributed_table(" + name + ", 'id')";
      case DISTRIBUTED_APART -> "create_distributed_table(" + name + ", 'id', colocate_with => 'none')";
      case CITUS_LOCAL -> "citus_add_local_table_to_metadata(" + name + ")";
    };
  }

  private static String insertRows(Table table) {
    StringBuilder sql = new StringBuilder("INSERT INTO @s.").append(table.sql()).append(" VALUES ");
    for (int i = 1; i <= ROWS; i++) {
      sql.append(i > 1 ? ", " : "").append('(').append(i)
          .append(", ").append(i == ROWS ? "NULL" : String.valueOf(i % 3))
          .append(", ").append(i == 5 ? "NULL" : "'name " + i + "'")
          .append(", ").append(i * 10.5)
          .append(", ").append(i % 2 == 0 ? "'paid'" : "'new'")
          .append(", '2024-03-0").append(i).append(" 23:30:00+00'")
          .append(", ").append(i % 2 == 0)
          .append(", '2024-0").append(i).append("-15')");
    }
    table.nextId = ROWS + 1;
    return sql.toString();
  }
}
