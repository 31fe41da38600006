package io.citussafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code citussafe plan --distribution-column}: the adoption plan of a multi-tenant schema, offline. */
class PlanDistributionColumnCliTest {

  private static final String MIGRATIONS = "src/test/resources/plan/tenant";

  @Test
  void plan_distributionColumn_printsTheLayoutAndWhatBlocksIt() {
    CliRun run = CliRun.of("plan", "--fail-on", "none", "--distribution-column", "company_id", MIGRATIONS);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    // V2: a table without the column references ads, so nothing changes and the fix is named
    assertThat(flat(run)).contains("ad_notes references ads", "ALTER TABLE ad_notes ADD COLUMN company_id bigint");
    // V3: the layout at the first call (the review takes V2's refused call as run: ads stays as it is)
    assertThat(flat(run)).contains("countries becomes a reference table", "companies is distributed by id",
        "campaigns is distributed by company_id, co-located with companies",
        "primary key campaigns_pkey of campaigns becomes PRIMARY KEY (company_id, id)",
        "unique constraint campaigns_name_key of campaigns becomes UNIQUE (company_id, name)",
        "SELECT create_distributed_table('campaigns', 'company_id', colocate_with => 'companies')",
        "companies is already distributed on column id");
  }

  /** The report wraps long lines: compared as one line. */
  private static String flat(CliRun run) {
    return run.out().replaceAll("\\s+", " ");
  }

  @Test
  void plan_withoutTheOption_citusRefusalCarriesTheHint() {
    CliRun run = CliRun.of("plan", "--fail-on", "none", MIGRATIONS);

    assertThat(flat(run)).contains("with citussafe.distributionColumn=company_id on the migration's URL");
  }
}
