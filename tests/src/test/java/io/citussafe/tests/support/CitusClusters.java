package io.citussafe.tests.support;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * Finds or starts a Citus cluster, trying in order (DESIGN.md, "Testing"):
 *
 * <ol>
 *   <li>{@code CITUSSAFE_CITUS_URL}, a pgjdbc URL of a running coordinator (used as is; the
 *       harness only adds schemas, dropped at exit, and the {@link TestDatabase#APP_USER} role);
 *   <li>a local PostgreSQL whose extension directory has {@code citus.control}: a coordinator
 *       and two workers on free loopback ports;
 *   <li>Docker: the same topology from the {@value #IMAGE} image.
 * </ol>
 *
 * A route that applies but then fails throws: a cluster that was asked for must not turn into
 * skipped tests. Only when no route applies is the result a reason to skip.
 */
final class CitusClusters {

  static final String URL_VARIABLE = "CITUSSAFE_CITUS_URL";
  private static final String IMAGE = "citusdata/citus:13.0";

  /** Four shards instead of 32 keep every distributed DDL statement quick. */
  private static final Map<String, String> CITUS_SETTINGS = Map.of(
      "shared_preload_libraries", "'citus'",
      "wal_level", "logical",
      "max_prepared_transactions", "100",
      "citus.shard_count", "4");

  /** Either a coordinator or the reason there is none. */
  record Outcome(TestDatabase coordinator, String skipReason) {}

  private CitusClusters() {}

  static Outcome find() {
    List<String> tried = new ArrayList<>();

    String url = System.getenv(URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      return new Outcome(fromUrl(url.trim()), null);
    }
    tried.add(URL_VARIABLE + " unset");

    List<Path> extensionDirs = new ArrayList<>();
    for (Path binDir : postgresBinDirs()) {
      Path extensionDir = shareDir(binDir).resolve("extension");
      extensionDirs.add(extensionDir);
      if (Files.exists(extensionDir.resolve("citus.control"))) {
        return new Outcome(startLocal(binDir), null);
      }
    }
    tried.add(extensionDirs.isEmpty()
        ? "no local PostgreSQL (no pg_config on PATH, nothing in /usr/lib/postgresql/*/bin)"
        : "no citus.control under " + extensionDirs.stream().map(Path::toString).collect(Collectors.joining(", ")));

    if (DockerClientFactory.instance().isDockerAvailable()) {
      return new Outcome(startContainers(), null);
    }
    tried.add("Docker unavailable");
    return new Outcome(null, "no Citus cluster found (" + String.join("; ", tried) + ")");
  }

  /** Route 1. Checks that the URL reaches a database with the citus extension. */
  private static TestDatabase fromUrl(String url) {
    String prefix = "jdbc:postgresql://";
    if (!url.startsWith(prefix)) {
      throw new IllegalStateException(URL_VARIABLE + " must start with " + prefix + " but was: " + url);
    }
    URI uri;
    try {
      uri = URI.create(url.substring("jdbc:".length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(URL_VARIABLE + " is not a single-host pgjdbc URL: " + url, e);
    }
    if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
      throw new IllegalStateException(URL_VARIABLE + " needs host and database, as in "
          + "jdbc:postgresql://host:port/db?user=postgres, but was: " + url);
    }
    String user = null;
    StringBuilder extra = new StringBuilder();
    for (String parameter : uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&")) {
      if (parameter.startsWith("user=")) {
        user = parameter.substring("user=".length());
      } else if (!parameter.isEmpty() && !parameter.startsWith("currentSchema=")) {
        extra.append('&').append(parameter);
      }
    }
    if (user == null) {
      throw new IllegalStateException(URL_VARIABLE + " needs a user parameter (a superuser), but was: " + url);
    }
    String hostAndPort = uri.getRawAuthority();
    TestDatabase db = new TestDatabase("Citus coordinator " + hostAndPort + " from " + URL_VARIABLE,
        hostAndPort, uri.getPath().substring(1), user, extra.toString(), true);
    String version = citusVersion(db);
    if (version == null) {
      throw new IllegalStateException(URL_VARIABLE + " points at a database without the citus extension: " + url);
    }
    return db;
  }

  /** Route 2. */
  private static TestDatabase startLocal(Path binDir) {
    int[] ports = LocalPostgres.freeLoopbackPorts(3);
    Map<String, String> settings = new java.util.HashMap<>(CITUS_SETTINGS);
    // pg_stat_statements, where installed, lets tests count what reaches the server (citus first).
    if (Files.exists(binDir.getParent().resolve("lib").resolve("pg_stat_statements.so"))) {
      settings.put("shared_preload_libraries", "'citus,pg_stat_statements'");
    }
    List<CompletableFuture<LocalPostgres>> starting = new ArrayList<>();
    String[] names = {"coordinator", "worker1", "worker2"};
    for (int i = 0; i < 3; i++) {
      String name = names[i];
      int port = ports[i];
      // In parallel: initdb dominates, and three of them in a row would triple the wait.
      starting.add(CompletableFuture.supplyAsync(() -> LocalPostgres.start(binDir, "citus-" + name, port, settings)));
    }
    try {
      starting.forEach(CompletableFuture::join);
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    try {
      for (int port : ports) {
        execute(superuserUrl("127.0.0.1:" + port), "CREATE EXTENSION citus");
      }
      execute(superuserUrl("127.0.0.1:" + ports[0]),
          "SELECT citus_set_coordinator_host('127.0.0.1', " + ports[0] + ")",
          "SELECT citus_add_node('127.0.0.1', " + ports[1] + ")",
          "SELECT citus_add_node('127.0.0.1', " + ports[2] + ")");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not set up the local Citus cluster from " + binDir + ": " + e.getMessage(), e);
    }
    return new TestDatabase("local Citus coordinator 127.0.0.1:" + ports[0]
        + " with workers on " + ports[1] + " and " + ports[2] + " (" + binDir + ")",
        "127.0.0.1:" + ports[0], "postgres", "postgres", "", false);
  }

  /** Route 3: the same topology as route 2, one container per node on a private network. */
  private static TestDatabase startContainers() {
    Network network = Network.newNetwork();
    List<GenericContainer<?>> nodes = new ArrayList<>();
    for (String alias : List.of("coordinator", "worker1", "worker2")) {
      nodes.add(new GenericContainer<>(DockerImageName.parse(IMAGE))
          .withNetwork(network)
          .withNetworkAliases(alias)
          .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
          .withCommand("postgres", "-c", "citus.shard_count=4", "-c", "fsync=off", "-c", "max_connections=200")
          .withExposedPorts(5432)
          // The image's entrypoint starts a temporary server for its init scripts first.
          .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2)));
    }
    Cleanup.atExit("close Docker network", network::close);
    for (GenericContainer<?> node : nodes) {
      Cleanup.atExit("stop container " + IMAGE, node::stop);
    }
    Startables.deepStart(nodes).join();
    GenericContainer<?> coordinator = nodes.get(0);
    String hostAndPort = coordinator.getHost() + ":" + coordinator.getMappedPort(5432);
    try {
      execute(superuserUrl(hostAndPort),
          "SELECT citus_set_coordinator_host('coordinator', 5432)",
          "SELECT citus_add_node('worker1', 5432)",
          "SELECT citus_add_node('worker2', 5432)");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not set up the Citus containers: " + e.getMessage(), e);
    }
    return new TestDatabase("Citus coordinator " + hostAndPort + " in Docker (" + IMAGE + ")",
        hostAndPort, "postgres", "postgres", "", false);
  }

  /**
   * Bin directories of local PostgreSQL installs that have {@code initdb} and {@code pg_ctl}:
   * the one of {@code pg_config} on PATH first, then {@code /usr/lib/postgresql/<major>/bin},
   * newest major first.
   */
  static List<Path> postgresBinDirs() {
    Set<Path> dirs = new LinkedHashSet<>();
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path pgConfig = Paths.get(entry.isEmpty() ? "." : entry, "pg_config");
      if (Files.isExecutable(pgConfig)) {
        dirs.add(Paths.get(pgConfigValue(pgConfig, "--bindir")));
      }
    }
    Path debian = Paths.get("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> majors = Files.list(debian)) {
        majors.filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
            .sorted(Comparator.comparing((Path p) -> Double.parseDouble(p.getFileName().toString())).reversed())
            .forEach(p -> dirs.add(p.resolve("bin")));
      } catch (IOException e) {
        throw new IllegalStateException("Could not list " + debian, e);
      }
    }
    dirs.removeIf(bin -> !Files.isExecutable(bin.resolve("pg_config"))
        || !Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl")));
    return new ArrayList<>(dirs);
  }

  /** The share directory belonging to {@code binDir}, from the pg_config beside it. */
  private static Path shareDir(Path binDir) {
    return Paths.get(pgConfigValue(binDir.resolve("pg_config"), "--sharedir"));
  }

  private static String pgConfigValue(Path pgConfig, String option) {
    return OsCommands.run(List.of(pgConfig.toString(), option), null).trim();
  }

  private static String citusVersion(TestDatabase db) {
    try (Connection c = db.superuserConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'citus'")) {
      return rs.next() ? rs.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not connect to the Citus cluster " + db + ": " + e.getMessage(), e);
    }
  }

  private static String superuserUrl(String hostAndPort) {
    return "jdbc:postgresql://" + hostAndPort + "/postgres?user=postgres";
  }

  private static void execute(String url, String... statements) throws SQLException {
    try (Connection c = TestDatabase.connect(url); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }
}
