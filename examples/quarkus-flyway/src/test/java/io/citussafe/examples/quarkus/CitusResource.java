package io.citussafe.examples.quarkus;

import io.citussafe.tests.support.PostgresServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points the datasource at a fresh schema on the Citus coordinator the harness found or started.
 * Only for test classes marked {@link io.citussafe.tests.support.RequiresCitus}, which JUnit skips
 * before Quarkus starts them when there is no cluster.
 */
public final class CitusResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return HarnessSchemas.datasource(() -> PostgresServers.citus().newAppUserSchema("quarkus_citus"));
  }

  @Override
  public void stop() {
    // The harness stops or cleans up its cluster when the JVM exits.
  }
}
