package io.citussafe.tests.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * One database on a running server (embedded PostgreSQL, or a Citus coordinator), shared by all
 * test classes in the JVM. Tests isolate themselves with {@link #newSchema} rather than with
 * servers or databases of their own, because a schema costs milliseconds.
 */
public final class TestDatabase {

  /**
   * A role without superuser rights that exists on every test server: the product must work
   * for it, since applications rarely run as superuser.
   */
  public static final String APP_USER = "citussafe_app";

  /** Sent on every connection of a role other than the superuser, for clusters given by URL that do not trust loopback. */
  static final String APP_PASSWORD = "citussafe_app";

  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,39}");
  private static final AtomicInteger SCHEMA_COUNTER = new AtomicInteger();
  private static final org.postgresql.Driver PGJDBC = new org.postgresql.Driver();

  private final String description;
  private final String hostAndPort;
  private final String database;
  private final String superuser;
  private final String extraParameters;
  private final boolean dropSchemasAtExit;
  private boolean appUserReady;

  /**
   * @param extraParameters URL parameters to add to every URL, each starting with {@code &}
   *     (e.g. the password of a cluster given by URL); empty for none
   * @param dropSchemasAtExit true for servers that outlive the JVM, so they are not left littered
   */
  TestDatabase(String description, String hostAndPort, String database, String superuser,
      String extraParameters, boolean dropSchemasAtExit) {
    this.description = description;
    this.hostAndPort = hostAndPort;
    this.database = database;
    this.superuser = superuser;
    this.extraParameters = extraParameters;
    this.dropSchemasAtExit = dropSchemasAtExit;
  }

  /** {@code host:port} of the server, for a relay in front of it ({@link WireRecorder}). */
  public String hostAndPort() {
    return hostAndPort;
  }

  /** The superuser the harness set the server up with. */
  public String superuser() {
    return superuser;
  }

  /** A pgjdbc URL of this database for the superuser, without a schema. */
  public String pgjdbcUrl() {
    return url(superuser, null);
  }

  /**
   * A new pgjdbc connection to this database as the superuser (the user the harness set the
   * server up with), for setup and for looking behind the product's back.
   *
   * @throws SQLException if the connection fails
   */
  public Connection superuserConnection() throws SQLException {
    return connect(pgjdbcUrl());
  }

  /**
   * A new pgjdbc connection as the superuser to another node of the same cluster, such as a Citus
   * worker as {@code pg_dist_node} names it ({@code host:port}).
   *
   * @throws SQLException if the connection fails
   */
  public Connection superuserConnectionTo(String nodeHostAndPort) throws SQLException {
    return connect(pgjdbcUrl().replace("//" + hostAndPort + "/", "//" + nodeHostAndPort + "/"));
  }

  /**
   * Creates a schema owned by the superuser and returns it.
   *
   * @param prefix start of the schema's name: lower case letters, digits and underscores
   * @throws IllegalArgumentException if {@code prefix} is not such a name
   * @throws SQLException if the schema cannot be created
   */
  public Schema newSchema(String prefix) throws SQLException {
    return createSchema(prefix, superuser);
  }

  /**
   * Creates a schema owned by {@link #APP_USER} (created on first use) and returns it; its URLs
   * and connections log in as that user.
   *
   * @param prefix start of the schema's name: lower case letters, digits and underscores
   * @throws IllegalArgumentException if {@code prefix} is not such a name
   * @throws SQLException if the role or the schema cannot be created
   */
  public Schema newAppUserSchema(String prefix) throws SQLException {
    ensureAppUser();
    return createSchema(prefix, APP_USER);
  }

  /**
   * Creates a login role with no other attribute (no superuser, CREATEDB or CREATEROLE) and a schema
   * it owns, and returns the schema; its URLs and connections log in as that role.
   *
   * @param prefix start of the role's and the schema's names: lower case letters, digits and underscores
   * @throws SQLException if the role or the schema cannot be created
   */
  public Schema newOrdinaryRoleSchema(String prefix) throws SQLException {
    String role = prefix + "_" + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36);
    execute("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '"
        + APP_PASSWORD + "'");
    return createSchema(prefix, role);
  }

  @Override
  public String toString() {
    return description;
  }

  String url(String user, String schema) {
    StringBuilder url = new StringBuilder("jdbc:postgresql://").append(hostAndPort).append('/').append(database)
        .append("?user=").append(user);
    if (schema != null) {
      url.append("&currentSchema=").append(schema);
    }
    if (!user.equals(superuser)) {
      // the app user and the ordinary roles tests create share one password
      url.append("&password=").append(APP_PASSWORD);
    }
    return url.append(extraParameters).toString();
  }

  static Connection connect(String pgjdbcUrl) throws SQLException {
    // pgjdbc's Driver directly, not DriverManager, so the harness works whatever state the driver
    // under test (which also registers with DriverManager) is in.
    Connection connection = PGJDBC.connect(pgjdbcUrl, new Properties());
    if (connection == null) {
      throw new SQLException("pgjdbc does not accept the URL " + pgjdbcUrl);
    }
    return connection;
  }

  private Schema createSchema(String prefix, String owner) throws SQLException {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "Schema prefix must match " + PREFIX + " but was: " + prefix);
    }
    // The counter keeps names unique in this JVM, the random part across JVMs sharing a cluster.
    String name = prefix + "_" + SCHEMA_COUNTER.incrementAndGet() + "_"
        + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36), 36).toLowerCase(Locale.ROOT);
    execute("CREATE SCHEMA " + name + " AUTHORIZATION " + owner);
    if (dropSchemasAtExit) {
      Cleanup.atExit("drop schema " + name + " on " + description, () -> {
        try {
          execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        } catch (SQLException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      });
    }
    return new Schema(this, name, owner);
  }

  private synchronized void ensureAppUser() throws SQLException {
    if (appUserReady) {
      return;
    }
    try (Connection c = superuserConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + APP_USER + "'")) {
      if (!rs.next()) {
        try {
          // On Citus the coordinator propagates CREATE ROLE to the workers.
          s.execute("CREATE ROLE " + APP_USER + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
        } catch (SQLException e) {
          if (!"42710".equals(e.getSQLState())) { // duplicate_object: another JVM was faster
            throw e;
          }
        }
      }
    }
    appUserReady = true;
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = superuserConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
