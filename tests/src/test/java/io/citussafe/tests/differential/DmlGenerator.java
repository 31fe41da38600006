package io.citussafe.tests.differential;

import io.citussafe.tests.differential.Expressions.Expr;
import io.citussafe.tests.differential.Model.Column;
import io.citussafe.tests.differential.Model.Kind;
import io.citussafe.tests.differential.Model.Table;
import io.citussafe.tests.differential.Model.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Data changes of migrations and ORMs: backfilling UPDATEs with calls, casts, CASE/COALESCE and
 * subqueries, a WITH prefix, DELETE, INSERT with ON CONFLICT and RETURNING, INSERT … SELECT, and
 * statements with bind parameters.
 */
final class DmlGenerator {

  private final Random random;
  private final Model model;
  private final Expressions expressions;
  private final DdlGenerator ddl;

  DmlGenerator(Random random, Model model, Expressions expressions, DdlGenerator ddl) {
    this.random = random;
    this.model = model;
    this.expressions = expressions;
    this.ddl = ddl;
  }

  List<Step> next(Table t) {
    List<Supplier<Step>> choices = List.of(
        () -> update(t), () -> update(t), () -> update(t), () -> withUpdate(t), () -> delete(t),
        () -> insert(t), () -> upsert(t), () -> insertSelect(t), () -> boundUpdate(t), () -> boundInsert(t));
    return List.of(choices.get(random.nextInt(choices.size())).get());
  }

  private Step update(Table t) {
    List<Column> targets = t.changeable();
    if (targets.isEmpty()) {
      return insert(t);
    }
    StringBuilder sql = new StringBuilder("UPDATE ").append(ddl.ref(t)).append(" SET ");
    int count = 1 + random.nextInt(2);
    List<Column> set = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Column c = expressions.pick(targets);
      if (set.contains(c)) {
        continue;
      }
      set.add(c);
      Expr value = random.nextInt(6) == 0 ? implicitConversion(c, t) : valueFor(c, t);
      sql.append(set.size() > 1 ? ", " : "").append(c.sql()).append(" = ").append(value.sql());
      model.assign(t, c, value);
    }
    if (random.nextInt(3) > 0) {
      sql.append(" WHERE ").append(expressions.condition(t).sql());
    }
    return Step.migration(sql.append(returning()).toString());
  }

  /**
   * A value for the column; never a varying one for a foreign key's column, whose outcome
   * (found or not in the parent) would then differ between runs for no fault of either.
   */
  private Expr valueFor(Column c, Table t) {
    Expr value = expressions.value(c.type, t);
    return value.varies() && c.foreignKey ? new Expr("NULL", false) : value;
  }

  /** A value of another type that PostgreSQL converts on assignment, e.g. timestamptz into text. */
  private Expr implicitConversion(Column target, Table t) {
    List<Column> sources = t.columns(type -> type != target.type);
    if (!target.type.isText() || sources.isEmpty()) {
      return valueFor(target, t);
    }
    return new Expr(expressions.pick(sources).sql(), false);
  }

  private Step withUpdate(Table t) {
    List<Column> targets = t.changeable();
    if (targets.isEmpty()) {
      return delete(t);
    }
    Column c = expressions.pick(targets);
    Expr value = valueFor(c, t);
    model.assign(t, c, value);
    String alias = t.name.matches("[a-z_0-9]+") ? t.name : Model.quote(t.name);
    return Step.migration("WITH picked AS (SELECT id FROM " + ddl.ref(t) + " WHERE " + expressions.condition(t).sql()
        + ") UPDATE " + ddl.ref(t) + " SET " + c.sql() + " = " + value.sql() + " FROM picked WHERE " + alias
        + ".id = picked.id" + returning());
  }

  private Step delete(Table t) {
    return Step.migration("DELETE FROM " + ddl.ref(t) + " WHERE " + expressions.condition(t).sql() + returning());
  }

  private Step insert(Table t) {
    StringBuilder columns = new StringBuilder("id");
    StringBuilder values = new StringBuilder().append(t.nextId++);
    appendColumns(t, columns, values);
    return Step.migration("INSERT INTO " + ddl.ref(t) + " (" + columns + ") VALUES (" + values + ")" + returning());
  }

  private Step upsert(Table t) {
    if (!t.hasKey || t.kind == Kind.PARTITIONED) {
      return insert(t);
    }
    List<Column> targets = t.changeable();
    // An id that exists half of the time, so both branches of ON CONFLICT run.
    long id = random.nextBoolean() ? 1 + random.nextInt(8) : t.nextId++;
    StringBuilder columns = new StringBuilder("id");
    StringBuilder values = new StringBuilder().append(id);
    appendColumns(t, columns, values);
    String action = "DO NOTHING";
    if (!targets.isEmpty() && random.nextInt(4) > 0) {
      Column c = expressions.pick(targets);
      Expr value = random.nextBoolean() ? new Expr("EXCLUDED." + c.sql(), false) : valueFor(c, t);
      model.assign(t, c, value);
      action = "DO UPDATE SET " + c.sql() + " = " + value.sql().replaceAll("\\(SELECT .*\\)", "1");
    }
    return Step.migration("INSERT INTO " + ddl.ref(t) + " (" + columns + ") VALUES (" + values + ") ON CONFLICT (id) "
        + action + returning());
  }

  private void appendColumns(Table t, StringBuilder columns, StringBuilder values) {
    for (Column c : t.changeable()) {
      if (random.nextBoolean()) {
        Expr value = valueFor(c, null);
        columns.append(", ").append(c.sql());
        values.append(", ").append(value.sql().contains("SELECT") ? "NULL" : value.sql());
        model.assign(t, c, value);
      }
    }
    if (t.kind == Kind.PARTITIONED) {
      columns.append(", due");
      values.append(", '2024-07-01'");
    }
  }

  private Step insertSelect(Table t) {
    Table source = expressions.otherTable(t);
    String due = t.kind == Kind.PARTITIONED ? ", due" : "";
    String dueValue = t.kind == Kind.PARTITIONED ? ", date '2024-08-01'" : "";
    long base = t.nextId;
    t.nextId += 20;
    return Step.migration("INSERT INTO " + ddl.ref(t) + " (id" + due + ") SELECT id + " + base + dueValue + " FROM "
        + ddl.ref(source) + " WHERE " + expressions.condition(source).sql());
  }

  private Step boundUpdate(Table t) {
    List<Column> texts = t.columns(Type::isText);
    if (texts.isEmpty()) {
      return update(t);
    }
    Column c = expressions.pick(texts);
    Expr value = expressions.value(Type.TEXT, t);
    model.assign(t, c, value);
    return Step.migration("UPDATE " + ddl.ref(t) + " SET " + c.sql() + " = ? || " + value.sql() + " WHERE id = ?",
        "p" + random.nextInt(10), (long) (1 + random.nextInt(8)));
  }

  private Step boundInsert(Table t) {
    String due = t.kind == Kind.PARTITIONED ? ", due) VALUES (?, date '2024-09-09')" : ") VALUES (?)";
    return Step.migration("INSERT INTO " + ddl.ref(t) + " (id" + due + returning(), (long) t.nextId++);
  }

  private String returning() {
    return random.nextInt(4) == 0 ? " RETURNING id" : "";
  }
}
