package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/**
 * The statements that lay out a {@link DistributionLayout}, in the one order that works on Citus
 * (verified): the foreign keys among the tables dropped first (converting a lookup table while
 * they exist makes the tables connected to it Citus-local, after which a table with an identity
 * column cannot drop a key); unique keys re-created with the distribution column first, names
 * kept; reference tables, then the root, then the other tables converted, co-located; their stale
 * coordinator rows removed; the foreign keys re-created, with the distribution column on both sides
 * between co-located tables. Each change is also told in one line, for the reports and for the hint
 * given without the setting.
 */
final class DistributionChanges {

  final List<String> statements = new ArrayList<>();
  /** What changes, one line each, in the order it runs. */
  final List<String> lines = new ArrayList<>();
  final List<String> blockers;
  /** The table the others are co-located with, or null when the layout distributes nothing. */
  final String anchor;

  private final DistributionLayout layout;
  private final String c;

  private DistributionChanges(DistributionLayout layout) {
    this.layout = layout;
    this.c = layout.column;
    this.blockers = new ArrayList<>(layout.blockers);
    this.anchor = anchor();
  }

  static DistributionChanges of(DistributionLayout layout) {
    DistributionChanges changes = new DistributionChanges(layout);
    changes.build();
    return changes;
  }

  /** True when the layout changes more than the one table the call names, as the call names it. */
  boolean changesMoreThanTheCall() {
    return lines.size() > 1;
  }

  private void build() {
    List<String> drops = new ArrayList<>();
    List<String> adds = new ArrayList<>();
    for (DistributionLayout.Node n : layout.nodes.values()) {
      if (n.role == DistributionLayout.Role.EXISTING) {
        continue;
      }
      for (ForeignKeyLink link : n.links) {
        ForeignKeyDefinition key = ForeignKeyDefinition.parse(link.definition());
        DistributionLayout.Node to = key == null || !link.outgoing() ? null
            : key.referenced().equals(n.name()) ? n : layout.node(key.referenced());
        if (to == null) {
          continue;
        }
        String definition = recreated(n, link, key, to);
        drops.add("ALTER TABLE " + n.name() + " DROP CONSTRAINT " + Names.quoted(link.name()));
        adds.add("ALTER TABLE " + n.name() + " ADD CONSTRAINT " + Names.quoted(link.name()) + " " + definition);
        if (!definition.equals(link.definition())) {
          lines.add("foreign key " + link.name() + " of " + n.name() + " becomes " + definition);
        }
      }
    }
    statements.addAll(drops);
    for (DistributionLayout.Node n : layout.nodes.values()) {
      if (n.role == DistributionLayout.Role.DISTRIBUTED) {
        widenKeys(n);
      }
    }
    convert(DistributionLayout.Role.REFERENCE);
    convert(DistributionLayout.Role.ROOT);
    convert(DistributionLayout.Role.DISTRIBUTED);
    for (DistributionLayout.Node n : layout.nodes.values()) {
      if (n.role != DistributionLayout.Role.EXISTING && n.table.heapBytes() > 0) {
        statements.add(StaleRows.truncateStatement(n.name()));
      }
    }
    statements.addAll(adds);
    if (!drops.isEmpty()) {
      lines.add("dropped " + drops.size() + " foreign key(s) among these tables first and re-created them last");
    }
  }

  /** The definition of a foreign key after the layout, or as it was; a blocker when Citus could not keep it. */
  private String recreated(DistributionLayout.Node from, ForeignKeyLink link, ForeignKeyDefinition key,
      DistributionLayout.Node to) {
    if (from.role != DistributionLayout.Role.DISTRIBUTED) {
      return link.definition();
    }
    String definition = link.definition();
    boolean coLocated = to.role == DistributionLayout.Role.DISTRIBUTED
        || to.role == DistributionLayout.Role.EXISTING && to.table.isDistributed() && to.keys.has(c);
    if (coLocated && !key.columns().contains(c)) {
      definition = key.withFirst(c, c);
      key = ForeignKeyDefinition.parse(definition);
    } else if (layout.distributed(to) && !coLocated && !byRootKey(key, to)) {
      blockers.add("the foreign key " + link.name() + " of " + from.name() + " (" + link.definition() + ") "
          + "references the distributed table " + to.name() + " by another column than " + c + ", and Citus keeps "
          + "foreign keys between distributed tables only on their distribution columns: drop it, or reference "
          + to.name() + " by " + c);
      return definition;
    }
    String refused = key.columns().contains(c) ? key.actionRefusedOnDistributionColumn() : null;
    if (refused != null) {
      blockers.add("the foreign key " + link.name() + " of " + from.name() + " (" + link.definition() + ") has "
          + refused + ", which Citus refuses on a key that holds the distribution column " + c + " (it would change "
          + c + "): change it to NO ACTION, RESTRICT" + (refused.startsWith("ON DELETE") ? " or CASCADE" : "")
          + " first (ALTER TABLE " + from.name() + " DROP CONSTRAINT " + Names.quoted(link.name()) + ", ADD CONSTRAINT "
          + Names.quoted(link.name()) + " …), then run again");
    }
    return definition;
  }

