package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A multi-tenant schema for rule tests, as {@link TestFacts}: {@code countries} (lookup),
 * {@code companies} (root, {@code id}), {@code campaigns} and {@code ads} holding {@code company_id},
 * single-column foreign keys among them, keys {@code (id)} and a {@code UNIQUE (name)}; every table
 * local with rows.
 */
final class TenantFacts {

  private TenantFacts() {
  }

  static TestFacts schema() {
    TestFacts facts = new TestFacts();
    table(facts, "countries", cols("code", "text", "name", "text"), key("countries_pkey", 'p', "code"));
    table(facts, "companies", cols("id", "bigint", "name", "text", "country_code", "text"),
        key("companies_pkey", 'p', "id"));
    table(facts, "campaigns", cols("id", "bigint", "company_id", "bigint", "name", "text"),
        key("campaigns_pkey", 'p', "id"), key("campaigns_name_key", 'u', "name"));
    table(facts, "ads", cols("id", "bigint", "company_id", "bigint", "campaign_id", "bigint", "title", "text"),
        key("ads_pkey", 'p', "id"), new TableKeys.UniqueKey("ads_title_idx", 'i', List.of("title"),
            "CREATE UNIQUE INDEX ads_title_idx ON public.ads USING btree (title) WHERE (title IS NOT NULL)"));
    fk(facts, "companies", "companies_country_code_fkey", "FOREIGN KEY (country_code) REFERENCES countries(code)");
    fk(facts, "campaigns", "campaigns_company_id_fkey",
        "FOREIGN KEY (company_id) REFERENCES companies(id) ON DELETE CASCADE");
    fk(facts, "ads", "ads_company_id_fkey", "FOREIGN KEY (company_id) REFERENCES companies(id)");
    fk(facts, "ads", "ads_campaign_id_fkey", "FOREIGN KEY (campaign_id) REFERENCES campaigns(id) ON DELETE CASCADE");
    return facts;
  }

  static Map<String, String> cols(String... namesAndTypes) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndTypes.length; i += 2) {
      out.put(namesAndTypes[i], namesAndTypes[i + 1]);
    }
    return out;
  }

  static TableKeys.UniqueKey key(String name, char type, String... columns) {
    return new TableKeys.UniqueKey(name, type, List.of(columns), (type == 'p' ? "PRIMARY KEY (" : "UNIQUE (")
        + String.join(", ", columns) + ")");
  }

  static void table(TestFacts facts, String name, Map<String, String> columns, TableKeys.UniqueKey... keys) {
    facts.table(name, TableFacts.Kind.LOCAL, null, 8192);
    facts.keys.put(name, new TableKeys(name, columns, List.of(keys)));
    facts.links.putIfAbsent(name, new ArrayList<>());
  }

  /** A foreign key of {@code holder}, seen from both of its tables. */
  static void fk(TestFacts facts, String holder, String name, String definition) {
    String referenced = ForeignKeyDefinition.parse(definition).referenced();
    facts.links.computeIfAbsent(holder, t -> new ArrayList<>())
        .add(new ForeignKeyLink(holder, name, definition, true, TableFacts.Kind.LOCAL));
    if (!referenced.equals(holder)) {
      facts.links.computeIfAbsent(referenced, t -> new ArrayList<>())
          .add(new ForeignKeyLink(holder, name, definition, false, TableFacts.Kind.LOCAL));
    }
  }
}
