package io.citussafe.examples.quarkus;

import io.citussafe.tests.support.PostgresServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the datasource at a fresh schema on the harness's embedded PostgreSQL. */
public final class PlainPostgresResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    return HarnessSchemas.datasource(() -> PostgresServers.plain().newAppUserSchema("quarkus"));
  }

  @Override
  public void stop() {
    // The harness stops its server when the JVM exits; other test classes may still use it.
  }
}
