package io.citussafe.tests.differential;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The differential tester with PostgreSQL as the oracle: generated migrations through pgjdbc on
 * plain PostgreSQL, and through citussafe on plain PostgreSQL and on Citus, must end alike, or
 * differ only as {@code differential/known-differences.txt} says.
 *
 * <p>CI runs a fixed seed and a small budget. A long run by hand:
 * <pre>
 * mvn -B -ntp -pl rewriter,driver,tests -am verify -Dtest=DifferentialTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dcitussafe.difftest.statements=100000 -Dcitussafe.difftest.seed=7
 * </pre>
 */
class DifferentialTest {

  private static final long SEED = Long.getLong("citussafe.difftest.seed", 20261206L);
  private static final int PER_SCENARIO = Integer.getInteger("citussafe.difftest.perScenario", 12);

  @Test
  void plainPostgres_citusSafeEqualsPgjdbc() throws SQLException {
    DifferentialTester tester = new DifferentialTester(Route.oracle(PostgresServers.plain()),
        List.of(Route.citusSafeOnPlain(PostgresServers.plain())), KnownDifferences.load(), System.out);

    assertNoDefects(tester.run(SEED, Integer.getInteger("citussafe.difftest.statements", 300), PER_SCENARIO));
  }

  @Test
  @RequiresCitus
  void citus_citusSafeEqualsPostgresOrKnownDifference() throws SQLException {
    DifferentialTester tester = new DifferentialTester(Route.oracle(PostgresServers.plain()),
        List.of(Route.citusSafeOnCitus(PostgresServers.citus())), KnownDifferences.load(), System.out);

    assertNoDefects(tester.run(SEED, Integer.getInteger("citussafe.difftest.statements", 150), PER_SCENARIO));
  }

  private static void assertNoDefects(DifferentialTester.Report report) {
    System.out.println("difftest: " + report);
    // The generator writes mostly valid migrations: a run in which nearly everything failed on
    // PostgreSQL itself would compare error classes and little else.
    assertThat(report.oracleErrors()).as("statements that failed on PostgreSQL").isLessThan(report.statements() / 2);
    assertThat(report.defects())
        .as("differences no entry of known-differences.txt covers, each shrunk:\n%s",
            report.defects().stream().map(Object::toString).collect(Collectors.joining("\n\n")))
        .isEmpty();
  }
}
