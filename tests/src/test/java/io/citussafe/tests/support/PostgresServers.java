package io.citussafe.tests.support;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The database servers of the integration tests: one per kind per JVM, started on first use,
 * shared by all test classes and stopped when the JVM exits.
 *
 * <pre>{@code
 * Schema s = PostgresServers.plain().newSchema("rename");
 * try (Connection c = DriverManager.getConnection(s.citusSafeUrl())) { ... }
 * }</pre>
 */
public final class PostgresServers {

  private static TestDatabase plain;
  private static RuntimeException plainFailure;
  private static CitusClusters.Outcome citus;
  private static RuntimeException citusFailure;

  private PostgresServers() {}

  /**
   * Plain PostgreSQL from the embedded binaries (no install needed).
   *
   * @throws IllegalStateException if the server cannot be started; the message holds its output
   */
  public static synchronized TestDatabase plain() {
    // A failed start is remembered: retrying it for every test would only repeat the error slowly.
    if (plainFailure != null) {
      throw plainFailure;
    }
    if (plain == null) {
      try {
        int port = LocalPostgres.freeLoopbackPorts(1)[0];
        LocalPostgres.start(EmbeddedBinaries.binDir(), "embedded", port, Map.of());
        plain = new TestDatabase("embedded PostgreSQL on 127.0.0.1:" + port,
            "127.0.0.1:" + port, "postgres", "postgres", "", false);
      } catch (RuntimeException e) {
        plainFailure = new IllegalStateException("Starting the embedded PostgreSQL failed: " + e.getMessage(), e);
        throw plainFailure;
      }
    }
    return plain;
  }

  /** The superuser's password on {@link #withPasswords()}. */
  public static final String SUPERUSER_PASSWORD = "harness-superuser-password";

  private static TestDatabase withPasswords;

  /**
   * A second embedded PostgreSQL that checks passwords on TCP (scram-sha-256), for tests of wrong
   * passwords; its URLs carry the superuser's password.
   *
   * @throws IllegalStateException if the server cannot be started; the message holds its output
   */
  public static synchronized TestDatabase withPasswords() {
    if (withPasswords == null) {
      int port = LocalPostgres.freeLoopbackPorts(1)[0];
      LocalPostgres.start(EmbeddedBinaries.binDir(), "passwords", port, Map.of(), SUPERUSER_PASSWORD);
      withPasswords = new TestDatabase("embedded PostgreSQL with passwords on 127.0.0.1:" + port,
          "127.0.0.1:" + port, "postgres", "postgres", "&password=" + SUPERUSER_PASSWORD, false);
    }
    return withPasswords;
  }

  /**
   * The coordinator of the Citus cluster the harness found or started. Prefer annotating the
   * test with {@link RequiresCitus}, which skips it with the reason before it starts.
   *
   * @throws org.opentest4j.TestAbortedException if there is no Citus cluster (JUnit reports the
   *     test as skipped, with the reason)
   * @throws IllegalStateException if a cluster was found but could not be set up
   */
  public static TestDatabase citus() {
    String reason = citusUnavailableReason();
    if (reason != null) {
      Assumptions.abort("CITUS TESTS SKIPPED: " + reason);
    }
    return citus.coordinator();
  }

  /**
   * The Citus coordinator when a cluster is available, for callers outside JUnit (the demo).
   *
   * @throws IllegalStateException if a cluster was found but could not be set up
   */
  public static Optional<TestDatabase> citusIfAvailable() {
    return citusUnavailableReason() == null ? Optional.of(citus.coordinator()) : Optional.empty();
  }

  /**
   * Null if a Citus cluster is available, else why not. Searches (and starts) at most once per
   * JVM, and says so loudly on stderr when there is none, since skipped tests are easy to miss.
   *
   * @throws IllegalStateException if a cluster was found but could not be set up, on every call
   */
  static synchronized String citusUnavailableReason() {
    if (citusFailure != null) {
      throw citusFailure;
    }
    if (citus == null) {
      try {
        citus = CitusClusters.find();
      } catch (RuntimeException e) {
        citusFailure = new IllegalStateException("Setting up Citus for the tests failed: " + e.getMessage(), e);
        throw citusFailure;
      }
      if (citus.skipReason() != null) {
        System.err.println("*** CITUS TESTS SKIPPED: " + citus.skipReason() + " ***");
      }
    }
    return citus.skipReason();
  }
}
