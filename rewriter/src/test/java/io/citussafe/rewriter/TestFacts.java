package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fixed answers for rule tests, so rules run without a database. Tables not set up are missing;
 * functions not set up are volatile. Records which facts were asked, so a test can see that a
 * rule read a table afresh.
 *
 * <p>With {@link #citus} false the answers are those the driver reads from plain PostgreSQL: every
 * table a plain table, nothing a distributed object, whatever kind was set up. So one schema set
 * up for Citus also serves a plain-PostgreSQL case by flipping {@link #citus}.
 */
final class TestFacts implements Facts {

  /** Later rules that leave every statement as written. */
  static final Rule.Next AS_WRITTEN = new Rule.Next() {
    @Override
    public List<Step> plan(String sql) {
      return List.of(new Step.User(sql, null));
    }

    @Override
    public List<Step> planGenerated(String sql) {
      return List.of(new Step.Run(sql));
    }
  };

  boolean citus = true;
  boolean inTransaction;
  final Map<String, TableFacts> tables = new HashMap<>();
  final Map<String, ColumnFacts> columns = new HashMap<>();
  final Map<String, Volatility> functions = new HashMap<>(Map.of(
      "now", Volatility.STABLE, "to_char", Volatility.STABLE, "upper", Volatility.IMMUTABLE,
      "lower", Volatility.IMMUTABLE, "md5", Volatility.IMMUTABLE, "abs", Volatility.IMMUTABLE,
      "transaction_timestamp", Volatility.STABLE, "statement_timestamp", Volatility.STABLE, "format", Volatility.STABLE));
  final Map<String, List<ForeignKeyFacts>> references = new HashMap<>();
  final Map<String, ConstraintFacts> constraints = new HashMap<>();
  /** Constraint names {@link #constraintNameTaken} finds in the schema. */
  final Set<String> takenConstraintNames = new java.util.HashSet<>();
  final Map<String, Long> rows = new HashMap<>();
  /** Tables {@link #hasRows} says are empty; every other table has rows. */
  final java.util.Set<String> emptyTables = new java.util.HashSet<>();
  final java.util.Set<String> distributedObjects = new java.util.HashSet<>();
  final List<String> asked = new ArrayList<>();
  final Map<String, List<ForeignKeyLink>> links = new HashMap<>();
  /** Columns and unique keys by table name as written. */
  final Map<String, TableKeys> keys = new HashMap<>();
  /** Row type comments by table: the newTables policy's mark. */
  final Map<String, String> rowTypeComments = new HashMap<>();
  /** {@code table.column}: the column as the catalog holds it. */
  final Map<String, ColumnState> columnStates = new HashMap<>();
  final Map<String, List<String>> comments = new HashMap<>();
  final Map<String, FunctionFacts> triggerFunctions = new HashMap<>();
  /** {@code table.relation}: a relation beside the table. */
  final Set<String> relations = new java.util.HashSet<>();
  /** Operator class name to the schema the search_path finds it in. */
  final Map<String, String> operatorClasses = new HashMap<>();

  /** The session's settings: a UTC session with PostgreSQL's default styles. */
  final Map<String, String> settings = new HashMap<>(Map.of("TimeZone", "UTC", "DateStyle", "ISO, MDY",
      "IntervalStyle", "postgres"));
  /** The triggers of each table; a table not set up has none. */
  final Map<String, List<String>> triggers = new HashMap<>();
  /** The enabled user triggers of each table with their switches; a table not set up has none. */
  final Map<String, TriggerSwitches> enabledTriggers = new HashMap<>();

  static TestFacts plainPostgres() {
    TestFacts facts = new TestFacts();
    facts.citus = false;
    return facts;
  }

  /** The same schema on plain PostgreSQL, where the driver reads every table as a plain table. */
  TestFacts onPlainPostgres() {
    citus = false;
    return this;
  }

  TestFacts table(String name, TableFacts.Kind kind, String distributionColumn, long... heapBytes) {
    List<TableFacts.Heap> heaps = new ArrayList<>();
    for (int i = 0; i < heapBytes.length; i++) {
      if (heapBytes[i] > 0) {
        heaps.add(new TableFacts.Heap(i == 0 ? name : name + "_p" + i, heapBytes[i]));
      }
    }
    tables.put(name, new TableFacts(name, kind, distributionColumn, kind == TableFacts.Kind.DISTRIBUTED ? 1 : 0,
        heaps, 1000));
    return this;
  }

  TestFacts keyed(String name, List<String> key, Map<String, String> types, int placements) {
    columns.put(name, new ColumnFacts(key, types, Map.of(), 4, placements));
    return this;
  }

  /** The table's column defaults, as {@code pg_get_expr} prints them. */
  TestFacts defaults(String name, Map<String, String> defaults) {
    columns.put(name, new ColumnFacts(List.of(), Map.of(), defaults, 1, 1));
    return this;
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
    asked.add("table " + name);
    return asTheServerSeesIt(tables.getOrDefault(name, TableFacts.missing(name)));
  }

  @Override
  public TableFacts tableNow(String name) {
    asked.add("tableNow " + name);
    return asTheServerSeesIt(tables.getOrDefault(name, TableFacts.missing(name)));
  }

  /** On plain PostgreSQL the driver's catalog query knows no Citus kinds: a table is a plain table. */
  private TableFacts asTheServerSeesIt(TableFacts table) {
    return citus || !table.exists() ? table
        : new TableFacts(table.name(), TableFacts.Kind.LOCAL, null, 0, table.heaps(), table.estimatedRows());
  }

  @Override
  public ColumnFacts columns(String name) {
    asked.add("columns " + name);
    return columns.getOrDefault(name, new ColumnFacts(List.of(), Map.of(), Map.of(), 1, 1));
  }

  @Override
  public Map<String, Volatility> volatility(Set<String> functionNames) {
    Map<String, Volatility> out = new HashMap<>();
    for (String name : functionNames) {
      if (functions.containsKey(name)) {
        out.put(name, functions.get(name));
      }
    }
    return out;
  }

  @Override
  public long estimatedRows(String table) {
    asked.add("estimatedRows " + table);
    return rows.getOrDefault(table, 1000L);
  }

  @Override
  public boolean hasRows(String table) {
    asked.add("hasRows " + table);
    return !emptyTables.contains(table);
  }

  @Override
  public ConstraintFacts constraint(String table, String name) {
    return constraints.get(table + "." + name);
  }

  @Override
  public boolean constraintNameTaken(String table, String name) {
    asked.add("constraintNameTaken " + name);
    return takenConstraintNames.contains(name);
  }

  @Override
  public boolean isDistributedObject(String name) {
    // as the driver answers: pg_dist_object exists only with Citus
    return citus && distributedObjects.contains(name);
  }

  @Override
  public List<ForeignKeyFacts> localReferences(String table) {
    return references.getOrDefault(table, List.of());
  }

  @Override
  public List<ForeignKeyLink> foreignKeyLinks(String table) {
    return links.getOrDefault(table, List.of());
  }

  @Override
  public TableKeys keys(String table) {
    asked.add("keys " + table);
    return keys.get(table);
  }

  @Override
  public ColumnState column(String table, String column) {
    return columnStates.get(table + "." + column);
  }

  @Override
  public String rowTypeComment(String table) {
    return rowTypeComments.get(table);
  }

  @Override
  public TriggerSwitches enabledTriggers(String table) {
    asked.add("enabledTriggers " + table);
    return enabledTriggers.getOrDefault(table, TriggerSwitches.NONE);
  }

  @Override
  public List<String> commentStatements(String table) {
    return comments.getOrDefault(table, List.of());
  }

  @Override
  public FunctionFacts triggerFunction(String name) {
    return triggerFunctions.get(name);
  }

  @Override
  public boolean relationBeside(String table, String name) {
    return relations.contains(table + "." + name);
  }

  /** One schema: a table set up as distributed by the column. */
  @Override
  public boolean distributedIn(String schema, String column) {
    asked.add("distributedIn " + schema + " " + column);
    return citus && tables.values().stream().anyMatch(t -> t.isDistributed() && column.equals(t.distributionColumn()));
  }

  @Override
  public String operatorClassSchema(String name, String accessMethod) {
    return operatorClasses.get(name);
  }
  @Override
  public Map<String, String> settings(List<String> names) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String name : names) {
      if (settings.containsKey(name)) {
        out.put(name, settings.get(name));
      }
    }
    return out;
  }

  @Override
  public List<String> triggers(String table) {
    asked.add("triggers " + table);
    return triggers.getOrDefault(table, List.of());
  }
}
