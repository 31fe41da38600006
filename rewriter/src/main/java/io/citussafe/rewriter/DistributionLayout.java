package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which role each table connected by foreign keys to one table takes when tables holding the
 * distribution column {@code c} are distributed by it ({@code citussafe.distributionColumn}). The
 * walk starts at the table of the user's call and follows foreign keys both ways:
 *
 * <ul>
 *   <li>a table holding {@code c} is distributed by it, co-located;
 *   <li>the root, the table without {@code c} that the others' keys on {@code c} point to, is
 *       distributed by the key they reference, unless it has unique keys of its own besides it (a
 *       tenant's unique name, which widening would empty of meaning): then it is a reference table;
 *   <li>another table without {@code c} that they (or a reference table) reference is a reference
 *       table;
 *   <li>a table without {@code c} that references a distributed table blocks the layout, as does a
 *       reference table that would reference a distributed one;
 *   <li>tables Citus has already laid out this way stay as they are.
 * </ul>
 *
 * Nothing is run here; {@link DistributionChanges} turns the roles into statements.
 */
final class DistributionLayout {

  enum Role {
    DISTRIBUTED, ROOT, REFERENCE, EXISTING
  }

  /** One table of the layout, by its name as the catalog prints it. */
  static final class Node {
    final TableKeys keys;
    final TableFacts table;
    final List<ForeignKeyLink> links;
    Role role;

    Node(TableKeys keys, TableFacts table, List<ForeignKeyLink> links) {
      this.keys = keys;
      this.table = table;
      this.links = links;
    }

    String name() {
      return keys.name();
    }
  }

  final String column;
  /** In the order the walk found them, the call's table first. */
  final Map<String, Node> nodes = new LinkedHashMap<>();
  /** What stops the layout, one sentence each; empty when it can run. */
  final List<String> blockers = new ArrayList<>();
  private final Facts facts;
  /** The root's name and the column the others reference, or null when there is none. */
  String root;
  String rootKey;

  private DistributionLayout(Facts facts, String column) {
    this.facts = facts;
    this.column = column;
  }

  /**
   * The layout around {@code table} starting in {@code role} ({@link Role#ROOT} with its key
   * {@code rootKey}), or null when the table does not exist.
   */
  static DistributionLayout walk(Facts facts, String table, String column, Role role, String rootKey)
      throws SQLException {
    DistributionLayout layout = new DistributionLayout(facts, column);
    Node start = layout.load(table);
    if (start == null) {
      return null;
    }
    start.role = role;
    if (role == Role.ROOT) {
      layout.root = start.name();
      layout.rootKey = rootKey;
    }
    layout.walkFrom(start);
    layout.rootWithOwnKeysIsReference();
    layout.checkReferenceTables();
    return layout;
  }

  /**
   * The key column of the table that {@code link} references from a table holding the column, when
   * the link's key is on that column (the table is then the root); else null.
   */
  static String rootKeyOf(ForeignKeyDefinition key, String column) {
    int at = key.columns().indexOf(column);
    return at < 0 ? null : key.referencedColumns().get(at);
  }

  private Node load(String table) throws SQLException {
    TableKeys keys = facts.keys(table);
    if (keys == null) {
      return null;
    }
    Node known = nodes.get(keys.name());
    if (known != null) {
      return known;
    }
    Node node = new Node(keys, facts.tableNow(keys.name()), facts.foreignKeyLinks(keys.name()));
    nodes.put(keys.name(), node);
    return node;
  }

  private void walkFrom(Node start) throws SQLException {
    Deque<Node> queue = new ArrayDeque<>();
    queue.add(start);
    while (!queue.isEmpty()) {
      Node n = queue.poll();
      if (n.role == Role.EXISTING) {
        continue;
      }
      for (ForeignKeyLink link : n.links) {
        ForeignKeyDefinition key = ForeignKeyDefinition.parse(link.definition());
        String otherName = link.outgoing() ? (key == null ? null : key.referenced()) : link.table();
        if (key == null || otherName.equals(n.name())) {
          continue;
        }
        Node other = load(otherName);
        if (other == null || other.role != null) {
          continue;
        }
        Role role = roleOf(n, link, key, other);
        if (role != null) {
          other.role = role;
          queue.add(other);
        } else {
          nodes.remove(other.name());
        }
      }
    }
  }

  /** The role of {@code other}, met through {@code link} from {@code n}; null when it stays out of the layout. */
  private Role roleOf(Node n, ForeignKeyLink link, ForeignKeyDefinition key, Node other) {
    boolean holds = other.keys.has(column);
    if (other.table.isCitusTable()) {
      return existing(other, holds, link.outgoing() ? rootKeyOf(key, column) : null);
    }
    if (holds) {
      return Role.DISTRIBUTED;
    }
    if (!link.outgoing()) {
      if (n.role == Role.REFERENCE) {
        // a table without the column that references a lookup table: Citus keeps it on the coordinator
        return null;
      }
      blockers.add(other.name() + " references " + n.name() + " (" + link.name() + ": " + link.definition()
          + ") but has no column " + column + ": add it (ALTER TABLE " + other.name() + " ADD COLUMN " + column + " "
          + n.keys.columnTypes().getOrDefault(column, n.role == Role.ROOT ? n.keys.columnTypes().get(rootKey) : "")
          .strip() + ") and fill it from " + n.name() + " (" + fill(other.name(), n.name(), key) + "), then run again");
      return null;
    }
    String referencedKey = n.role == Role.DISTRIBUTED ? rootKeyOf(key, column) : null;
    if (referencedKey != null && (root == null || root.equals(other.name()))) {
      root = other.name();
      rootKey = referencedKey;
      return Role.ROOT;
    }
    return Role.REFERENCE;
  }

  /** A table Citus knows already: kept when it is laid out as this layout would, else a blocker. */
  private Role existing(Node other, boolean holds, String referencedKey) {
    TableFacts t = other.table;
    if (t.isReference() || t.isDistributed() && (holds ? column.equals(t.distributionColumn())
        : t.distributionColumn().equals(referencedKey))) {
      if (t.isDistributed() && !holds && root == null) {
        root = other.name();
        rootKey = referencedKey;
      }
      return Role.EXISTING;
    }
    blockers.add(other.name() + " is already " + (t.isDistributed() ? "distributed by " + t.distributionColumn()
        : "a Citus-local table") + ", which this layout cannot keep: make it a plain table first (SELECT "
        + "undistribute_table(" + SqlText.quoteLiteral(other.name()) + (t.isDistributed() ? ""
            : ", cascade_via_foreign_keys => true") + ")), then run again");
    return Role.EXISTING;
  }

  private String fill(String child, String parent, ForeignKeyDefinition key) {
    String referenced = key.referencedColumns().get(0);
    String parentColumn = nodes.get(parent).role == Role.ROOT && !nodes.get(parent).keys.has(column) ? referenced
        : column;
    return "UPDATE " + child + " c SET " + Names.quoted(column) + " = p." + Names.quoted(parentColumn) + " FROM "
        + parent + " p WHERE p." + Names.quoted(referenced) + " = c." + Names.quoted(key.columns().get(0));
  }

  /** A root with unique keys besides the one the others reference becomes a reference table. */
  private void rootWithOwnKeysIsReference() {
    Node r = root == null ? null : nodes.get(root);
    if (r == null || r.role != Role.ROOT) {
      return;
    }
    for (TableKeys.UniqueKey key : r.keys.uniqueKeys()) {
      if (!key.columns().equals(List.of(rootKey))) {
        r.role = Role.REFERENCE;
        return;
      }
    }
  }

  /** Citus refuses a foreign key from a reference table to a distributed one. */
  private void checkReferenceTables() {
    for (Node n : nodes.values()) {
      if (n.role != Role.REFERENCE) {
        continue;
      }
      for (ForeignKeyLink link : n.links) {
        ForeignKeyDefinition key = ForeignKeyDefinition.parse(link.definition());
        Node to = key == null || !link.outgoing() ? null : nodes.get(key.referenced());
        if (to != null && distributed(to)) {
          blockers.add(n.name() + " becomes a reference table (it has no column " + column + ") but references "
              + to.name() + ", which is distributed (" + link.name() + ": " + link.definition() + "), and Citus "
              + "refuses a foreign key from a reference table to a distributed one: drop the key, or add " + column
              + " to " + n.name());
        }
      }
    }
  }

  /** Distributed now or by this layout. */
  boolean distributed(Node n) {
    return n.role == Role.DISTRIBUTED || n.role == Role.ROOT || n.role == Role.EXISTING && n.table.isDistributed();
  }

  /** The node of a table by its printed name, or null when it is outside the layout. */
  Node node(String name) {
    return nodes.get(name);
  }
}
