package io.citussafe.tests.differential;

import io.citussafe.tests.differential.Model.Column;
import io.citussafe.tests.differential.Model.Table;
import io.citussafe.tests.differential.Model.Type;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Value expressions of the kinds migrations write into SET, VALUES, DEFAULT and WHERE: literals,
 * operators, casts, CASE/COALESCE, immutable, STABLE and volatile calls, subqueries. Each says
 * whether its value may legitimately differ between two runs (a volatile call, or the clock),
 * so the comparer checks such a column only for being non-null. A STABLE call whose result
 * depends on the session ({@code to_char} of a {@code timestamptz}) is not such a value: both
 * runs use the same session settings and must agree.
 */
final class Expressions {

  /** An expression and whether its value differs between runs. */
  record Expr(String sql, boolean varies) {}

  private final Random random;
  private final Model model;

  Expressions(Random random, Model model) {
    this.random = random;
    this.model = model;
  }

  /** A value for a column of {@code type}, reading columns of {@code table} (null: none). */
  Expr value(Type type, Table table) {
    return switch (type) {
      case INT, BIGINT -> integer(table);
      case NUMERIC -> numeric(table);
      case TEXT, VARCHAR -> text(table);
      case TIMESTAMPTZ -> timestamp(table);
      case DATE -> date(table);
      case BOOLEAN -> bool(table);
    };
  }

  /** A default for a new or existing column: immutable, STABLE or volatile. */
  Expr defaultFor(Type type) {
    return switch (type) {
      case TIMESTAMPTZ -> oneOf(() -> fixed("now()", true), () -> fixed("clock_timestamp()", true),
          () -> fixed("CURRENT_TIMESTAMP", true), () -> fixed("'2024-01-01 00:00:00+00'", false));
      case TEXT, VARCHAR -> oneOf(() -> fixed("'none'", false), () -> fixed("gen_random_uuid()::text", true),
          () -> fixed("md5(random()::text)", true), () -> fixed("to_char(now(), 'YYYY')", true));
      case INT, BIGINT -> oneOf(() -> fixed("0", false), () -> fixed("(random() * 1000)::int", true),
          () -> fixed("42", false));
      case NUMERIC -> oneOf(() -> fixed("0", false), () -> fixed("1.5", false));
      case DATE -> oneOf(() -> fixed("CURRENT_DATE", true), () -> fixed("'2024-06-01'", false));
      case BOOLEAN -> oneOf(() -> fixed("false", false), () -> fixed("true", false));
    };
  }

  /** A boolean condition on the rows of {@code table}, for WHERE. */
  Expr condition(Table table) {
    Column key = column(table, Type.BIGINT);
    String id = key == null ? "1" : key.sql();
    return oneOf(
        () -> fixed(id + " = " + (1 + random.nextInt(10)), false),
        () -> fixed(id + " > " + random.nextInt(8), false),
        () -> fixed(id + " IN (" + (1 + random.nextInt(4)) + ", " + (4 + random.nextInt(5)) + ")", false),
        () -> nullTest(table),
        () -> fixed("random() >= 0", false),
        () -> fixed(id + " IN (SELECT id FROM @s." + otherTable(table).sql() + " WHERE id < 5)", false),
        () -> fixed(value(Type.BOOLEAN, table).sql(), false));
  }

  private Expr nullTest(Table table) {
    Column c = anyColumn(table);
    return fixed(c == null ? "true" : c.sql() + (random.nextBoolean() ? " IS NULL" : " IS NOT NULL"), false);
  }

  private Expr integer(Table table) {
    Column n = column(table, Type.INT);
    Column s = textColumn(table);
    Column ts = column(table, Type.TIMESTAMPTZ);
    return oneOf(
        () -> fixed(String.valueOf(random.nextInt(100)), false),
        () -> fixed(n == null ? "7" : n.sql() + " + 1", false),
        () -> fixed(n == null ? "8" : "coalesce(" + n.sql() + ", 0) * 2", false),
        () -> fixed(s == null ? "9" : "length(" + s.sql() + ")", false),
        () -> fixed(ts == null ? "10" : "extract(day FROM " + ts.sql() + ")::int", false),
        () -> fixed("(SELECT count(*) FROM @s." + otherTable(table).sql() + ")::int", false),
        () -> fixed("CASE WHEN " + condition(table).sql() + " THEN 1 ELSE 2 END", false),
        () -> fixed("(random() * 100)::int", true),
        () -> sequenceValue());
  }

  private Expr sequenceValue() {
    // Rows take values in the order a plan visits them, which no two servers share.
    return model.sequences.isEmpty() ? fixed("3", false)
        : fixed("nextval('@s." + pick(model.sequences) + "')", true);
  }

