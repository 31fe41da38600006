package io.citussafe.tests.differential;

import io.citussafe.tests.differential.Model.Column;
import io.citussafe.tests.differential.Model.Kind;
import io.citussafe.tests.differential.Model.Table;
import io.citussafe.tests.differential.Model.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Objects beside the tables' columns and constraints, as migrations create them: sequences (and
 * a column taking its default from one), trigger functions and triggers, views, comments, new
 * tables with a foreign key, partitions attached later.
 */
final class SchemaObjectGenerator {

  private final Random random;
  private final Model model;
  private final Expressions expressions;
  private final DdlGenerator ddl;

  SchemaObjectGenerator(Random random, Model model, Expressions expressions, DdlGenerator ddl) {
    this.random = random;
    this.model = model;
    this.expressions = expressions;
    this.ddl = ddl;
  }

  List<Step> sequence(Table t) {
    String name = model.fresh("seq");
    model.sequences.add(name);
    Column c = new Column(model.fresh("seq_col"), Type.BIGINT, false);
    List<Step> steps = new ArrayList<>();
    steps.add(Step.migration("CREATE SEQUENCE " + (random.nextBoolean() ? "IF NOT EXISTS " : "") + "@s." + name
        + (random.nextBoolean() ? " AS integer" : "") + (random.nextBoolean() ? " START WITH 100" : "")));
    steps.add(Step.migration("ALTER TABLE " + ddl.ref(t) + " ADD COLUMN " + c.sql()
        + " bigint DEFAULT nextval('@s." + name + "')"));
    t.columns.add(c);
    model.markVolatile(t, c);
    switch (random.nextInt(5)) {
      case 0 -> steps.add(Step.migration("ALTER SEQUENCE @s." + name + " OWNED BY " + ddl.ref(t) + "." + c.sql()));
      case 1 -> steps.add(Step.migration("ALTER SEQUENCE @s." + name + " AS bigint"));
      case 2 -> steps.add(Step.migration("ALTER SEQUENCE @s." + name + " INCREMENT BY 5"));
      case 3 -> steps.add(Step.migration("SELECT setval('@s." + name + "', 500)"));
      default -> steps.add(Step.migration("SELECT nextval('@s." + name + "')"));
    }
    return steps;
  }

  List<Step> trigger(Table t) {
    List<Column> times = t.columns(type -> type == Type.TIMESTAMPTZ);
    List<Column> texts = t.columns(Type::isText);
    String function = model.fresh("touch");
    String body;
    if (!times.isEmpty() && random.nextBoolean()) {
      Column c = expressions.pick(times);
      body = "NEW." + c.sql() + " := now();";
      model.markVolatile(t, c);
    } else if (!texts.isEmpty()) {
      Column c = expressions.pick(texts);
      body = "NEW." + c.sql() + " := upper(NEW." + c.sql() + ");";
    } else {
      body = "NULL;";
    }
    String trigger = model.fresh("trg");
    t.triggers.add(trigger);
    return List.of(
        Step.migration("CREATE OR REPLACE FUNCTION @s." + function + "() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN "
            + body + " RETURN NEW; END$$"),
        Step.migration("CREATE TRIGGER " + trigger + " BEFORE " + (random.nextBoolean() ? "UPDATE" : "INSERT OR UPDATE")
            + " ON " + ddl.ref(t) + " FOR EACH ROW EXECUTE FUNCTION @s." + function + "()"));
  }

  List<Step> view(Table t) {
    String name = model.fresh("v");
    model.views.add(name);
    List<Column> texts = t.columns(Type::isText);
    String columns = texts.isEmpty() ? "id" : "id, " + expressions.pick(texts).sql();
    return DdlGenerator.one("CREATE " + (random.nextBoolean() ? "OR REPLACE " : "") + "VIEW @s." + name
        + " AS SELECT " + columns
        + " FROM " + ddl.ref(t) + " WHERE " + expressions.condition(t).sql());
  }

  List<Step> comment(Table t) {
    Column c = ddl.changeable(t);
    return random.nextBoolean() || c == null
        ? DdlGenerator.one("COMMENT ON TABLE " + ddl.ref(t) + " IS 'rows of " + t.name.replace("'", "") + "'")
        : DdlGenerator.one("COMMENT ON COLUMN " + ddl.ref(t) + "." + c.sql() + " IS 'Spalte " + c.name + "'");
  }

  /** A table the migration creates, with a foreign key to an existing one. */
  List<Step> newTable(Table parent) {
    Table t = new Table(model.fresh("child"), Kind.LOCAL, true);
    t.columns.add(new Column("id", Type.BIGINT, true));
    t.columns.add(new Column("parent_id", Type.BIGINT, false));
    t.columns.add(new Column("label", Type.TEXT, false));
    t.columns.add(new Column("created_at", Type.TIMESTAMPTZ, false));
    model.tables.add(t);
    String fk = parent.kind == Kind.PARTITIONED || !parent.hasKey ? "" : " REFERENCES " + ddl.ref(parent) + " (id)";
    model.volatileColumns.add(t.name + ".created_at");
    return List.of(
        Step.migration("CREATE TABLE " + (random.nextBoolean() ? "IF NOT EXISTS " : "") + ddl.ref(t)
            + " (id bigint PRIMARY KEY, parent_id bigint" + fk + ", label text, created_at timestamptz DEFAULT now())"),
        Step.migration("INSERT INTO " + ddl.ref(t) + " (id, parent_id, label) SELECT id, id, 'child ' || id FROM "
            + ddl.ref(parent) + " WHERE id < 5"));
  }

  List<Step> partition(Table t) {
    if (t.kind != Kind.PARTITIONED) {
      return ddl.addColumn(t);
    }
    String name = model.fresh(t.name + "_2025");
    String bounds = " FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')";
    List<Step> steps = new ArrayList<>();
    if (random.nextBoolean()) {
      steps.add(Step.migration("CREATE TABLE @s." + name + " PARTITION OF " + ddl.ref(t) + bounds));
    } else {
      steps.add(Step.migration("CREATE TABLE @s." + name + " (LIKE " + ddl.ref(t) + ")"));
      steps.add(Step.migration("ALTER TABLE " + ddl.ref(t) + " ATTACH PARTITION @s." + name + bounds));
    }
    steps.add(Step.migration("INSERT INTO " + ddl.ref(t) + " (id, due, name) VALUES (" + (t.nextId++)
        + ", '2025-03-01', 'later')"));
    return steps;
  }
}
