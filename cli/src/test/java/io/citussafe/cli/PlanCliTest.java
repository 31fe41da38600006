package io.citussafe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * {@code citussafe plan} on the checked-in sample migrations, compared exactly with the checked-in
 * reports. After an intended change of the output, regenerate them with
 * {@code mvn -pl cli -am verify -Dtest=PlanCliTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dcitussafe.updateExpected=true} and review the diff.
 */
class PlanCliTest {

  /** Relative, as a user would type it: the reports show paths as given. */
  private static final String MIGRATIONS = "src/test/resources/plan/migrations";
  private static final String LIQUIBASE = "src/test/resources/plan/liquibase/changelog.sql";
  private static final Path EXPECTED = Paths.get("src/test/resources/plan");

  @Test
  void plan_sampleMigrations_textReportAsCheckedIn() throws IOException {
    CliRun run = CliRun.of("plan", MIGRATIONS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertMatches(run.out(), "expected.txt");
    assertThat(run.err()).as("no progress lines when stderr is not a terminal").isEmpty();
  }

  @Test
  void plan_sampleMigrations_jsonReportAsCheckedIn() throws IOException {
    CliRun run = CliRun.of("plan", "--format", "json", MIGRATIONS);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertMatches(run.out(), "expected.json");
  }

  @Test
  void plan_githubFormat_oneAnnotationPerFindingOnItsLine() {
    CliRun run = CliRun.of("plan", "--format", "github", MIGRATIONS);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("::error file=" + MIGRATIONS + "/V7__move_orders_of_tenant_zero.sql,line=2,"
        + "title=citussafe distribution-column-update::it assigns orders.id");
    assertThat(run.out()).contains("::warning file=" + MIGRATIONS + "/V4__products_reference_table.sql,line=5,"
        + "title=citussafe ddl-after-distribute::");
    assertThat(run.out()).contains("::notice file=" + MIGRATIONS + "/V2__distribute_tenants_and_orders.sql,line=1,"
        + "title=citussafe rewrite::ran create_distributed_table on tenants");
    assertThat(run.out().lines().filter(l -> l.startsWith("::error ")).count()).isEqualTo(6);
  }

  @Test
  void plan_failOnLevels_decideTheExitCode() {
    assertThat(CliRun.of("plan", "--fail-on", "none", MIGRATIONS).exitCode()).isZero();
    // the incident alone: rewrites (info) only
    String incident = MIGRATIONS + "/V1__create_tenants_and_orders.sql";
    String distribute = MIGRATIONS + "/V2__distribute_tenants_and_orders.sql";
    assertThat(CliRun.of("plan", incident, distribute).exitCode()).isZero();
    assertThat(CliRun.of("plan", "--fail-on", "warning", incident, distribute).exitCode()).isZero();
    assertThat(CliRun.of("plan", "--fail-on", "info", incident, distribute).exitCode()).isEqualTo(1);
  }

  @Test
  void plan_tableStateCarriesAcrossFiles_distributedInV2IsDistributedInV7() {
    CliRun alone = CliRun.of("plan", MIGRATIONS + "/V7__move_orders_of_tenant_zero.sql");
    CliRun inOrder = CliRun.of("plan", MIGRATIONS);

    assertThat(alone.out()).as("without V1 and V2 the review does not know orders").doesNotContain("distribution-column");
    assertThat(inOrder.out()).contains("error [distribution-column-update]");
  }

  @Test
  void plan_liquibaseChangelog_changesetsInFileOrderWithTheirTransactionMode() throws IOException {
    CliRun run = CliRun.of("plan", LIQUIBASE);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertMatches(run.out(), "expected-liquibase.txt");
  }

  @Test
  void plan_missingPath_oneLineAndHintExit2() {
    CliRun run = CliRun.of("plan", "no/such/folder");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("citussafe plan: error: no such file or folder: no/such/folder\n"
        + "hint: name Flyway or Liquibase .sql files, or folders holding them\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void plan_withoutArguments_usageErrorExit2() {
    CliRun run = CliRun.of("plan");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("citussafe plan: error: Missing required parameter").contains("hint: see citussafe plan --help");
  }

  @Test
  void plan_help_listsExitCodes() {
    CliRun run = CliRun.of("plan", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--fail-on", "--format", "Exit codes:", "0   Done", "1   plan/check: findings",
        "2   Usage error", "3   Could not do the work");
  }

  private static void assertMatches(String actual, String expectedFile) throws IOException {
    Path file = EXPECTED.resolve(expectedFile);
    if (Boolean.getBoolean("citussafe.updateExpected")) {
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }
}
