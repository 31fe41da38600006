package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The contract of every rule in {@link Rules}, run over every configuration, as Caffeine's
 * {@code CacheSpec} runs one test body over every cache: {Citus, plain PostgreSQL} × {autocommit,
 * a migration's transaction} × the table {@code orders} being {distributed, reference, Citus-local,
 * local}. Each rule runs alone on statements it matches, as ORMs and migration tools write them,
 * and must plan or pass through; each plan keeps the invariants that follow from the design.
 * What each rule does in each cell is checked in as {@value #CONTRACT}, so that a change of
 * behaviour shows up in review; {@code -D}{@value #WRITE} rewrites it.
 */
final class RuleContractTest {

  static final String CONTRACT = "src/test/resources/rule-contract.md";
  static final String WRITE = "citussafe.writeContract";

  /** Defaults, except the one setting without which NewTables reads nothing. */
  private static final Options OPTIONS = new Options(Options.BulkUpdate.ATOMIC, 0, false,
      Options.NewTables.REFERENCE, 100_000, "tenant_id");

  private static final List<String> ORDERS = List.of("orders", "public.orders", "\"orders\"");

  /** Calls that exist only with the citus extension, Citus settings and Citus's catalog. */
  private static final Pattern CITUS_ONLY = Pattern.compile("(?i)\\b(?:(?:" + String.join("|", citusFunctions())
      + "|citus_\\w+|run_command_on_\\w+)\\s*\\(|citus\\.\\w+|pg_dist_\\w+)");
  private static final Pattern TRUNCATE = Pattern.compile("truncate_local_data_after_distributing_table\\('([^']*)'\\)");
  private static final Pattern DISTRIBUTE = Pattern.compile("(?i)\\bcreate_(?:distributed|reference)_table");

  record Cell(boolean citus, boolean transaction, TableFacts.Kind kind) {
    String label() {
      return (citus ? "Citus" : "PostgreSQL") + " · " + kindLabel(kind) + ", " + mode(transaction);
    }
  }

  /**
   * One statement a rule matches.
   *
   * @param given what differs from the cells' schema for this statement, or null
   */
  record Case(String rule, String sql, String given, Consumer<TestFacts> setup) {
  }

  private static final List<Case> CASES = new ArrayList<>();

  static {
    rule("TimeKeyword",
        "ALTER TABLE orders ADD COLUMN created_at timestamp DEFAULT CURRENT_TIMESTAMP",
        "ALTER TABLE public.orders ALTER COLUMN placed_on SET DEFAULT CURRENT_DATE",
        "ALTER TABLE \"orders\" ADD \"updated_at\" TIMESTAMP(6) WITHOUT TIME ZONE DEFAULT LOCALTIMESTAMP(6) NOT NULL",
        "UPDATE orders SET shipped_on = CURRENT_DATE, updated_at = CURRENT_TIMESTAMP WHERE id = ?",
        "DELETE FROM orders WHERE expires_on < CURRENT_DATE");
    for (String sql : List.of("UPDATE orders SET status = (SELECT max(status) FROM order_flags) WHERE id = ?",
        "DELETE FROM orders WHERE customer_id NOT IN (SELECT customer_id FROM order_flags)",
        "WITH picked AS (SELECT id FROM orders WHERE id = 3) UPDATE orders SET note = (SELECT max(note) FROM "
            + "order_flags) FROM picked WHERE orders.id = picked.id")) {
      given("CitusLocalSubquery", sql, "order_flags is a Citus-local table",
          facts -> facts.table("order_flags", TableFacts.Kind.CITUS_LOCAL, null, 8192));
    }
    for (String sql : List.of("ALTER TABLE orders ADD CONSTRAINT orders_flag_fkey FOREIGN KEY (id) REFERENCES "
            + "order_flags (id) ON DELETE CASCADE",
        "ALTER TABLE ONLY public.orders ADD FOREIGN KEY (customer_id) REFERENCES order_flags(id) ON DELETE SET NULL",
        "alter table orders add constraint fk_flag foreign key (id) references order_flags (id) on update cascade "
            + "deferrable initially deferred")) {
      given("KeyToCitusLocal", sql, "citussafe.newTables=reference made orders; order_flags is a Citus-local table",
          facts -> {
            facts.table("order_flags", TableFacts.Kind.CITUS_LOCAL, null, 8192);
            facts.rowTypeComments.put("orders", PolicyCitusLocal.MARK);
            facts.rowTypeComments.put("public.orders", PolicyCitusLocal.MARK);
          });
    }
    rule("CorrelatedExists",
        "DELETE FROM orders WHERE NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = orders.tenant_id)",
        "UPDATE orders o SET status = 'orphan' WHERE EXISTS (SELECT 1 FROM tenants t WHERE o.customer_id = t.id)",
        "delete from public.orders where not exists (select id from tenants as t where t.id = orders.tenant_id)");
    rule("DistributionDdl",
        "ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE (number)",
        "CREATE UNIQUE INDEX index_orders_on_number ON public.orders (number)",
        "CREATE TABLE order_notes (id bigserial PRIMARY KEY, tenant_id bigint NOT NULL, "
            + "order_id bigint REFERENCES orders (id), body text)",
        "ALTER TABLE \"orders\" ADD FOREIGN KEY (\"parent_id\") REFERENCES \"orders\" (\"id\")");
    rule("LocalForeignKey",
        "ALTER TABLE \"orders\" ADD CONSTRAINT \"fk_rails_0a3b\" FOREIGN KEY (\"tenant_id\") REFERENCES \"tenants\" (\"id\")",
        "CREATE TABLE invoices (id bigserial PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants (id), total numeric)",
        "CREATE TABLE order_notes (tenant_id bigint, order_id bigint, note text, "
            + "FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id))",
        "ALTER TABLE orders ADD COLUMN customer_id bigint REFERENCES customers (id)");
    rule("SplitAlter",
        "ALTER TABLE orders ADD COLUMN customer_id bigint, ADD CONSTRAINT fk_orders_customer "
            + "FOREIGN KEY (customer_id) REFERENCES customers (id)",
        "ALTER TABLE \"orders\" ADD COLUMN \"sku\" varchar(40) UNIQUE",
        "ALTER TABLE public.orders ADD COLUMN region_id integer REFERENCES regions (id)",
        "DROP INDEX IF EXISTS index_orders_on_status, index_orders_on_created_at");
    rule("RenameConstraint",
        "ALTER TABLE orders RENAME CONSTRAINT orders_pkey TO orders_pk",
        "ALTER TABLE orders RENAME CONSTRAINT orders_amount_check TO orders_amount_positive",
        "ALTER TABLE public.orders RENAME CONSTRAINT orders_customer_id_fkey TO fk_orders_customer");
    given("RenameConstraint", "ALTER TABLE orders RENAME CONSTRAINT orders_customer_id_fkey TO fk_orders_customer",
        "orders has about 500 rows", facts -> rows(facts, 500));
    rule("ComputedColumn",
        "ALTER TABLE orders ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()",
        "ALTER TABLE public.orders ADD public_id UUID DEFAULT gen_random_uuid() NOT NULL",
        "ALTER TABLE orders ADD COLUMN position bigserial",
        "alter table orders add column line_no integer generated by default as identity",
        "ALTER TABLE orders ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY");
    rule("CheckName",
        "ALTER TABLE orders ADD CHECK (amount >= 0)",
        "alter table public.orders add check (status in ('new', 'paid')) not valid",
        "ALTER TABLE \"orders\" ADD CHECK (\"amount\" > 0 AND status <> 'void')");
    rule("AddIdentity",
        "ALTER TABLE orders ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME orders_id_seq "
            + "START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1)",
        "ALTER TABLE public.orders ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY",
        "alter table \"orders\" alter \"id\" add generated always as identity");
    given("AddIdentity", "ALTER TABLE public.orders ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY",
        "citussafe.newTables=reference made orders a reference table; id is NOT NULL without a default", facts -> {
          madeByThePolicy(facts);
          for (String name : ORDERS) {
            facts.columnStates.put(name + ".id", new ColumnState("integer", true, false, false));
          }
        });
    rule("QuotedSequenceDefault",
        "ALTER TABLE orders ALTER COLUMN \"Position\" SET DEFAULT nextval('orders_position_seq')",
        "ALTER TABLE public.orders ALTER \"line no\" SET DEFAULT nextval('public.\"orders_line no_seq\"'::regclass)",
        "alter table \"orders\" alter column \"order\" set default nextval('order_seq')");
    rule("Sequence",
        "ALTER SEQUENCE orders_id_seq RESTART WITH 1000",
        "ALTER SEQUENCE IF EXISTS orders_id_seq RESTART",
        "alter sequence orders_id_seq increment by 50");
    rule("ColumnConversion",
        "ALTER TABLE orders ALTER COLUMN created_at TYPE timestamp",
        "ALTER TABLE \"orders\" ALTER COLUMN \"updated_at\" TYPE TIMESTAMP WITHOUT TIME ZONE",
        "ALTER TABLE orders ALTER COLUMN note TYPE varchar(200)",
        "ALTER TABLE orders ALTER COLUMN amount TYPE bigint USING round(amount * (1 + random() / 100))");
    given("ColumnConversion", "ALTER TABLE orders ALTER COLUMN placed_at TYPE timestamptz",
        "placed_at is a timestamp; the session's TimeZone is Europe/Berlin", facts -> {
          for (String name : ORDERS) {
            Map<String, String> types = new java.util.HashMap<>(facts.columns.get(name).columnTypes());
            types.put("placed_at", "timestamp without time zone");
            facts.columns.put(name, new ColumnFacts(facts.columns.get(name).rowKey(), types,
                facts.columns.get(name).columnDefaults(), 1, 1));
          }
          facts.settings.put("TimeZone", "Europe/Berlin");
        });
    rule("ColumnType",
        "ALTER TABLE \"orders\" ALTER COLUMN \"id\" TYPE bigint",
        "ALTER TABLE public.orders ALTER COLUMN id TYPE BIGINT USING (id::BIGINT)",
        "ALTER TABLE orders ALTER COLUMN id SET DATA TYPE bigint",
        "ALTER TABLE orders ALTER COLUMN amount TYPE numeric(12, 2)");
    rule("NewTables",
        "CREATE TABLE order_notes (id bigserial PRIMARY KEY, order_id bigint NOT NULL, note text)",
        "create table order_items (id bigint generated by default as identity, order_id bigint, primary key (id))",
        "CREATE TABLE orders_archive AS SELECT * FROM orders WHERE false",
        "CREATE TABLE events (at timestamptz NOT NULL, kind text) PARTITION BY RANGE (at)",
        "CREATE TABLE IF NOT EXISTS orders (tenant_id bigint, id bigint, PRIMARY KEY (tenant_id, id))");
    rule("ConversionComments",
        "ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)",
        "alter table public.orders add foreign key (customer_id) references public.customers",
        "ALTER TABLE customers ADD CONSTRAINT customers_last_order_fkey FOREIGN KEY (tenant_id, last_order_id) "
            + "REFERENCES orders (tenant_id, id)");
    given("ConversionComments", "ALTER TABLE customers ADD CONSTRAINT customers_last_order_fkey FOREIGN KEY "
        + "(tenant_id, last_order_id) REFERENCES orders (tenant_id, id)", "the local table customers has comments",
        facts -> facts.comments.put("customers", List.of("COMMENT ON COLUMN customers.name IS 'Name'")));
    rule("AttachPartition",
        "ALTER TABLE events ATTACH PARTITION orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
        "alter table public.events attach partition public.orders for values in ('eu')",
        "ALTER TABLE \"events\" ATTACH PARTITION \"orders\" DEFAULT");
    given("AttachPartition", "ALTER TABLE events ATTACH PARTITION orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
        "citussafe.newTables=reference made orders a reference table",
        RuleContractTest::madeByThePolicy);
    rule("CitusRefusalHint",
        "ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE (number)",
        "CREATE UNIQUE INDEX \"index_orders_on_number\" ON \"orders\" (\"number\")",
        "ALTER TABLE orders ADD CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id) "
            + "ON DELETE CASCADE",
        "ALTER TABLE \"orders\" ADD CONSTRAINT \"fk_rails_0a3b\" FOREIGN KEY (\"tenant_id\") REFERENCES \"tenants\" (\"id\")",
        "ALTER TABLE orders ALTER COLUMN tenant_id TYPE bigint",
        "ALTER TABLE orders ALTER COLUMN note SET STATISTICS 1000");
    rule("Trigger",
        "CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch_updated_at()",
        "CREATE OR REPLACE TRIGGER orders_audit AFTER INSERT OR UPDATE OR DELETE ON public.orders FOR EACH ROW "
            + "EXECUTE PROCEDURE audit_orders()",
        "create trigger trg_orders_version before update on orders for each row execute function bump_version()");
    given("Trigger", "CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch_updated_at()",
        "citussafe.newTables=reference made orders a reference table; customers references it",
        RuleContractTest::madeByThePolicy);
    rule("TriggerCommand",
        "DROP TRIGGER IF EXISTS orders_touch ON orders",
        "ALTER TABLE public.orders DISABLE TRIGGER USER",
        "ALTER TABLE \"orders\" ENABLE TRIGGER \"orders_audit\"");
    given("TriggerCommand", "DROP TRIGGER IF EXISTS orders_touch ON orders", "the trigger exists", facts -> {
      for (String name : ORDERS) {
        facts.triggers.put(name, List.of("orders_touch"));
      }
    });
    rule("ConcurrentIndex",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS index_orders_on_status ON orders (status)",
        "CREATE INDEX CONCURRENTLY index_orders_on_note_trgm ON orders USING gin (note gin_trgm_ops)",
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS orders_tenant_number_key ON public.orders (tenant_id, number)");
    given("ConcurrentIndex", "CREATE INDEX CONCURRENTLY IF NOT EXISTS index_orders_on_status ON orders (status)",
        "the index exists", facts -> {
          for (String name : ORDERS) {
            facts.relations.add(name + ".index_orders_on_status");
          }
        });
    given("ConcurrentIndex", "CREATE INDEX CONCURRENTLY index_orders_on_note_trgm ON orders USING gin (note gin_trgm_ops)",
        "pg_trgm is installed in the schema app", facts -> facts.operatorClasses.put("gin_trgm_ops", "app"));
    given("DistributionGraph", "SELECT create_distributed_table('orders', 'tenant_id')",
        "orders has the key (id) and references the table customers", RuleContractTest::tenantKeys);
    given("DistributionGraph", "SELECT create_distributed_table(table_name => 'public.orders', "
        + "distribution_column => 'tenant_id')", "orders has the key (id) and references the table customers",
        RuleContractTest::tenantKeys);
    given("DistributionGraph", "SELECT create_reference_table('customers')",
        "orders has the key (id) and references the table customers", RuleContractTest::tenantKeys);
    rule("Distribute",
        "SELECT create_distributed_table('orders', 'tenant_id')",
        "SELECT create_distributed_table(table_name => 'public.orders', distribution_column => 'tenant_id', "
            + "colocate_with => 'none')",
        "SELECT create_distributed_table_concurrently('orders', 'tenant_id')",
        "SELECT create_reference_table('orders')");
    given("Distribute", "SELECT create_distributed_table('orders', 'tenant_id')",
        "a plain local table invoices references orders", RuleContractTest::invoicesReferenceOrders);
    rule("CitusOnlyCall",
        "SELECT truncate_local_data_after_distributing_table('orders')",
        "SELECT * FROM run_command_on_workers($cmd$SELECT pg_reload_conf()$cmd$)",
        "SELECT undistribute_table('orders')",
        "SELECT alter_distributed_table('orders', shard_count := 64)",
        "SELECT citus_add_local_table_to_metadata('orders')");
    rule("StaleHeap",
        "ALTER TABLE orders ALTER COLUMN status SET NOT NULL",
        "CREATE UNIQUE INDEX orders_tenant_number_key ON orders (tenant_id, number)",
        "CREATE INDEX CONCURRENTLY index_orders_on_created_at ON public.orders USING btree (created_at)",
        "ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_check");
    given("StaleHeap", "ALTER TABLE orders ADD PRIMARY KEY (tenant_id, id)",
        "a plain local table invoices references orders", RuleContractTest::invoicesReferenceOrders);
    rule("LockLight",
        "ALTER TABLE orders ALTER COLUMN status SET NOT NULL",
        "ALTER TABLE orders ADD CONSTRAINT orders_amount_check CHECK (amount >= 0)",
        "ALTER TABLE \"orders\" ADD CONSTRAINT \"fk_rails_0a3b\" FOREIGN KEY (\"customer_id\") REFERENCES \"customers\" (\"id\")",
        "ALTER TABLE orders ADD CHECK (amount >= 0)");
    given("LockLight", "ALTER TABLE orders ALTER COLUMN status SET NOT NULL", "orders has about 500 rows",
        facts -> rows(facts, 500));
    rule("RejectedDml",
        "UPDATE orders SET public_id = gen_random_uuid() WHERE public_id IS NULL",
        "UPDATE orders SET updated_at = clock_timestamp(), status = ? WHERE tenant_id = ? AND id = ?",
        "INSERT INTO orders (tenant_id, id, status) VALUES (?, ?, ?) ON CONFLICT (tenant_id, id) "
            + "DO UPDATE SET status = EXCLUDED.status, updated_at = now()",
        "DELETE FROM orders WHERE created_at < now() - interval '30 days' AND random() < 0.1",
        "UPDATE orders SET tenant_id = nextval('tenant_ids')",
        "UPDATE orders SET note = note || clock_timestamp()",
        "UPDATE orders SET number = to_char(created_at, 'YYYYMMDD') WHERE status = 'new'",
        "UPDATE orders SET note = updated_at WHERE id = ?");
    rule("RecursiveInsert",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) INSERT INTO orders (tenant_id, "
            + "id) SELECT 1, i FROM n",
        "with recursive chain as (select id, customer_id from customers where parent_id is null union select c.id, "
            + "c.customer_id from customers c join chain on c.parent_id = chain.id) insert into public.orders "
            + "(tenant_id, id, customer_id) select 1, id, customer_id from chain on conflict (tenant_id, id) do nothing",
        "WITH RECURSIVE tree AS (SELECT id FROM customers WHERE id = 1 UNION SELECT c.id FROM customers c JOIN tree t "
            + "ON c.parent_id = t.id), totals AS (SELECT count(*) AS n FROM tree) INSERT INTO \"orders\" (tenant_id, "
            + "id, note) SELECT 1, id, n::text FROM tree, totals ON CONFLICT (tenant_id, id) DO UPDATE SET note = "
            + "EXCLUDED.note RETURNING id");
    rule("ConflictTarget",
        "INSERT INTO orders (tenant_id, id, status) VALUES (?, ?, ?) ON CONFLICT (id) "
            + "DO UPDATE SET status = EXCLUDED.status",
        "insert into orders (tenant_id, id, amount) values ($1, $2, $3) on conflict (id) do nothing",
        "INSERT INTO public.orders VALUES (1, 2) ON CONFLICT (id) DO NOTHING",
        "INSERT INTO orders (id, status) VALUES (?, ?) ON CONFLICT (id) DO NOTHING");
    rule("InsertSubquery",
        "INSERT INTO orders (tenant_id, id, customer_id, status) "
            + "VALUES ((SELECT id FROM tenants WHERE name = 'acme'), 1, 7, 'new')",
        "INSERT INTO public.orders (tenant_id, id, status) VALUES (1, (SELECT max(id) + 1 FROM orders), DEFAULT)",
        "INSERT INTO orders (tenant_id, id, created_at) VALUES ((SELECT min(id) FROM tenants), 2, '2024-01-01'), "
            + "(1, 3, '2024-01-02')",
        "INSERT INTO orders VALUES ((SELECT min(id) FROM tenants), 4), (1, 5)");
  }

  private static void rule(String rule, String... sqls) {
    for (String sql : sqls) {
      CASES.add(new Case(rule, sql, null, facts -> { }));
    }
  }

  private static void given(String rule, String sql, String given, Consumer<TestFacts> setup) {
    CASES.add(new Case(rule, sql, given, setup));
  }

  private static void rows(TestFacts facts, long rows) {
    for (String name : ORDERS) {
      facts.rows.put(name, rows);
    }
  }

  private static void madeByThePolicy(TestFacts facts) {
    for (String name : ORDERS) {
      facts.rowTypeComments.put(name, PolicyCitusLocal.MARK);
      facts.links.put(name, List.of(new ForeignKeyLink("customers", "customers_last_order_fkey",
          "FOREIGN KEY (tenant_id, last_order_id) REFERENCES orders(tenant_id, id)", false, TableFacts.Kind.CITUS_LOCAL)));
    }
  }

  /** orders holds tenant_id, with a key without it and a foreign key to customers, which does not hold it. */
  private static void tenantKeys(TestFacts facts) {
    String key = "FOREIGN KEY (customer_id) REFERENCES customers(id)";
    for (String name : ORDERS) {
      facts.keys.put(name, new TableKeys("orders", Map.of("tenant_id", "bigint", "id", "integer", "customer_id",
          "bigint"), List.of(new TableKeys.UniqueKey("orders_pkey", 'p', List.of("id"), "PRIMARY KEY (id)"))));
    }
    facts.keys.put("customers", new TableKeys("customers", Map.of("id", "bigint"),
        List.of(new TableKeys.UniqueKey("customers_pkey", 'p', List.of("id"), "PRIMARY KEY (id)"))));
    facts.links.put("orders", List.of(new ForeignKeyLink("orders", "orders_customer_id_fkey", key, true,
        TableFacts.Kind.LOCAL)));
    facts.links.put("customers", List.of(new ForeignKeyLink("orders", "orders_customer_id_fkey", key, false,
        TableFacts.Kind.LOCAL)));
  }

  private static void invoicesReferenceOrders(TestFacts facts) {
    for (String name : ORDERS) {
      facts.references.put(name, List.of(new ForeignKeyFacts("invoices", "invoices_order_fkey",
          "FOREIGN KEY (tenant_id, order_id) REFERENCES orders(tenant_id, id)")));
    }
  }

  /**
   * The schema of every cell: orders of the cell's kind, with a coordinator heap (stale rows once
   * it is distributed or a reference table, else its data) and about 5,000,000 rows; customers a
   * local table; tenants distributed but not co-located with orders.
   */
  private static TestFacts facts(Cell cell, Case c) {
    TestFacts facts = new TestFacts();
    facts.citus = cell.citus();
    facts.inTransaction = cell.transaction();
    ColumnFacts columns = new ColumnFacts(List.of("tenant_id", "id"),
        Map.of("tenant_id", "bigint", "id", "integer", "status", "text", "amount", "numeric", "customer_id", "bigint",
            "created_at", "timestamp with time zone", "updated_at", "timestamp with time zone", "public_id", "uuid",
            "number", "text", "note", "text"),
        Map.of("id", "nextval('orders_id_seq'::regclass)", "status", "'new'::text"),
        cell.kind() == TableFacts.Kind.DISTRIBUTED ? 32 : 1, cell.kind() == TableFacts.Kind.REFERENCE ? 3 : 1);
    for (String name : ORDERS) {
      facts.table(name, cell.kind(), cell.kind() == TableFacts.Kind.DISTRIBUTED ? "tenant_id" : null, 8192);
      facts.columns.put(name, columns);
      facts.constraints.put(name + ".orders_pkey",
          new ConstraintFacts("orders_pkey", 'p', "PRIMARY KEY (tenant_id, id)", "orders_pkey", true));
      facts.constraints.put(name + ".orders_amount_check",
          new ConstraintFacts("orders_amount_check", 'c', "CHECK ((amount >= (0)::numeric))", null, true));
      facts.constraints.put(name + ".orders_customer_id_fkey", new ConstraintFacts("orders_customer_id_fkey", 'f',
          "FOREIGN KEY (customer_id) REFERENCES customers(id)", null, true));
    }
    rows(facts, 5_000_000);
    if (cell.kind() != TableFacts.Kind.LOCAL) {
      // Citus propagates the sequence of a Citus table's default to the workers
      facts.distributedObjects.add("orders_id_seq");
    }
    for (String name : List.of("customers", "\"customers\"")) {
      facts.table(name, TableFacts.Kind.LOCAL, null, 8192);
    }
    for (String name : List.of("tenants", "\"tenants\"")) {
      facts.tables.put(name, new TableFacts(name, TableFacts.Kind.DISTRIBUTED, "id", 2, List.of(), 1000));
    }
    c.setup().accept(facts);
    return facts;
  }

  static List<Cell> cells() {
    List<Cell> cells = new ArrayList<>();
    for (boolean citus : new boolean[] {true, false}) {
      for (TableFacts.Kind kind : KINDS) {
        for (boolean transaction : new boolean[] {false, true}) {
          cells.add(new Cell(citus, transaction, kind));
        }
      }
    }
    return cells;
  }

  private static final List<TableFacts.Kind> KINDS = List.of(TableFacts.Kind.DISTRIBUTED, TableFacts.Kind.REFERENCE,
      TableFacts.Kind.CITUS_LOCAL, TableFacts.Kind.LOCAL);

  @Test
  void everyRule_hasSeveralCasesItMatches() {
    Rules rules = new Rules(OPTIONS);
    Set<String> ruleNames = new LinkedHashSet<>(rules.names());
    for (int i = 0; i < rules.size(); i++) {
      Rule<?> rule = rules.get(i);
      Analyzer alone = new Analyzer(new Rules(List.of(rule)));
      List<Case> cases = casesOf(Rules.name(rule));
      assertThat(cases).as("cases of %s", Rules.name(rule)).hasSizeGreaterThanOrEqualTo(3);
      for (Case c : cases) {
        assertThat(alone.analyze(c.sql()).needsPlan()).as("%s matches %s", Rules.name(rule), c.sql()).isTrue();
      }
    }
    assertThat(CASES).allSatisfy(c -> assertThat(ruleNames).contains(c.rule()));
  }

  @Test
  void everyCell_planOrPassThroughAndKeepTheInvariants() throws SQLException {
    List<String> broken = new ArrayList<>();
    run(broken);
    assertThat(broken).as("invariants broken").isEmpty();
  }

  @Test
  void contract_matchesTheCheckedInTable() throws SQLException, IOException {
    String table = markdown(run(new ArrayList<>()));
    Path file = Path.of(System.getProperty("basedir", "."), CONTRACT);
    if (Boolean.getBoolean(WRITE)) {
      Files.writeString(file, table, StandardCharsets.UTF_8);
      return;
    }
    List<String> checkedIn = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    List<String> generated = table.lines().toList();
    if (!generated.equals(checkedIn)) {
      List<String> gone = new ArrayList<>(checkedIn);
      gone.removeAll(generated);
      List<String> added = new ArrayList<>(generated);
      added.removeAll(checkedIn);
      fail("what the rules do differs from %s:%n- %s%n+ %s%nIf the change is intended, regenerate it with "
          + "mvn -B -ntp -pl rewriter verify -Dtest=RuleContractTest -Dsurefire.failIfNoSpecifiedTests=false -D%s=true "
          + "and commit it with the change", CONTRACT, String.join("\n- ", gone), String.join("\n+ ", added), WRITE);
    }
  }

  /** What each rule does in each cell, by case; invariants it breaks are added to {@code broken}. */
  private static Map<Case, Map<Cell, String>> run(List<String> broken) throws SQLException {
    Rules rules = new Rules(OPTIONS);
    Rewriter everyRule = Rewriter.create(0, OPTIONS);
    Map<Case, Map<Cell, String>> outcomes = new LinkedHashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule<?> rule = rules.get(i);
      // the rule alone: the rules after it leave the statements it generates as written
      Rules alone = new Rules(List.of(rule));
      Analyzer analyzer = new Analyzer(alone);
      Planner planner = new Planner(alone, analyzer);
      for (Case c : casesOf(Rules.name(rule))) {
        Map<Cell, String> byCell = new LinkedHashMap<>();
        for (Cell cell : cells()) {
          String where = Rules.name(rule) + " · " + cell.label() + " · " + c.sql();
          Plan plan = planner.plan(analyzer.analyze(c.sql()), c.sql(), facts(cell, c));
          noDefect(plan, where, rule, c, cell);
          keepsInvariants(plan, c.sql(), facts(cell, c), cell, where, broken);
          Plan chained = everyRule.plan(c.sql(), facts(cell, c));
          noDefect(chained, where + " (every rule)", rule, c, cell);
          keepsInvariants(chained, c.sql(), facts(cell, c), cell, where + " (every rule)", broken);
          byCell.put(cell, outcome(plan, c.sql()));
        }
        outcomes.put(c, byCell);
      }
    }
    return outcomes;
  }

  /**
   * The planner runs a statement as written when a rule throws, so that a defect does not stop a
   * migration; here that is a failure, with the rule's own exception.
   */
  private static void noDefect(Plan plan, String where, Rule<?> rule, Case c, Cell cell) throws SQLException {
    for (String report : plan.reports()) {
      if (report.startsWith(Planner.DEFECT_REPORT)) {
        try {
          Match.of(0, rule, new StatementText(c.sql())).plan(facts(cell, c), TestFacts.AS_WRITTEN);
        } catch (RuntimeException e) {
          throw new AssertionError(where + ": a rule threw: " + report, e);
        }
        throw new AssertionError(where + ": " + report);
      }
    }
  }

  private static void keepsInvariants(Plan plan, String sql, TestFacts facts, Cell cell, String where,
      List<String> broken) {
    List<String> sent = new ArrayList<>();
    collect(plan.steps(), sent);
    if (!cell.citus()) {
      // On plain PostgreSQL Citus calls are answered without running them, and nothing else uses Citus
      for (String text : sent) {
        if (CITUS_ONLY.matcher(text).find()) {
          broken.add(where + ": sends Citus-only SQL to plain PostgreSQL: " + text);
        }
      }
    }
    if (cell.transaction() && has(plan.steps(), Step.Stepwise.class)) {
      broken.add(where + ": steps that commit on their own inside the user's transaction");
    }
    if (has(plan.steps(), Step.Fail.class) && !sent.isEmpty()) {
      broken.add(where + ": refuses the statement but runs " + sent);
    }
    // a rule removes only stale rows of distributed and reference tables: a local or Citus-local heap is the data
    for (int i = 0; i < sent.size(); i++) {
      Matcher truncate = TRUNCATE.matcher(sent.get(i));
      if (!sent.get(i).equals(sql) && truncate.find() && !facts.tableNow(truncate.group(1)).isSharded()
          && !distributedBefore(sent.subList(0, i), truncate.group(1))) {
        broken.add(where + ": empties the coordinator heap of " + truncate.group(1) + ", which holds its data");
      }
    }
    if (!plan.isAsWritten(sql) && !says(plan.steps())) {
      broken.add(where + ": runs something else than the statement without a warning: " + plan.describe());
    }
  }

  private static boolean distributedBefore(List<String> sent, String table) {
    for (String text : sent) {
      if (DISTRIBUTE.matcher(text).find() && text.contains("'" + table + "'")) {
        return true;
      }
    }
    return false;
  }

  /** Every text the plan sends to the server, in order. */
  private static void collect(List<Step> steps, List<String> out) {
    for (Step step : steps) {
      if (step instanceof Step.User user) {
        out.add(user.sql());
      } else if (step instanceof Step.Run run) {
        out.add(run.sql());
      } else if (step instanceof Step.Answer answer) {
        out.add(answer.query());
      } else if (step instanceof Step.Dml dml) {
        out.add(dml.plan().sql());
      } else if (step instanceof Step.Deferred deferred) {
        out.add(deferred.sql());
      } else if (step instanceof Step.Together together) {
        collect(together.steps(), out);
      } else if (step instanceof Step.Stepwise stepwise) {
        collect(stepwise.steps(), out);
        out.add(stepwise.undo());
      }
    }
  }

  private static boolean has(List<Step> steps, Class<? extends Step> type) {
    for (Step step : steps) {
      if (type.isInstance(step) || step instanceof Step.Together together && has(together.steps(), type)) {
        return true;
      }
    }
    return false;
  }

  /** A report, a hint, a refusal, or DML the driver reports itself (with what Citus rejects). */
  private static boolean says(List<Step> steps) {
    for (Step step : steps) {
      boolean says = step instanceof Step.Report || step instanceof Step.Fail || step instanceof Step.Dml
          || step instanceof Step.User user && user.hint() != null || step instanceof Step.Run run && run.hint() != null
          || step instanceof Step.Together together && says(together.steps());
      if (says) {
        return true;
      }
    }
    return false;
  }

  /** What a plan does, in the words of the table's legend. */
  static String outcome(Plan plan, String sql) {
    List<Step> steps = plan.steps();
    if (plan.rule() == null) {
      return "pass through";
    }
    for (Step step : steps) {
      if (step instanceof Step.Fail fail) {
        return "refuse " + fail.sqlState().code();
      }
    }
    if (has(steps, Step.Stepwise.class)) {
      return "steps committed one by one";
    }
    if (plan.answerText() != null) {
      return "answer instead";
    }
    if (steps.get(0) instanceof Step.Dml dml && plan.userText() != null) {
      return dml.plan().action() == DmlPlan.Action.AS_WRITTEN ? "as written" : "rewrite";
    }
    if (plan.inPlace()) {
      Step.User user = (Step.User) steps.stream().filter(Step.User.class::isInstance).findFirst().orElseThrow();
      if (!user.sql().equals(sql)) {
        return "rewrite";
      }
      return user.hint() != null ? "as written + hint" : plan.reports().isEmpty() ? "as written" : "as written + note";
    }
    boolean together = false;
    boolean outside = false;
    for (Step step : steps) {
      together |= step instanceof Step.Together;
      outside |= step instanceof Step.Run || step instanceof Step.User || step instanceof Step.Dml;
    }
    return together && !outside ? "steps in one transaction" : "steps";
  }

  private static final Map<String, String> LEGEND = legend();

  private static Map<String, String> legend() {
    Map<String, String> legend = new LinkedHashMap<>();
    legend.put("pass through", "the rule leaves the statement to the rules after it (alone: it runs as written)");
    legend.put("as written", "runs unchanged; the rule drops cached facts of the tables it may change");
    legend.put("as written + note", "runs unchanged, with a warning that says why and what to do");
    legend.put("as written + hint", "runs unchanged; if Citus refuses it, the error gains a hint with the fix");
    legend.put("rewrite", "runs in another form that Citus accepts, as one statement");
    legend.put("answer instead", "not sent; answered as Citus would answer it, with a warning");
    legend.put("steps in one transaction", "runs as several statements that commit together");
    legend.put("steps", "statements of the rule's own run before or after it");
    legend.put("steps committed one by one", "runs as steps that each commit on their own, so writes go on");
    legend.put("refuse", "raises an error with this SQLSTATE before anything runs, with the fix");
    return legend;
  }

  private static String markdown(Map<Case, Map<Cell, String>> outcomes) {
    StringBuilder out = new StringBuilder();
    out.append("# What each rule does, cell by cell\n\n")
        .append("Generated by `RuleContractTest` (rewriter tests) and compared with what the rules do on every build: "
            + "do not edit it by hand. After a change of a rule's behaviour, regenerate it with\n\n")
        .append("```\nmvn -B -ntp -pl rewriter verify -Dtest=RuleContractTest -Dsurefire.failIfNoSpecifiedTests=false -D")
        .append(WRITE).append("=true\n```\n\n")
        .append("and review the difference with the change. Each rule of `Rules` runs alone (the statements it "
            + "generates are left as written) on the statements below, in ").append(cells().size())
        .append(" cells: Citus or plain PostgreSQL × autocommit or a migration's transaction × the table `orders` "
            + "being a distributed (on `tenant_id`), reference, Citus-local or local table. `orders` has a "
            + "coordinator heap of 8192 bytes (stale rows once it is distributed or a reference table, else its "
            + "data), about 5,000,000 rows, the key (tenant_id, id) and `id` drawing from `orders_id_seq`; "
            + "`customers` is a local table, `tenants` a distributed table not co-located with `orders`. On plain "
            + "PostgreSQL each is a plain table, as the driver reads it there: the column says what `orders` is on "
            + "Citus. Settings: the defaults, and `citussafe.newTables=reference` (without it NewTables reads "
            + "nothing).\n\n");
    out.append("| words | what happens |\n|---|---|\n");
    LEGEND.forEach((words, meaning) -> out.append("| ").append(words).append(" | ").append(meaning).append(" |\n"));
    out.append("\nIn every cell the test also checks what follows from the design: no rule throws (the planner "
        + "would run the statement as written with a report); on plain PostgreSQL nothing sent calls a Citus "
        + "function, sets a `citus.` setting or reads `pg_dist_*`; in a transaction no steps commit on their own; "
        + "a refusal runs nothing; a rule empties the coordinator heap only of a distributed or reference table, "
        + "or of one it has just distributed; a statement that runs in another form comes with a warning or a "
        + "hint. It checks the same with every rule in `Rules` planning together.\n");
    out.append("\n## Summary\n\nEvery outcome of the rule's statements in the cell.\n\n");
    header(out, "rule");
    for (String rule : new Rules(OPTIONS).names()) {
      for (boolean transaction : new boolean[] {false, true}) {
        out.append("| ").append(transaction ? "" : "**" + rule + "**").append(" | ").append(mode(transaction));
        for (Cell cell : cells()) {
          if (cell.transaction() != transaction) {
            continue;
          }
          Set<String> seen = new TreeSet<>(Comparator.comparingInt(RuleContractTest::rank)
              .thenComparing(Comparator.naturalOrder()));
          for (Case c : casesOf(rule)) {
            seen.add(outcomes.get(c).get(cell));
          }
          out.append(" | ").append(String.join("; ", seen));
        }
        out.append(" |\n");
      }
    }
    out.append("\n## By statement\n");
    for (String rule : new Rules(OPTIONS).names()) {
      out.append("\n### ").append(rule).append("\n\n");
      header(out, "statement");
      for (Case c : casesOf(rule)) {
        for (boolean transaction : new boolean[] {false, true}) {
          String statement = "`" + c.sql().replace("|", "\\|") + "`" + (c.given() == null ? "" : " — " + c.given());
          out.append("| ").append(transaction ? "" : statement).append(" | ").append(mode(transaction));
          for (Cell cell : cells()) {
            if (cell.transaction() == transaction) {
              out.append(" | ").append(outcomes.get(c).get(cell));
            }
          }
          out.append(" |\n");
        }
      }
    }
    return out.toString();
  }

  private static void header(StringBuilder out, String first) {
    out.append("| ").append(first).append(" | in");
    StringBuilder rule = new StringBuilder("|---|---");
    for (Cell cell : cells()) {
      if (!cell.transaction()) {
        out.append(" | ").append(cell.citus() ? "Citus" : "PostgreSQL").append(" · ").append(kindLabel(cell.kind()));
        rule.append("|---");
      }
    }
    out.append(" |\n").append(rule).append("|\n");
  }

  /** The outcome's place in the legend, for a stable order. */
  private static int rank(String outcome) {
    int rank = new ArrayList<>(LEGEND.keySet()).indexOf(outcome.startsWith("refuse ") ? "refuse" : outcome);
    assertThat(rank).as("%s is in the legend", outcome).isNotNegative();
    return rank;
  }

  private static List<Case> casesOf(String rule) {
    return CASES.stream().filter(c -> c.rule().equals(rule)).toList();
  }

  private static String kindLabel(TableFacts.Kind kind) {
    return switch (kind) {
      case DISTRIBUTED -> "distributed";
      case REFERENCE -> "reference";
      case CITUS_LOCAL -> "Citus-local";
      default -> "local";
    };
  }

  private static String mode(boolean transaction) {
    return transaction ? "transaction" : "autocommit";
  }

  private static List<String> citusFunctions() {
    List<String> names = new ArrayList<>(DistributeRule.FUNCTIONS);
    names.addAll(CitusOnlyCallRule.FUNCTIONS);
    return names;
  }
}
