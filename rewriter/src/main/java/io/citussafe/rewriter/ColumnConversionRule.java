package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A column type change on a distributed or reference table whose result Citus would compute
 * differently from PostgreSQL, with no error:
 *
 * <ul>
 *   <li>a conversion that reads the session's settings ({@code timestamp} to {@code timestamptz}
 *       reads TimeZone, to {@code text} DateStyle or IntervalStyle, {@code money} lc_monetary…):
 *       Citus converts each shard in its worker's own settings, so a reference table's copies end
 *       hours apart and a distributed table's rows are converted in the workers' zone. The change
 *       runs in a transaction that first sends this session's values to the workers
 *       ({@code SET LOCAL} with {@code citus.propagate_set_commands = 'local'});
 *   <li>a {@code USING} expression that calls a function that is not IMMUTABLE ({@code random()},
 *       {@code now()}…), which each placement would compute on its own: it is computed once from
 *       the coordinator into a helper column, the type changed from it, the helper dropped.
 * </ul>
 *
 * A table that has rows but no row key cannot be matched row by row, so the second form is then
 * refused with what to write instead. Citus-local tables need neither: their one copy is converted
 * by this session.
 */
final class ColumnConversionRule implements Rule<ColumnConversionRule.Conversions> {

  /** Types (as {@code format_type} writes them) that convert to and from each other without reading a setting. */
  private static final Set<String> SETTING_FREE = Set.of("smallint", "integer", "bigint", "numeric", "text",
      "character varying", "character", "bpchar", "name", "boolean", "uuid", "json", "jsonb");

  /**
   * One {@code ALTER [COLUMN] c [SET DATA] TYPE t [COLLATE x] [USING e]} of the statement.
   *
   * @param type the new type as written, with its COLLATE clause
   * @param using the USING expression as written, or null
   */
  record Conversions(String sql, AlterTable alter, List<Conversion> conversions) {
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter");
  }

  @Override
  public Conversions match(StatementText statement) {
    AlterTable alter = AlterTable.read(statement);
    if (alter == null) {
      return null;
    }
    List<Conversion> conversions = new ArrayList<>(1);
    for (AlterTable.Action action : alter.actions) {
      Conversion conversion = action.startsWith("alter") ? Conversion.read(action.text()) : null;
      if (conversion != null) {
        conversions.add(conversion);
      }
    }
    return conversions.isEmpty() ? null : new Conversions(statement.text, alter, List.copyOf(conversions));
  }

