package io.citussafe.tests.tenant;

import static io.citussafe.tests.support.Sql.rows;
import static io.citussafe.tests.support.Sql.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code citussafe.distributionColumn=company_id} on a real cluster: the adoption migration of
 * {@link TenantSchema}, as users write it, in three orders, each in one migration transaction; every
 * table ends distributed (or a reference table) and co-located, every key and foreign key in its
 * composite form, every row kept. Without the setting Citus's error says what the setting would do.
 */
@RequiresCitus
class CitusDistributionColumnTest {

  static final String SETTING = "&citussafe.distributionColumn=company_id";
  static final String TABLES = "ARRAY['countries', 'companies', 'users', 'campaigns', 'ads', 'clicks', 'ad_tags']";

  /** The call for each table, as a user writes the adoption migration. */
  static final String ADS = "SELECT create_distributed_table('ads', 'company_id')";
  static final String CAMPAIGNS = "SELECT create_distributed_table('campaigns', 'company_id')";
  static final String USERS = "SELECT create_distributed_table('users', 'company_id')";
  static final String CLICKS = "SELECT create_distributed_table('clicks', 'company_id')";
  static final String TAGS = "SELECT create_distributed_table('ad_tags', 'company_id')";
  static final String COMPANIES = "SELECT create_distributed_table('companies', 'id')";
  static final String COUNTRIES = "SELECT create_reference_table('countries')";

  @Test
  void adoption_referencingTablesFirst_laysOutTheGraphAtTheFirstCall() throws SQLException {
    adopt("dc_order_a", List.of(ADS, CAMPAIGNS, USERS, CLICKS, TAGS, COMPANIES, COUNTRIES));
  }

  @Test
  void adoption_rootFirst_laysOutTheGraphAtTheFirstCall() throws SQLException {
    adopt("dc_order_b", List.of(COMPANIES, USERS, CAMPAIGNS, ADS, CLICKS, TAGS, COUNTRIES));
  }

  @Test
  void adoption_lookupTableFirst_laysOutTheGraphAtTheFirstCall() throws SQLException {
    adopt("dc_order_c", List.of(COUNTRIES, CLICKS, TAGS, ADS, COMPANIES, CAMPAIGNS, USERS));
  }

