package io.citussafe.driver;

import io.citussafe.rewriter.ColumnFacts;
import io.citussafe.rewriter.ColumnState;
import io.citussafe.rewriter.ConstraintFacts;
import io.citussafe.rewriter.Facts;
import io.citussafe.rewriter.ForeignKeyFacts;
import io.citussafe.rewriter.ForeignKeyLink;
import io.citussafe.rewriter.FunctionFacts;
import io.citussafe.rewriter.SqlText;
import io.citussafe.rewriter.TableFacts;
import io.citussafe.rewriter.TableKeys;
import io.citussafe.rewriter.TriggerSwitches;
import io.citussafe.rewriter.Volatility;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Facts} the rules ask for, answered for one connection from the cluster's cache or
 * its catalog. Unqualified table names are cached per effective schema list
 * ({@code current_schemas(true)}), which the session tracks, because the same text can name
 * different tables in different sessions.
 */
final class SessionFacts implements Facts {

  static final Object CITUS = new Object();

  private final Connection physical;
  private final ServerSession server;
  private final Cluster cluster;
  private final CitusMetadata metadata;
  private final SchemaObjects objects;
  /** This session's effective schema list as last read; null when unknown or possibly changed. */
  private String schemas;

  SessionFacts(Connection physical, ServerSession server, Cluster cluster, CitusMetadata metadata,
      SchemaObjects objects) {
    this.physical = physical;
    this.server = server;
    this.cluster = cluster;
    this.metadata = metadata;
    this.objects = objects;
  }

  @Override
  public boolean isCitus() throws SQLException {
    return cluster.cached(CITUS, metadata::isCitusInstalled);
  }

  /**
   * Autocommit off, or a transaction block the user opened with {@code BEGIN} in autocommit mode,
   * which only the server's state shows.
   */
  @Override
  public boolean inTransaction() throws SQLException {
    return !physical.getAutoCommit() || server.inTransactionBlock();
  }

  String schemas() {
    return schemas;
  }

  /** The schema list may have changed (SET search_path, setSchema, DDL): read it again when needed. */
  void forgetSchemas() {
    schemas = null;
  }

  /** How this session reads values without a type, for literals that run in other sessions. */
  ParameterLiterals.Context literalContext() {
    ZoneId zone;
    try {
      String name = server.parameter("TimeZone");
      zone = name == null ? ZoneId.systemDefault() : ZoneId.of(name);
    } catch (DateTimeException e) {
      zone = ZoneId.systemDefault();
    }
    return new ParameterLiterals.Context(zone, server.varcharStrings());
  }

  @Override
  public TableFacts table(String name) throws SQLException {
    Cluster.TableKey key = key("table", name);
    Object cached = key == null ? null : cluster.peek(key);
    return cached != null ? (TableFacts) cached : tableNow(name);
  }

  /** The table's facts if the cluster's cache holds them, else null; reads nothing (an aborted transaction can't). */
  TableFacts tableIfKnown(String name) {
    Cluster.TableKey key = key("table", name);
    return key == null ? null : (TableFacts) cluster.peek(key);
  }

  @Override
  public TableFacts tableNow(String name) throws SQLException {
    long before = cluster.generation();
    String[] schemas = new String[1];
    TableFacts facts = metadata.table(name, isCitus(), schemas);
    this.schemas = schemas[0];
    cluster.put(key("table", name), facts, before);
    return facts;
  }

  @Override
  public ColumnFacts columns(String name) throws SQLException {
    if (key("columns", name) == null) {
      tableNow(name);
    }
    return cluster.cached(key("columns", name), () -> metadata.columns(name));
  }

  @Override
  public Map<String, Volatility> volatility(Set<String> names) throws SQLException {
    Map<String, Volatility> result = new HashMap<>();
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      Volatility known = (Volatility) cluster.peek(new FunctionKey(name));
      if (known == null) {
        missing.add(name);
      } else {
        result.put(name, known);
      }
    }
    if (!missing.isEmpty()) {
      long before = cluster.generation();
      Map<String, Volatility> found = metadata.volatility(missing);
      for (String name : missing) {
        Volatility volatility = found.getOrDefault(name, Volatility.VOLATILE);
        cluster.put(new FunctionKey(name), volatility, before);
        result.put(name, volatility);
      }
    }
    return result;
  }

  @Override
  public long estimatedRows(String table) throws SQLException {
    TableFacts facts = table(table);
    return facts.isSharded() ? metadata.shardRows(table) : facts.estimatedRows();
  }

  @Override
  public boolean hasRows(String table) throws SQLException {
    return metadata.hasRows(table);
  }

  @Override
  public ConstraintFacts constraint(String table, String name) throws SQLException {
    return metadata.constraint(table, name);
  }

  @Override
  public boolean constraintNameTaken(String table, String name) throws SQLException {
    return metadata.constraintNameTaken(table, name);
  }

  @Override
  public boolean isDistributedObject(String name) throws SQLException {
    return isCitus() && metadata.isDistributedObject(name);
  }

  @Override
  public List<ForeignKeyFacts> localReferences(String table) throws SQLException {
    return metadata.localReferences(table);
  }

  // read afresh each time: asked only for DDL, which is rare

  @Override
  public List<ForeignKeyLink> foreignKeyLinks(String table) throws SQLException {
    return objects.foreignKeyLinks(table);
  }

  @Override
  public TableKeys keys(String table) throws SQLException {
    return objects.keys(table);
  }

  @Override
  public ColumnState column(String table, String column) throws SQLException {
    return objects.column(table, column);
  }

  @Override
  public String rowTypeComment(String table) throws SQLException {
    return objects.rowTypeComment(table);
  }

  @Override
  public FunctionFacts triggerFunction(String name) throws SQLException {
    return objects.triggerFunction(name);
  }

  @Override
  public boolean relationBeside(String table, String name) throws SQLException {
    return objects.relationBeside(table, name);
  }

  @Override
  public boolean distributedIn(String schema, String column) throws SQLException {
    return objects.distributedIn(schema, column);
  }

  @Override
  public String operatorClassSchema(String name, String accessMethod) throws SQLException {
    return objects.operatorClassSchema(name, accessMethod);
  }

  @Override
  public Map<String, String> settings(List<String> names) throws SQLException {
    return objects.settings(names);
  }

  @Override
  public List<String> triggers(String table) throws SQLException {
    return objects.triggers(table);
  }

  @Override
  public TriggerSwitches enabledTriggers(String table) throws SQLException {
    return objects.enabledTriggers(table);
  }

  @Override
  public List<String> commentStatements(String table) throws SQLException {
    return objects.commentStatements(table);
  }

  private record FunctionKey(String name) {
  }

  /**
   * The cache key of a table name: the name itself when qualified; else the name within the
   * session's schema list, or null while that list is unknown.
   */
  private Cluster.TableKey key(String kind, String name) {
    boolean qualified = name.indexOf('.') >= 0;
    if (!qualified && schemas == null) {
      return null;
    }
    return new Cluster.TableKey(kind, qualified ? null : schemas, name, SqlText.storedName(name));
  }
}