  @Override
  public Plan plan(Conversions match, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus()) {
      return null;
    }
    AlterTable alter = match.alter();
    TableFacts table = facts.tableNow(alter.table);
    if (!table.isSharded()) {
      return null;
    }
    ColumnFacts columns = facts.columns(alter.table);
    boolean readsSettings = false;
    Conversion computed = null;
    Set<String> calls = Set.of();
    for (Conversion conversion : match.conversions()) {
      if (conversion.storedColumn().equals(table.distributionColumn())) {
        // Citus refuses to change the distribution column's type; its error carries the hint
        return null;
      }
      readsSettings |= conversion.using() != null || !SETTING_FREE.contains(TypeNames.normalize(conversion.type()))
          || !SETTING_FREE.contains(columns.columnTypes().getOrDefault(conversion.storedColumn(), "unknown"));
      Set<String> notImmutable = conversion.using() == null ? Set.of()
          : CallSpans.notImmutable(conversion.using(), facts).keySet();
      if (!notImmutable.isEmpty()) {
        computed = conversion;
        calls = notImmutable;
      }
    }
    if (!readsSettings) {
      return null;
    }
    String kind = table.isReference() ? "reference" : "distributed";
    Map<String, String> settings = facts.settings(SessionSettings.NAMES);
    List<Step> steps = settingSteps(settings);
    if (computed == null) {
      steps.addAll(next.planGenerated(match.sql()));
      return Plan.of(new Step.Together(steps), new Step.Invalidate(alter.table), new Step.Report("changed the type "
          + "in a transaction that first sends this session's settings to the workers (" + described(settings) + "): Citus "
          + "converts each shard of the " + kind + " table " + alter.table + " in its worker's own settings, so "
          + (table.isReference() ? "the copies would differ" : "values would be converted in the workers' time zone "
          + "and styles")));
    }
    String refusal = refusal(match, computed, calls, table, columns, facts);
    if (refusal != null) {
      return Plan.of(new Step.Fail(refusal, SqlState.FEATURE_NOT_SUPPORTED));
    }
    String helper = helperName(computed.storedColumn(), columns.columnTypes());
    steps.addAll(next.planGenerated(alter.statement("ADD COLUMN " + helper + " " + computed.type())));
    SilentFill fill = SilentFill.around(alter.table, facts,
        next.planGenerated("UPDATE " + alter.table + " SET " + helper + " = " + computed.using()));
    steps.addAll(fill.steps());
    steps.addAll(next.planGenerated(alter.statement("ALTER COLUMN " + computed.column() + " TYPE " + computed.type()
        + " USING " + helper)));
    steps.addAll(next.planGenerated(alter.statement("DROP COLUMN " + helper)));
    return Plan.of(new Step.Together(steps), new Step.Invalidate(alter.table), new Step.Report("computed the USING "
        + "expression " + computed.using() + " once from the coordinator into the helper column " + helper + ", "
        + "changed the type of " + computed.column() + " from it and dropped the helper, in one transaction: it "
        + "calls " + String.join(", ", calls) + ", which Citus would compute on each placement of the " + kind
        + " table " + alter.table + (table.isReference() ? ", leaving the copies different" : "") + fill.warning()));
  }

  /** Why the non-IMMUTABLE USING cannot be computed once, or null when it can. */
  private static String refusal(Conversions match, Conversion computed, Set<String> calls, TableFacts table,
      ColumnFacts columns, Facts facts) throws SQLException {
    String t = match.alter().table;
    String again = table.isReference() ? "SELECT create_reference_table('" + t + "')"
        : "SELECT create_distributed_table('" + t + "', '" + table.distributionColumn() + "')";
    String ways = " Or change the type where the table has one copy: SELECT undistribute_table('" + t + "'), this "
        + "statement, then " + again + ". Nothing was changed. Statement: " + match.sql();
    String why = "citussafe refused this statement: its USING expression calls " + String.join(", ", calls)
        + ", which is not IMMUTABLE, so Citus would compute it on each placement of " + t;
    if (match.conversions().size() > 1) {
      return why + ", and citussafe computes such an expression once from the coordinator only in an ALTER TABLE "
          + "of its own. Change the type of " + computed.column() + " in a statement of its own." + ways;
    }
    if (columns.rowKey().isEmpty() && facts.hasRows(t)) {
      return why + "; citussafe would compute it once from the coordinator, matching each row by its key, but " + t
          + " has rows and no primary key or unique key over NOT NULL columns. Add a primary key first." + ways;
    }
    return null;
  }

  /** {@code SET LOCAL} of each setting a conversion can read, to this session's value, sent on to the workers. */
  private static List<Step> settingSteps(Map<String, String> values) {
    List<Step> steps = new ArrayList<>(values.size() + 1);
    for (String statement : SessionSettings.setLocal(values)) {
      steps.add(new Step.Run(statement));
    }
    return steps;
  }

  /** {@code TimeZone 'UTC', DateStyle 'ISO, MDY'…}: the settings sent. */
  private static String described(Map<String, String> values) {
    List<String> settings = new ArrayList<>(values.size());
    values.forEach((name, value) -> settings.add(name + " " + SqlText.quoteLiteral(value)));
    // the offline review knows no session: its plan shows where the values would go
    return settings.isEmpty() ? "its TimeZone, DateStyle and IntervalStyle" : String.join(", ", settings);
  }

  /** A column name the table does not have yet, for the computed values. */
  private static String helperName(String column, Map<String, String> existing) {
    String name = Names.truncated("citussafe_" + column);
    for (int i = 2; existing.containsKey(name); i++) {
      name = Names.truncated("citussafe_" + i + "_" + column);
    }
    return Names.quoted(name);
  }
}