  /** Runs the calls in one transaction through citussafe, then checks the layout and every row. */
  static Schema adopt(String prefix, List<String> calls) throws SQLException {
    Schema schema = createAndFill(PostgresServers.citus().newAppUserSchema(prefix));
    List<String> before = contents(schema);
    List<String> warned = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + SETTING); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      for (String call : calls) {
        s.execute(call);
        warned.add(warnings(s));
      }
      c.commit();
    }
    assertThat(warned.get(0)).contains("laid out the 7 tables", "countries becomes a reference table",
        "primary key campaigns_pkey of campaigns becomes PRIMARY KEY (company_id, id)");
    for (String later : warned.subList(1, warned.size())) {
      assertThat(later).containsAnyOf("is already distributed", "is already a reference table");
    }
    assertLaidOut(schema);
    assertThat(contents(schema)).isEqualTo(before);
    return schema;
  }

  static Schema createAndFill(Schema schema) throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, TenantSchema.CREATE);
      Sql.execute(c, TenantSchema.FILL);
    }
    return schema;
  }

  static List<String> contents(Schema schema) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = schema.pgjdbcConnection()) {
      for (String table : TenantSchema.TABLES) {
        out.addAll(rows(c, TenantSchema.contents(table)));
      }
    }
    return out;
  }

  /** Every table distributed or a reference table as intended, co-located, keys composite, no stale local rows. */
  static void assertLaidOut(Schema schema) throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(rows(c, "SELECT logicalrelid::text || ' ' || partmethod::text || repmodel::text || ' ' "
          + "|| coalesce(column_to_column_name(logicalrelid, partkey), '-') || ' ' "
          + "|| (colocationid = (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'companies'::regclass))"
          + " FROM pg_dist_partition WHERE logicalrelid::text = ANY (" + TABLES + ") ORDER BY 1")).containsExactly(
              "ad_tags hs company_id true", "ads hs company_id true", "campaigns hs company_id true",
              "clicks hs company_id true", "companies hs id true", "countries nt - false", "users hs company_id true");
      assertThat(rows(c, "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) "
          + "FROM pg_constraint WHERE conrelid::regclass::text = ANY (" + TABLES + ") AND contype IN ('p', 'u', 'f') "
          + "ORDER BY 1")).containsExactlyInAnyOrder(
              "ad_tags ad_tags_ad_id_fkey FOREIGN KEY (company_id, ad_id) REFERENCES ads(company_id, id) ON DELETE CASCADE",
              "ad_tags ad_tags_pkey PRIMARY KEY (company_id, ad_id, tag)",
              "ads ads_campaign_id_fkey FOREIGN KEY (company_id, campaign_id) REFERENCES campaigns(company_id, id) "
                  + "ON DELETE CASCADE",
              "ads ads_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies(id)",
              "ads ads_pkey PRIMARY KEY (company_id, id)",
              "campaigns campaigns_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies(id) ON DELETE CASCADE",
              "campaigns campaigns_country_code_fkey FOREIGN KEY (country_code) REFERENCES countries(code)",
              "campaigns campaigns_name_key UNIQUE (company_id, name)",
              "campaigns campaigns_owner_id_fkey FOREIGN KEY (company_id, owner_id) REFERENCES users(company_id, id)",
              "campaigns campaigns_pkey PRIMARY KEY (company_id, id)",
              "clicks clicks_ad_id_fkey FOREIGN KEY (company_id, ad_id) REFERENCES ads(company_id, id)",
              "clicks clicks_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies(id)",
              "clicks clicks_pkey PRIMARY KEY (company_id, id)",
              "companies companies_country_code_fkey FOREIGN KEY (country_code) REFERENCES countries(code)",
              "companies companies_pkey PRIMARY KEY (id)",
              "countries countries_name_key UNIQUE (name)",
              "countries countries_pkey PRIMARY KEY (code)",
              "users users_company_id_fkey FOREIGN KEY (company_id) REFERENCES companies(id)",
              "users users_email_key UNIQUE (company_id, email)",
              "users users_pkey PRIMARY KEY (company_id, id)");
      assertThat(rows(c, "SELECT pg_get_indexdef('ads_title_idx'::regclass)"))
          .containsExactly("CREATE UNIQUE INDEX ads_title_idx ON " + schema.name()
              + ".ads USING btree (company_id, title) WHERE (title IS NOT NULL)");
      assertThat(rows(c, "SELECT sum(pg_relation_size(t::regclass)) FROM unnest(" + TABLES + ") t"))
          .containsExactly("0");
    }
  }

  @Test
  void tableWithoutTheColumnReferencesATenantTable_refusedNamingIt_nothingChanged() throws SQLException {
    Schema schema = createAndFill(PostgresServers.citus().newAppUserSchema("dc_blocked"));
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of("CREATE TABLE ad_notes (id bigserial PRIMARY KEY, ad_id bigint REFERENCES ads (id), "
          + "body text)"));
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + SETTING); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      assertThatThrownBy(() -> s.execute(CAMPAIGNS)).isInstanceOf(SQLException.class)
          .hasMessageContaining("nothing was changed")
          .hasMessageContaining("ad_notes references ads (ad_notes_ad_id_fkey")
          .hasMessageContaining("ALTER TABLE ad_notes ADD COLUMN company_id bigint")
          .hasMessageContaining("UPDATE ad_notes c SET company_id = p.company_id FROM ads p WHERE p.id = c.ad_id")
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("55000"));
      c.rollback();
    }
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(rows(c, "SELECT count(*) FROM pg_dist_partition WHERE logicalrelid::text = ANY (ARRAY['ads', "
          + "'campaigns', 'countries', 'companies'])")).containsExactly("0");
    }
  }

  @Test
  void withoutTheSetting_citusErrorGainsWhatTheSettingWouldChange() throws SQLException {
    Schema schema = createAndFill(PostgresServers.citus().newAppUserSchema("dc_hint"));
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute(ADS)).isInstanceOf(SQLException.class)
          .hasMessageContaining("citussafe.distributionColumn=company_id")
          .hasMessageContaining("countries becomes a reference table")
          .hasMessageContaining("primary key ads_pkey of ads becomes PRIMARY KEY (company_id, id)")
          .hasMessageContaining("foreign key ads_campaign_id_fkey of ads becomes FOREIGN KEY (company_id, campaign_id) "
              + "REFERENCES campaigns(company_id, id) ON DELETE CASCADE");
    }
  }
}