  /** The key maps the distribution column to the distribution column of the distributed root. */
  private boolean byRootKey(ForeignKeyDefinition key, DistributionLayout.Node root) {
    String referenced = DistributionLayout.rootKeyOf(key, c);
    String rootColumn = root.role == DistributionLayout.Role.ROOT ? layout.rootKey : root.table.distributionColumn();
    return referenced != null && referenced.equals(rootColumn);
  }

  private void widenKeys(DistributionLayout.Node n) {
    for (TableKeys.UniqueKey key : n.keys.uniqueKeys()) {
      if (key.columns().contains(c)) {
        continue;
      }
      if (key.type() == 'x') {
        blockers.add("the exclusion constraint " + key.name() + " of " + n.name() + " (" + key.definition() + ") does "
            + "not hold " + c + ", and Citus needs it to (as " + c + " WITH =): re-create it so, then run again");
        continue;
      }
      String widened = widened(key.definition(), key.isConstraint());
      if (key.isConstraint()) {
        statements.add("ALTER TABLE " + n.name() + " DROP CONSTRAINT " + Names.quoted(key.name()));
        statements.add("ALTER TABLE " + n.name() + " ADD CONSTRAINT " + Names.quoted(key.name()) + " " + widened);
      } else {
        statements.add("DROP INDEX " + Names.qualifier(n.name()) + Names.quoted(key.name()));
        statements.add(widened);
      }
      lines.add((key.type() == 'p' ? "primary key " : key.isConstraint() ? "unique constraint " : "unique index ")
          + key.name() + " of " + n.name() + " becomes " + (key.isConstraint() ? widened : widenedColumns(key)));
    }
  }

  private String widenedColumns(TableKeys.UniqueKey key) {
    List<String> columns = new ArrayList<>(List.of(c));
    columns.addAll(key.columns());
    return "(" + String.join(", ", columns) + ")";
  }

  /** The definition with the column first in its key list: the first parenthesis, after USING for an index. */
  String widened(String definition, boolean constraint) {
    Scanner s = new Scanner(definition);
    boolean afterUsing = constraint;
    for (s.next(); s.type() != Scanner.Type.END; s.next()) {
      afterUsing |= s.depth() == 0 && s.isWord("using");
      if (afterUsing && s.depth() == 0 && s.isSymbol('(')) {
        return definition.substring(0, s.end()) + Names.quoted(c) + ", " + definition.substring(s.end());
      }
    }
    return definition;
  }

  private void convert(DistributionLayout.Role role) {
    for (DistributionLayout.Node n : layout.nodes.values()) {
      if (n.role != role) {
        continue;
      }
      String table = SqlText.quoteLiteral(n.name());
      if (role == DistributionLayout.Role.REFERENCE) {
        statements.add("SELECT create_reference_table(" + table + ")");
        lines.add(n.name() + " becomes a reference table" + (n.name().equals(layout.root)
            ? " (the root: its unique keys besides " + layout.rootKey + " would lose their meaning if widened)"
            : " (it has no column " + c + ")"));
        continue;
      }
      String by = role == DistributionLayout.Role.ROOT ? layout.rootKey : c;
      boolean first = n.name().equals(anchor);
      statements.add("SELECT create_distributed_table(" + table + ", " + SqlText.quoteLiteral(by)
          + (first ? "" : ", colocate_with => " + SqlText.quoteLiteral(anchor)) + ")");
      lines.add(n.name() + " is distributed by " + by + (first ? "" : ", co-located with " + anchor));
    }
  }

  /**
   * The root when it is distributed, else a table distributed by the column already, else the first
   * table distributed now; the type of the column must match it in every table, as Citus requires.
   */
  private String anchor() {
    DistributionLayout.Node chosen = null;
    for (DistributionLayout.Node n : layout.nodes.values()) {
      if (layout.distributed(n) && (chosen == null || rank(n) < rank(chosen))) {
        chosen = n;
      }
    }
    if (chosen == null) {
      return null;
    }
    String key = chosen.keys.has(c) ? c : layout.rootKey;
    String type = chosen.keys.columnTypes().get(key);
    for (DistributionLayout.Node n : layout.nodes.values()) {
      String own = n.role == DistributionLayout.Role.DISTRIBUTED ? n.keys.columnTypes().get(c) : null;
      if (own != null && !own.equals(type)) {
        blockers.add(n.name() + "." + c + " is " + own + " but " + chosen.name() + "." + key + " is " + type
            + ": Citus co-locates only tables distributed by columns of one type: ALTER TABLE " + n.name()
            + " ALTER COLUMN " + c + " TYPE " + type + ", then run again");
      }
    }
    return chosen.name();
  }

  private int rank(DistributionLayout.Node n) {
    if (n.name().equals(layout.root)) {
      return 0;
    }
    return n.role == DistributionLayout.Role.EXISTING ? 1 : 2;
  }
}
