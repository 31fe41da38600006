package io.citussafe.cli;

import io.citussafe.rewriter.ColumnFacts;
import io.citussafe.rewriter.ConstraintFacts;
import io.citussafe.rewriter.Facts;
import io.citussafe.rewriter.ForeignKeyFacts;
import io.citussafe.rewriter.ForeignKeyLink;
import io.citussafe.rewriter.SqlText;
import io.citussafe.rewriter.TableFacts;
import io.citussafe.rewriter.TableKeys;
import io.citussafe.rewriter.Volatility;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules' {@link Facts} without a database: what the migrations read so far say
 * ({@link SchemaModel}), on a Citus cluster (the review assumes one), in the transaction mode of
 * the migration being read. A heap holds rows when a migration inserted them while the table was
 * local; its size is unknown, so messages name the migration instead ({@link #humanize}).
 */
final class OfflineFacts implements Facts {

  /** The size given to a heap with rows: one page. Messages show the migration instead. */
  private static final long SOME_BYTES = 8192;
  /** {@code citus.shard_count}'s default. */
  private static final long SHARDS = 32;

  private static final Map<String, Volatility> BUILTIN = readBuiltins();

  private final SchemaModel model;
  private boolean inTransaction;
  /** {@code orders: 8192 bytes} → {@code orders: rows inserted by V1__x.sql}. */
  private final Map<String, String> heapTexts = new LinkedHashMap<>();

  OfflineFacts(SchemaModel model) {
    this.model = model;
  }

  void inTransaction(boolean value) {
    this.inTransaction = value;
  }

  @Override
  public boolean isCitus() {
    return true;
  }

  @Override
  public boolean inTransaction() {
    return inTransaction;
  }

  @Override
  public TableFacts table(String name) {
    TableModel t = model.table(SqlText.storedName(name));
    if (t == null) {
      return TableFacts.missing(name);
    }
    List<TableFacts.Heap> heaps = new ArrayList<>();
    for (TableModel p : model.tree(t)) {
      if (p.rowsFrom != null) {
        String relation = SqlText.quoteIdentifier(p.name);
        heaps.add(new TableFacts.Heap(relation, SOME_BYTES));
        heapTexts.put(relation + ": " + SOME_BYTES + " bytes", relation + ": rows inserted by " + p.rowsFrom);
      }
    }
    return new TableFacts(name, t.kind, t.distributionColumn, t.kind == TableFacts.Kind.DISTRIBUTED ? 1 : 0, heaps,
        -1);
  }

  @Override
  public TableFacts tableNow(String name) {
    return table(name);
  }

  @Override
  public ColumnFacts columns(String name) {
    TableModel t = model.table(SqlText.storedName(name));
    if (t == null) {
      return new ColumnFacts(List.of(), Map.of(), Map.of(), 1, 1);
    }
    Map<String, String> types = new HashMap<>();
    t.columns.forEach((column, c) -> types.put(column, c.type));
    boolean reference = t.kind == TableFacts.Kind.REFERENCE;
    return new ColumnFacts(t.rowKey(), types, Map.of(), reference ? 1 : SHARDS, reference ? 2 : 1);
  }

  @Override
  public Map<String, Volatility> volatility(Set<String> functionNames) {
    Map<String, Volatility> found = new HashMap<>();
    for (String name : functionNames) {
      Character own = model.functionVolatility(name);
      if (own != null) {
        found.put(name, Volatility.of(own));
      } else if (BUILTIN.containsKey(name)) {
        found.put(name, BUILTIN.get(name));
      }
    }
    return found;
  }

  /** Volatility by function name, or null when neither a migration nor PostgreSQL defines it. */
  Volatility volatilityOf(String name) {
    Character own = model.functionVolatility(name);
    return own != null ? Volatility.of(own) : BUILTIN.get(name);
  }

  /** Row counts are unknown offline, which the lock-light rule takes as large: its advice shows. */
  @Override
  public long estimatedRows(String table) {
    return -1;
  }

  /** Whether a table has rows is unknown offline: assumed, so a column that needs a row key says so. */
  @Override
  public boolean hasRows(String table) {
    return true;
  }

  /** Constraint definitions are not modelled: a rename is reviewed by the command's own advice. */
  @Override
  public ConstraintFacts constraint(String table, String name) {
    return null;
  }

  /** Constraint names are not modelled: a CHECK is named as on an empty schema. */
  @Override
  public boolean constraintNameTaken(String table, String name) {
    return false;
  }

  /** Schemas are not modelled: any table the migrations distributed by the column. */
  @Override
  public boolean distributedIn(String schema, String column) {
    return model.tables().stream()
        .anyMatch(t -> t.kind == TableFacts.Kind.DISTRIBUTED && column.equals(t.distributionColumn));
  }

  /** Sequence defaults are not modelled: an ALTER SEQUENCE is reviewed as written. */
  @Override
  public boolean isDistributedObject(String name) {
    return false;
  }

  @Override
  public List<ForeignKeyFacts> localReferences(String table) {
    TableModel t = model.table(SqlText.storedName(table));
    if (t == null) {
      return List.of();
    }
    List<ForeignKeyFacts> out = new ArrayList<>();
    for (Map.Entry<TableModel, TableModel.ForeignKey> e : model.localReferences(t)) {
      out.add(new ForeignKeyFacts(SqlText.quoteIdentifier(e.getKey().name), e.getValue().name(),
          e.getValue().definition()));
    }
    return out;
  }

  @Override
  public TableKeys keys(String table) {
    TableModel t = model.table(SqlText.storedName(table));
    if (t == null) {
      return null;
    }
    Map<String, String> columns = new LinkedHashMap<>();
    t.columns.forEach((column, c) -> columns.put(column, c.type));
    List<TableKeys.UniqueKey> keys = new ArrayList<>();
    if (!t.primaryKey.isEmpty()) {
      keys.add(new TableKeys.UniqueKey(t.primaryKeyName == null ? t.name + "_pkey" : t.primaryKeyName, 'p',
          t.primaryKey, "PRIMARY KEY (" + String.join(", ", t.primaryKey) + ")"));
    }
    t.uniqueKeys.forEach((name, key) -> keys.add(new TableKeys.UniqueKey(name, 'u', key,
        "UNIQUE (" + String.join(", ", key) + ")")));
    return new TableKeys(SqlText.quoteIdentifier(t.name), columns, keys);
  }

  /** Foreign keys both ways, as the migrations wrote them; a key without referenced columns names the primary key. */
  @Override
  public List<ForeignKeyLink> foreignKeyLinks(String table) {
    TableModel t = model.table(SqlText.storedName(table));
    List<ForeignKeyLink> out = new ArrayList<>();
    for (TableModel holder : model.tables()) {
      for (TableModel.ForeignKey key : holder.foreignKeys.values()) {
        TableModel referenced = model.table(key.table());
        boolean outgoing = holder == t;
        if (t == null || referenced == null || !outgoing && referenced != t) {
          continue;
        }
        List<String> referencedColumns = key.referencedColumns().isEmpty() ? referenced.primaryKey
            : key.referencedColumns();
        out.add(new ForeignKeyLink(SqlText.quoteIdentifier(holder.name), key.name(), "FOREIGN KEY ("
            + String.join(", ", key.columns()) + ") REFERENCES " + SqlText.quoteIdentifier(referenced.name) + "("
            + String.join(", ", referencedColumns) + ")", outgoing, (outgoing ? referenced : holder).kind));
      }
    }
    return out;
  }

  /** A rule's message with the heap sizes this review cannot know replaced by where the rows came from. */
  String humanize(String message) {
    String out = message;
    for (Map.Entry<String, String> e : heapTexts.entrySet()) {
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }

  private static Map<String, Volatility> readBuiltins() {
    Map<String, Volatility> map = new HashMap<>();
    try (InputStream in = OfflineFacts.class.getResourceAsStream("builtin-volatility.tsv")) {
      if (in == null) {
        throw new IllegalStateException("builtin-volatility.tsv is missing from the command's jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        map.put(line.substring(0, tab), Volatility.of(line.charAt(tab + 1)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(map);
  }
}
