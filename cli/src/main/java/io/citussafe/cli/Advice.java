package io.citussafe.cli;

import io.citussafe.cli.Finding.Level;
import io.citussafe.rewriter.SchemaChange;
import io.citussafe.rewriter.SchemaChange.Action;
import io.citussafe.rewriter.SchemaChange.Column;
import io.citussafe.rewriter.SchemaChange.Constraint;
import io.citussafe.rewriter.TableFacts;
import io.citussafe.rewriter.Volatility;
import java.util.ArrayList;
import java.util.List;

/**
 * What citussafe cannot fix, said before the migration runs: statements Citus refuses on
 * distributed tables with no faithful rewrite, and statements that run but need care. Each check
 * reads a statement the rewriter passes through as written (or a Citus call); when a rule of the
 * rewriter starts rewriting such a statement, its plan is no longer a pass-through and the advice
 * gives way to it. Messages name the user's tables and columns and give the safe form, as
 * strong_migrations does.
 */
final class Advice {

  private final SchemaModel model;
  private final OfflineFacts facts;

  Advice(SchemaModel model, OfflineFacts facts) {
    this.model = model;
    this.facts = facts;
  }

  List<Finding> check(Migrations.Unit unit, SchemaChange s, Verdict verdict) {
    List<Finding> out = new ArrayList<>();
    if (verdict == Verdict.REFUSE) {
      return out;
    }
    TableModel t = model.table(s.table());
    if (s.kind() == SchemaChange.Kind.CALL) {
      call(unit, s, out);
    }
    if (verdict != Verdict.PASS) {
      return out;
    }
    switch (s.kind()) {
      case UPDATE -> update(s, t, out);
      case ALTER_TABLE -> alter(unit, s, t, out);
      case CREATE_INDEX -> {
        if (t != null && t.kind == TableFacts.Kind.DISTRIBUTED && s.uniqueIndex() && s.indexColumns() != null
            && !s.indexColumns().contains(t.distributionColumn)) {
          out.add(keyWithoutDistributionColumn(t, "this unique index", s.indexColumns()));
        }
        afterDistribute(unit, t, out);
      }
      case CREATE_TABLE -> {
        for (Column c : s.columns()) {
          if (c.references() != null) {
            localForeignKey(t == null ? s.table() : t.name, List.of(c.name()), c.references().table(), out);
          }
        }
        for (Constraint c : s.constraints()) {
          if (c.type() == 'f' && c.references() != null) {
            localForeignKey(s.table(), c.columns(), c.references().table(), out);
          }
        }
      }
      default -> {
      }
    }
    return out;
  }

  private void call(Migrations.Unit unit, SchemaChange s, List<Finding> out) {
    TableModel t = model.table(s.tableArgument());
    boolean concurrently = s.distributesConcurrently();
    if (concurrently && unit.transactional()) {
      boolean liquibase = unit.label().contains(" changeset ");
      out.add(new Finding(Level.ERROR, "ctdc-in-transaction", "create_distributed_table_concurrently cannot run "
          + "inside a transaction block, and this migration runs in one. Fix: give the call a "
          + (liquibase ? "changeset of its own with runInTransaction:false"
              : "migration of its own that runs without a transaction (a line -- flyway:executeInTransaction=false "
                  + "in it, or executeInTransaction=false in " + unit.label() + ".conf)")
          + ". It also needs wal_level = logical on the cluster (citussafe check shows it)."));
    }
    if (t != null && !t.isSharded() && s.distributes() && !s.makesReferenceTable()) {
      String column = s.columnArgument();
      if (column != null) {
        if (!t.primaryKey.isEmpty() && !t.primaryKey.contains(column)) {
          out.add(keyWithoutDistributionColumn(t, "its primary key " + t.primaryKeyName, t.primaryKey, column));
        }
        t.uniqueKeys.forEach((name, key) -> {
          if (!key.contains(column)) {
            out.add(keyWithoutDistributionColumn(t, "its unique key " + name, key, column));
          }
        });
      }
    }
  }

  private void update(SchemaChange s, TableModel t, List<Finding> out) {
    if (t != null && t.kind == TableFacts.Kind.DISTRIBUTED && s.setColumns().contains(t.distributionColumn)) {
      String c = t.distributionColumn;
      out.add(new Finding(Level.ERROR, "distribution-column-update", "it assigns " + t.name + "." + c
          + ", the distribution column, and Citus refuses that (modifying the partition value of rows is not "
          + "allowed): the rows would have to move between shards. citussafe cannot rewrite it. Fix: in one "
          + "transaction, INSERT INTO " + t.name + " the rows with their new " + c + " (INSERT INTO " + t.name
          + " SELECT … FROM " + t.name + " WHERE …) and DELETE the old ones; or distribute " + t.name
          + " on another column (SELECT alter_distributed_table('" + t.name + "', distribution_column := '<column>'))."));
    }
  }