  private Expr numeric(Table table) {
    Column n = column(table, Type.NUMERIC);
    return oneOf(
        () -> fixed(random.nextInt(1000) + ".25", false),
        () -> fixed(n == null ? "1.5" : "round(" + n.sql() + " * 1.1, 1)", false),
        () -> fixed(n == null ? "2.5" : "coalesce(" + n.sql() + ", 0) + 1", false),
        () -> fixed("random() * 10", true));
  }

  private Expr text(Table table) {
    Column s = textColumn(table);
    Column ts = column(table, Type.TIMESTAMPTZ);
    Column n = column(table, Type.INT);
    String str = s == null ? "'x'" : s.sql();
    String time = ts == null ? "timestamptz '2024-01-02 03:04:05+00'" : ts.sql();
    return oneOf(
        () -> fixed("'v" + random.nextInt(100) + "'", false),
        () -> fixed("upper(" + str + ")", false),
        () -> fixed(str + " || '-x'", false),
        () -> fixed("coalesce(" + str + ", 'none')", false),
        () -> fixed("to_char(" + time + ", 'YYYY-MM-DD HH24:MI')", false),
        () -> fixed(time + "::text", false),
        () -> fixed("format('%s/%s', " + (n == null ? "1" : n.sql()) + ", " + str + ")", false),
        () -> fixed("CASE WHEN " + str + " IS NULL THEN 'empty' ELSE lower(" + str + ") END", false),
        () -> fixed("clock_timestamp()::text", true),
        () -> fixed(str + " || clock_timestamp()", true),
        () -> fixed("gen_random_uuid()::text", true),
        () -> maxStatusOf(otherTable(table)));
  }

  /** A subquery on another table: it varies when the column it reads there does. */
  private Expr maxStatusOf(Table other) {
    boolean varies = model.volatileColumns.contains(other.name + ".status");
    return fixed("(SELECT max(status) FROM @s." + other.sql() + ")", varies);
  }

  private Expr timestamp(Table table) {
    Column ts = column(table, Type.TIMESTAMPTZ);
    Column n = column(table, Type.INT);
    String time = ts == null ? "timestamptz '2024-01-02 03:04:05+00'" : ts.sql();
    return oneOf(
        () -> fixed("now()", true),
        () -> fixed("clock_timestamp()", true),
        () -> fixed(time + " + interval '1 day'", false),
        () -> fixed("date_trunc('day', " + time + ")", false),
        () -> fixed(time + " + (" + (n == null ? "1" : "coalesce(" + n.sql() + ", 0)") + " || ' hours')::interval",
            false),
        () -> fixed("'2024-05-01 10:00:00+02'", false),
        () -> fixed("coalesce(" + time + ", now())", true));
  }

  private Expr date(Table table) {
    Column ts = column(table, Type.TIMESTAMPTZ);
    return oneOf(
        () -> fixed("'2024-0" + (1 + random.nextInt(9)) + "-01'", false),
        () -> fixed(ts == null ? "'2024-02-02'" : ts.sql() + "::date", false),
        () -> fixed("CURRENT_DATE", true));
  }

  private Expr bool(Table table) {
    Column n = column(table, Type.INT);
    Column s = textColumn(table);
    return oneOf(
        () -> fixed(random.nextBoolean() ? "true" : "false", false),
        () -> fixed(n == null ? "true" : n.sql() + " % 2 = 0", false),
        () -> fixed(s == null ? "false" : s.sql() + " LIKE 'name%'", false),
        () -> fixed("random() < 2", false));
  }

  Table otherTable(Table table) {
    List<Table> others = model.tables.stream().filter(t -> t != table).toList();
    return others.isEmpty() ? table : pick(others);
  }

  private Column column(Table table, Type type) {
    return readable(table, t -> t == type);
  }

  private Column textColumn(Table table) {
    return readable(table, Type::isText);
  }

  private Column anyColumn(Table table) {
    return readable(table, t -> true);
  }

  /**
   * A column to read, never one whose values vary between runs: a condition or value read from
   * it would make row counts and outcomes differ for no fault of either side.
   */
  private Column readable(Table table, Predicate<Type> type) {
    if (table == null) {
      return null;
    }
    List<Column> columns = table.columns(type).stream()
        .filter(c -> !model.volatileColumns.contains(table.name + "." + c.name)).toList();
    return columns.isEmpty() ? null : pick(columns);
  }

  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  @SafeVarargs
  private Expr oneOf(Supplier<Expr>... choices) {
    return choices[random.nextInt(choices.length)].get();
  }

  private static Expr fixed(String sql, boolean varies) {
    return new Expr(sql, varies);
  }
}
