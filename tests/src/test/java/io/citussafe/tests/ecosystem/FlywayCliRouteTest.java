package io.citussafe.tests.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.Schema;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.flywaydb.core.Flyway;
import org.flywaydb.database.cockroachdb.CockroachDBDatabaseType;
import org.flywaydb.database.postgresql.PostgreSQLDatabaseType;
import org.junit.jupiter.api.Test;

/**
 * The Flyway command-line route: its launcher puts {@code lib/*} and {@code drivers/*} on one
 * class path, so dropping {@code citussafe.jar} into {@code drivers/} must be enough. These tests
 * rebuild that class path in a class loader of its own (parent: the platform loader, so nothing
 * of this test's class path leaks in) from the shaded jar the build produced
 * ({@code driver/target/citussafe.jar}, passed in as system property {@code citussafe.jar}) and
 * Flyway's jars, and migrate through Flyway's public API inside it.
 */
class FlywayCliRouteTest {

  private static final String PLUGIN_CLASS = "io.citussafe.flyway.CitusSafeFlywayDatabaseType";
  private static final String PLUGIN_SERVICE = "META-INF/services/org.flywaydb.core.extensibility.Plugin";

  @Test
  void shadedJar_holdsPluginAndServiceFile_butNoFlyway() throws IOException {
    try (JarFile jar = new JarFile(shadedJar().toFile())) {
      ZipEntry service = jar.getEntry(PLUGIN_SERVICE);
      assertThat(service).as(PLUGIN_SERVICE).isNotNull();
      String services = new String(jar.getInputStream(service).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(services.lines().map(String::trim)).contains(PLUGIN_CLASS);
      assertThat(jar.getEntry(PLUGIN_CLASS.replace('.', '/') + ".class")).isNotNull();
      assertThat(jar.getEntry("META-INF/services/java.sql.Driver")).isNotNull();
      assertThat(Collections.list(jar.entries())).extracting(ZipEntry::getName)
          .noneMatch(name -> name.startsWith("org/flywaydb/"));
    }
  }

  @Test
  void migrate_shadedJarInDriversFolder_plainPostgres() throws Exception {
    Schema schema = PostgresServers.plain().newAppUserSchema("flyway_cli");

    try (URLClassLoader cli = isolated(shadedJar(), flywayCore(), flywayPostgresql(), flywayCockroach())) {
      assertThat(cli.loadClass(PLUGIN_CLASS).getProtectionDomain().getCodeSource().getLocation())
          .isEqualTo(shadedJar().toUri().toURL());

      Object result = migrate(cli, schema.citusSafeUrl(), schema.user());

      assertThat(result.getClass().getField("migrationsExecuted").getInt(result)).isEqualTo(Incident.MIGRATIONS);
      assertThat(result.getClass().getField("success").getBoolean(result)).isTrue();
    }
    Incident.assertMigrated(schema, false);
  }

  /** What users see without citussafe.jar: the reason the plugin exists. */
  @Test
  void migrate_withoutShadedJar_flywayFindsNoDatabaseForTheUrl() throws Exception {
    Schema schema = PostgresServers.plain().newAppUserSchema("flyway_cli_none");

    try (URLClassLoader cli = isolated(flywayCore(), flywayPostgresql(), flywayCockroach())) {
      assertThatThrownBy(() -> migrate(cli, schema.citusSafeUrl(), schema.user()))
          .hasMessageContaining("No Flyway database plugin found to handle");
    }
  }

  /**
   * An application that migrates another database with Flyway and has citussafe on its class
   * path lacks flyway-database-postgresql: the plugin must then step aside, not break Flyway.
   */
  @Test
  void migrate_withoutFlywayPostgresqlModule_pluginStandsAsideWithoutBreakingFlyway() throws Exception {
    Schema schema = PostgresServers.plain().newAppUserSchema("flyway_cli_nopg");

    try (URLClassLoader cli = isolated(shadedJar(), flywayCore())) {
      assertThatThrownBy(() -> migrate(cli, schema.citusSafeUrl(), schema.user()))
          .hasMessageContaining("No Flyway database plugin found to handle")
          .hasNoSuppressedExceptions();
    }
  }

  /** Runs {@code Flyway.configure(cli).dataSource(url, user, null).locations(scripts).load().migrate()}. */
  private static Object migrate(URLClassLoader cli, String url, String user) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(cli);
    try {
      Class<?> flyway = cli.loadClass("org.flywaydb.core.Flyway");
      assertThat(flyway).isNotSameAs(Flyway.class);
      Object config = flyway.getMethod("configure", ClassLoader.class).invoke(null, cli);
      config = config.getClass().getMethod("dataSource", String.class, String.class, String.class)
          .invoke(config, url, user, null);
      config = config.getClass().getMethod("locations", String[].class)
          .invoke(config, (Object) new String[] {"filesystem:" + scriptsFolder()});
      Object loaded = config.getClass().getMethod("load").invoke(config);
      return loaded.getClass().getMethod("migrate").invoke(loaded);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static URLClassLoader isolated(Path... jars) throws IOException {
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      urls.add(jar.toUri().toURL());
    }
    return new URLClassLoader("flyway-cli", urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  private static Path shadedJar() {
    String configured = System.getProperty("citussafe.jar");
    assertThat(configured).as("system property citussafe.jar (set by tests/pom.xml)").isNotBlank();
    Path jar = Paths.get(configured).normalize();
    assertThat(jar).as("the shaded jar; build it with mvn -DskipTests package").isRegularFile();
    return jar;
  }

  private static Path flywayCore() {
    return jarOf(Flyway.class);
  }

  private static Path flywayPostgresql() {
    return jarOf(PostgreSQLDatabaseType.class);
  }

  private static Path flywayCockroach() {
    // flyway-database-postgresql depends on it, as the CLI distribution ships it.
    return jarOf(CockroachDBDatabaseType.class);
  }

  private static Path jarOf(Class<?> type) {
    try {
      Path jar = Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
      assertThat(jar.getFileName().toString()).endsWith(".jar");
      return jar;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path scriptsFolder() throws URISyntaxException {
    URL first = FlywayCliRouteTest.class.getResource("/ecosystem/flyway/incident/V1__create_tenants_and_orders.sql");
    assertThat(first).isNotNull();
    Path folder = Paths.get(first.toURI()).getParent();
    assertThat(Files.isDirectory(folder)).isTrue();
    return folder;
  }
}