  private void alter(Migrations.Unit unit, SchemaChange s, TableModel t, List<Finding> out) {
    if (t == null) {
      return;
    }
    boolean sharded = t.isSharded();
    boolean distributed = t.kind == TableFacts.Kind.DISTRIBUTED;
    String kind = distributed ? "distributed" : "reference";
    boolean scans = false;
    boolean addsConstraint = false;
    for (Action a : s.actions()) {
      switch (a.kind()) {
        case RENAME_CONSTRAINT -> {
          if (sharded) {
            out.add(renameConstraint(t, kind, a));
          }
        }
        case ADD_COLUMN -> {
          Column c = a.column();
          if (c == null) {
            break;
          }
          if (sharded && (c.serial() || c.identity())) {
            out.add(serialColumn(t, kind, c));
          } else if (sharded && c.defaultCalls().contains("nextval")) {
            out.add(new Finding(Level.WARNING, "nextval-default", "Citus refuses ADD COLUMN … DEFAULT nextval(…) "
                + "on a " + kind + " table that has rows (cannot add a column involving DEFAULT nextval('..') because "
                + "the table is not empty). Fix: ALTER TABLE " + t.name + " ADD COLUMN " + c.name() + " " + c.typeWritten()
                + "; then ALTER TABLE " + t.name + " ALTER COLUMN " + c.name() + " SET DEFAULT "
                + c.defaultExpression() + "; then backfill (citussafe rewrites the UPDATE with nextval)."));
          }
          if (t.kind == TableFacts.Kind.REFERENCE && c.defaultExpression() != null) {
            String function = nonImmutableCall(c);
            if (function != null) {
              String what = c.defaultExpression().equals(function) ? "DEFAULT " + function
                  : "DEFAULT " + c.defaultExpression() + " calls " + function + ", which";
              out.add(new Finding(Level.WARNING, "volatile-default", what + " is not IMMUTABLE: on a reference "
                  + "table each copy computes its own values for the existing rows, so the copies silently differ. Fix: ALTER TABLE " + t.name
                  + " ADD COLUMN " + c.name() + " " + c.typeWritten() + "; UPDATE " + t.name + " SET " + c.name()
                  + " = " + c.defaultExpression() + " (citussafe computes the values once, on the coordinator); "
                  + "then ALTER TABLE " + t.name + " ALTER COLUMN " + c.name() + " SET DEFAULT "
                  + c.defaultExpression() + "."));
            }
          }
          scans |= c.notNull() && !c.serial() && !c.identity();
          addsConstraint |= !c.constraints().isEmpty();
        }
        case ADD_CONSTRAINT -> {
          Constraint c = a.constraint();
          addsConstraint = true;
          if (c == null) {
            break;
          }
          scans |= c.type() == 'p' || c.type() == 'u' || c.type() == 'c';
          if (distributed && (c.type() == 'p' || c.type() == 'u') && !c.columns().isEmpty()
              && !c.columns().contains(t.distributionColumn)) {
            out.add(keyWithoutDistributionColumn(t, "this " + (c.type() == 'p' ? "primary key" : "unique constraint"),
                c.columns()));
          }
          if (c.type() == 'f' && c.references() != null) {
            localForeignKey(t.name, c.columns(), c.references().table(), out);
          }
        }
        case SET_NOT_NULL, SET_TYPE, VALIDATE_CONSTRAINT -> scans = true;
        default -> {
        }
      }
    }
    if (sharded && addsConstraint && s.actions().size() > 1) {
      StringBuilder split = new StringBuilder();
      for (Action a : s.actions()) {
        split.append(split.length() == 0 ? "" : " ").append("ALTER TABLE ").append(t.name).append(' ')
            .append(a.text()).append(';');
      }
      out.add(new Finding(Level.ERROR, "combined-alter", "Citus refuses an ALTER TABLE on a " + kind + " table that "
          + "adds a constraint together with other subcommands (cannot execute ADD CONSTRAINT command with other "
          + "subcommands). Fix: one ALTER TABLE per subcommand: " + split));
    }
    if (scans) {
      afterDistribute(unit, t, out);
    }
  }

  /** Heap-scanning DDL in the same migration that distributed the table with rows. */
  private void afterDistribute(Migrations.Unit unit, TableModel t, List<Finding> out) {
    if (t == null || t.distributedAt == null || !t.distributedWithRows || !t.distributedAt.unit().equals(unit.label())) {
      return;
    }
    out.add(new Finding(Level.WARNING, "ddl-after-distribute", "this statement scans " + t.name + " on the "
        + "coordinator right after the same migration distributed it with rows (line " + t.distributedAt.line()
        + "): it is safe through citussafe, which removes the copied rows after distributing, but run by another "
        + "client (psql, plain pgjdbc) it reads those stale rows (SET NOT NULL after a backfill fails with 23502, "
        + "ADD PRIMARY KEY with duplicates). Keep this migration on jdbc:citussafe:, or add SELECT "
        + "truncate_local_data_after_distributing_table('" + t.name + "') right after the call."));
  }

