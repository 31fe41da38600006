package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistributionGraphRuleTest {

  private static final DistributionGraphRule WITH_SETTING =
      new DistributionGraphRule(Options.DEFAULTS.withDistributionColumn("company_id"));
  private static final DistributionGraphRule WITHOUT = new DistributionGraphRule(Options.DEFAULTS);

  private static Plan plan(DistributionGraphRule rule, String sql, TestFacts facts) throws SQLException {
    DistributeRule.Call call = rule.match(new StatementText(sql));
    return call == null ? null : rule.plan(call, facts, TestFacts.AS_WRITTEN);
  }

  /** The statements a plan runs, in order, its Together opened. */
  private static List<String> runs(Plan plan) {
    List<String> out = new ArrayList<>();
    for (Step step : plan.steps()) {
      if (step instanceof Step.Together together) {
        together.steps().stream().filter(Step.Run.class::isInstance).forEach(s -> out.add(((Step.Run) s).sql()));
      }
    }
    return out;
  }

  private static final List<String> LAYOUT = List.of(
      "SET LOCAL citus.multi_shard_modify_mode TO 'sequential'",
      "ALTER TABLE ads DROP CONSTRAINT ads_company_id_fkey",
      "ALTER TABLE ads DROP CONSTRAINT ads_campaign_id_fkey",
      "ALTER TABLE companies DROP CONSTRAINT companies_country_code_fkey",
      "ALTER TABLE campaigns DROP CONSTRAINT campaigns_company_id_fkey",
      "ALTER TABLE ads DROP CONSTRAINT ads_pkey",
      "ALTER TABLE ads ADD CONSTRAINT ads_pkey PRIMARY KEY (company_id, id)",
      "DROP INDEX ads_title_idx",
      "CREATE UNIQUE INDEX ads_title_idx ON public.ads USING btree (company_id, title) WHERE (title IS NOT NULL)",
      "ALTER TABLE campaigns DROP CONSTRAINT campaigns_pkey",
      "ALTER TABLE campaigns ADD CONSTRAINT campaigns_pkey PRIMARY KEY (company_id, id)",
      "ALTER TABLE campaigns DROP CONSTRAINT campaigns_name_key",
      "ALTER TABLE campaigns ADD CONSTRAINT campaigns_name_key UNIQUE (company_id, name)",
      "SELECT create_reference_table('countries')",
      "SELECT create_distributed_table('companies', 'id')",
      "SELECT create_distributed_table('ads', 'company_id', colocate_with => 'companies')",
      "SELECT create_distributed_table('campaigns', 'company_id', colocate_with => 'companies')",
      "SELECT truncate_local_data_after_distributing_table('ads')",
      "SELECT truncate_local_data_after_distributing_table('companies')",
      "SELECT truncate_local_data_after_distributing_table('campaigns')",
      "SELECT truncate_local_data_after_distributing_table('countries')",
      "ALTER TABLE ads ADD CONSTRAINT ads_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies(id)",
      "ALTER TABLE ads ADD CONSTRAINT ads_campaign_id_fkey FOREIGN KEY (company_id, campaign_id) "
          + "REFERENCES campaigns(company_id, id) ON DELETE CASCADE",
      "ALTER TABLE companies ADD CONSTRAINT companies_country_code_fkey FOREIGN KEY (country_code) "
          + "REFERENCES countries(code)",
      "ALTER TABLE campaigns ADD CONSTRAINT campaigns_company_id_fkey FOREIGN KEY (company_id) "
          + "REFERENCES companies(id) ON DELETE CASCADE");

  @Test
  void plan_tenantTableFirst_laysOutTheWholeGraphInOneTransaction() throws SQLException {
    Plan plan = plan(WITH_SETTING, "SELECT create_distributed_table('ads', 'company_id')", TenantFacts.schema());

    assertThat(runs(plan)).containsExactlyElementsOf(LAYOUT);
    List<Step> together = ((Step.Together) plan.steps().get(0)).steps();
    assertThat(together.get(together.size() - 1))
        .isEqualTo(new Step.Answer("SELECT NULL::void AS create_distributed_table"));
    assertThat(plan.reports()).anySatisfy(r -> assertThat(r).contains("laid out the 4 tables connected to ads"))
        .anySatisfy(r -> assertThat(r).contains("countries becomes a reference table (it has no column company_id)"))
        .anySatisfy(r -> assertThat(r).contains("companies is distributed by id"))
        .anySatisfy(r -> assertThat(r).contains("unique index ads_title_idx of ads becomes (company_id, title)"));
  }

  @Test
  void plan_rootCallOrAnotherTenantTable_sameStatementsFromAnotherStart() throws SQLException {
    for (String call : List.of("SELECT create_distributed_table('companies', 'id')",
        "SELECT create_distributed_table('campaigns', 'company_id')")) {
      assertThat(runs(plan(WITH_SETTING, call, TenantFacts.schema()))).containsExactlyInAnyOrderElementsOf(LAYOUT);
    }
  }

  @Test
  void plan_lookupTableOnlyOthersReference_leftToTheNextRule_unlessATenantTableReferencesIt() throws SQLException {
    assertThat(plan(WITH_SETTING, "SELECT create_reference_table('countries')", TenantFacts.schema())).isNull();

    TestFacts facts = TenantFacts.schema();
    TenantFacts.fk(facts, "campaigns", "campaigns_country_code_fkey", "FOREIGN KEY (country_code) REFERENCES countries(code)");
    assertThat(runs(plan(WITH_SETTING, "SELECT create_reference_table('countries')", facts)))
        .contains("SELECT create_reference_table('countries')", "SELECT create_distributed_table('companies', 'id')",
            "ALTER TABLE campaigns ADD CONSTRAINT campaigns_country_code_fkey FOREIGN KEY (country_code) "
                + "REFERENCES countries(code)");
  }

  @Test
  void plan_rootWithAUniqueNameOfItsOwn_becomesAReferenceTable() throws SQLException {
    TestFacts facts = TenantFacts.schema();
    TenantFacts.table(facts, "companies", TenantFacts.cols("id", "bigint", "name", "text", "country_code", "text"),
        TenantFacts.key("companies_pkey", 'p', "id"), TenantFacts.key("companies_name_key", 'u', "name"));

    List<String> runs = runs(plan(WITH_SETTING, "SELECT create_distributed_table('campaigns', 'company_id')", facts));

    assertThat(runs).contains("SELECT create_reference_table('companies')",
        "SELECT create_distributed_table('campaigns', 'company_id')",
        "SELECT create_distributed_table('ads', 'company_id', colocate_with => 'campaigns')");
  }

  @Test
  void plan_tableWithoutTheColumnReferencesATenantTable_refusedNamingItAndTheFix() throws SQLException {
    TestFacts facts = TenantFacts.schema();
    TenantFacts.table(facts, "ad_notes", TenantFacts.cols("id", "bigint", "ad_id", "bigint"),
        TenantFacts.key("ad_notes_pkey", 'p', "id"));
    TenantFacts.fk(facts, "ad_notes", "ad_notes_ad_id_fkey", "FOREIGN KEY (ad_id) REFERENCES ads(id)");

    Plan plan = plan(WITH_SETTING, "SELECT create_distributed_table('campaigns', 'company_id')", facts);

    Step.Fail fail = (Step.Fail) plan.steps().get(0);
    assertThat(fail.sqlState()).isEqualTo(SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE);
    assertThat(fail.message()).contains("nothing was changed", "ad_notes references ads (ad_notes_ad_id_fkey",
        "ALTER TABLE ad_notes ADD COLUMN company_id bigint",
        "UPDATE ad_notes c SET company_id = p.company_id FROM ads p WHERE p.id = c.ad_id");
  }

  @Test
  void plan_setNullOnTheDistributionColumn_refusedNamingTheConstraint() throws SQLException {
    TestFacts facts = TenantFacts.schema();
    facts.links.get("ads").removeIf(l -> l.name().equals("ads_campaign_id_fkey"));
    facts.links.get("campaigns").removeIf(l -> l.name().equals("ads_campaign_id_fkey"));
    TenantFacts.fk(facts, "ads", "ads_campaign_id_fkey",
        "FOREIGN KEY (campaign_id) REFERENCES campaigns(id) ON DELETE SET NULL");

    Step.Fail fail = (Step.Fail) plan(WITH_SETTING, "SELECT create_distributed_table('ads', 'company_id')", facts)
        .steps().get(0);

    assertThat(fail.message()).contains("the foreign key ads_campaign_id_fkey of ads", "ON DELETE SET NULL",
        "change it to NO ACTION, RESTRICT or CASCADE");
  }

  @Test
  void plan_lookupReferencesATenantTable_refused() throws SQLException {
    TestFacts facts = TenantFacts.schema();
    TenantFacts.table(facts, "countries", TenantFacts.cols("code", "text", "flagship_ad", "bigint"),
        TenantFacts.key("countries_pkey", 'p', "code"));
    TenantFacts.fk(facts, "countries", "countries_flagship_ad_fkey", "FOREIGN KEY (flagship_ad) REFERENCES ads(id)");

    Step.Fail fail = (Step.Fail) plan(WITH_SETTING, "SELECT create_distributed_table('ads', 'company_id')", facts)
        .steps().get(0);

    assertThat(fail.message()).contains("countries becomes a reference table", "references ads");
  }

  @Test
  void plan_typeOfTheColumnDiffers_refusedWithTheFix() throws SQLException {
    TestFacts facts = TenantFacts.schema();
    TenantFacts.table(facts, "ads", TenantFacts.cols("id", "bigint", "company_id", "integer", "campaign_id", "bigint"),
        TenantFacts.key("ads_pkey", 'p', "id"));

    Step.Fail fail = (Step.Fail) plan(WITH_SETTING, "SELECT create_distributed_table('ads', 'company_id')", facts)
        .steps().get(0);

    assertThat(fail.message()).contains("ads.company_id is integer but companies.id is bigint",
        "ALTER TABLE ads ALTER COLUMN company_id TYPE bigint");
  }

  @Test
  void plan_laterCallForTheRootMadeAReferenceTable_skippedWithAWarning() throws SQLException {
    TestFacts facts = TenantFacts.schema();
    facts.table("companies", TableFacts.Kind.REFERENCE, null);
    facts.table("campaigns", TableFacts.Kind.DISTRIBUTED, "company_id");

    Plan plan = plan(WITH_SETTING, "SELECT create_distributed_table('companies', 'id')", facts);

    assertThat(plan.answerText()).isEqualTo("SELECT NULL::void AS create_distributed_table");
    assertThat(plan.reports()).singleElement().asString().contains("companies is a reference table by "
        + "citussafe.distributionColumn=company_id", "skipped");
  }

  @Test
  void plan_alreadyDistributedOrKeyHoldsTheColumn_leftToTheNextRule() throws SQLException {
    TestFacts facts = TenantFacts.schema();
    facts.table("ads", TableFacts.Kind.DISTRIBUTED, "company_id");
    assertThat(plan(WITH_SETTING, "SELECT create_distributed_table('ads', 'company_id')", facts)).isNull();

    TestFacts alone = new TestFacts();
    TenantFacts.table(alone, "events", TenantFacts.cols("company_id", "bigint", "id", "bigint"),
        TenantFacts.key("events_pkey", 'p', "company_id", "id"));
    assertThat(plan(WITH_SETTING, "SELECT create_distributed_table('events', 'company_id')", alone)).isNull();
    // another column than the setting's is the user's own choice
    assertThat(plan(WITH_SETTING, "SELECT create_distributed_table('ads', 'id')", TenantFacts.schema())).isNull();
  }

  @Test
  void plan_plainPostgres_skipped() throws SQLException {
    Plan plan = plan(WITH_SETTING, "SELECT create_distributed_table('ads', 'company_id')",
        TenantFacts.schema().onPlainPostgres());

    assertThat(plan.answerText()).isEqualTo("SELECT NULL::void AS create_distributed_table");
    assertThat(plan.reports()).singleElement().asString().contains("plain PostgreSQL");
  }

  @Test
  void plan_withoutTheSetting_callRunsWithTheHint() throws SQLException {
    Plan plan = plan(WITHOUT, "SELECT create_distributed_table('ads', 'company_id')", TenantFacts.schema());

    Step.User user = (Step.User) plan.steps().get(0);
    assertThat(user.sql()).isEqualTo("SELECT create_distributed_table('ads', 'company_id')");
    assertThat(user.hint()).contains("with citussafe.distributionColumn=company_id",
        "countries becomes a reference table", "primary key ads_pkey of ads becomes PRIMARY KEY (company_id, id)",
        "foreign key ads_campaign_id_fkey of ads becomes FOREIGN KEY (company_id, campaign_id) "
            + "REFERENCES campaigns(company_id, id) ON DELETE CASCADE");
  }

  @Test
  void match_concurrentOrNotALiteral_notRead() {
    assertThat(WITH_SETTING.match(new StatementText("SELECT create_distributed_table_concurrently('ads', "
        + "'company_id')"))).isNull();
    assertThat(WITH_SETTING.match(new StatementText("SELECT create_distributed_table(?, 'company_id')"))).isNull();
  }
}