  private Finding renameConstraint(TableModel t, String kind, Action a) {
    char type = a.name() == null ? 0 : t.constraintType(a.name());
    String fix = type == 'p' || type == 'u'
        ? "ALTER INDEX " + a.name() + " RENAME TO " + a.detail() + " (the index of a primary key or unique "
            + "constraint carries its name, and Citus renames it on every shard)"
        : type == 'f' || type == 'c'
            ? "drop the constraint and add it again under the new name: ALTER TABLE " + t.name + " DROP CONSTRAINT "
                + a.name() + "; ALTER TABLE " + t.name + " ADD CONSTRAINT " + a.detail() + " …"
            : "for a primary key or unique constraint, ALTER INDEX " + a.name() + " RENAME TO " + a.detail()
                + "; for a foreign key or CHECK, drop it and add it again under the new name";
    return new Finding(Level.ERROR, "rename-constraint", "Citus refuses to rename a constraint of a " + kind
        + " table (renaming constraints belonging to distributed tables is currently unsupported). Fix: " + fix + ".");
  }

  private static Finding serialColumn(TableModel t, String kind, Column c) {
    String type = c.type().equals("integer") || c.type().equals("smallint") ? c.type() : "bigint";
    String sequence = t.name + "_" + c.name() + "_seq";
    return new Finding(Level.ERROR, "serial-column", "Citus refuses ADD COLUMN with a " + (c.serial() ? "serial type"
        : "GENERATED … AS IDENTITY") + " on a " + kind + " table (cannot execute ADD COLUMN commands involving "
        + (c.serial() ? "serial pseudotypes" : "identity columns") + " when metadata is synchronized to workers). "
        + "Fix: CREATE SEQUENCE " + sequence + "; ALTER TABLE " + t.name + " ADD COLUMN " + c.name() + " " + type
        + "; ALTER TABLE " + t.name + " ALTER COLUMN " + c.name() + " SET DEFAULT nextval('" + sequence + "'); "
        + "UPDATE " + t.name + " SET " + c.name() + " = nextval('" + sequence + "') WHERE " + c.name()
        + " IS NULL (citussafe rewrites it); ALTER TABLE " + t.name + " ALTER COLUMN " + c.name() + " SET NOT NULL.");
  }

  private static Finding keyWithoutDistributionColumn(TableModel t, String what, List<String> columns) {
    return keyWithoutDistributionColumn(t, what, columns, t.distributionColumn);
  }

  private static Finding keyWithoutDistributionColumn(TableModel t, String what, List<String> columns,
      String column) {
    return new Finding(Level.ERROR, "key-without-distribution-column", what + " (" + String.join(", ", columns)
        + ") does not include the distribution column " + column + " of " + t.name + ", and Citus refuses such "
        + "keys (cannot create constraint on \"" + t.name + "\"): uniqueness can only be checked within a shard. "
        + "Fix: add " + column + " to the key, (" + column + ", " + String.join(", ", columns) + "), or distribute "
        + t.name + " on one of the key's columns.");
  }

  /** A plain local table with a foreign key to a distributed table. */
  private void localForeignKey(String child, List<String> columns, String parentName, List<Finding> out) {
    TableModel parent = model.table(parentName);
    TableModel table = model.table(child);
    boolean local = table == null || table.kind == TableFacts.Kind.LOCAL;
    if (parent == null || parent.kind != TableFacts.Kind.DISTRIBUTED || !local) {
      return;
    }
    String column = columns.isEmpty() ? "<its column referencing " + parent.name + ">" : columns.get(0);
    out.add(new Finding(Level.WARNING, "local-foreign-key", "the plain local table " + child + " gets a foreign key "
        + "to the distributed table " + parent.name + ": Citus checks it against the coordinator's own copy of "
        + parent.name + ", and while it exists Citus refuses to remove the stale rows of " + parent.name
        + ", so citussafe refuses DDL on " + parent.name + " that needs them removed. Fix: distribute " + child
        + " co-located with it (SELECT create_distributed_table('"
        + child + "', '" + column + "', colocate_with => '" + parent.name + "')), or make " + parent.name
        + " a reference table."));
  }

  /** The first call in the column's DEFAULT that is not IMMUTABLE (unknown functions count), or null. */
  private String nonImmutableCall(Column column) {
    for (String call : column.defaultCalls()) {
      if (SchemaChange.isValueFunction(call)) {
        return call;
      }
      if (facts.volatilityOf(call) != Volatility.IMMUTABLE) {
        return call + "()";
      }
    }
    return null;
  }
}
