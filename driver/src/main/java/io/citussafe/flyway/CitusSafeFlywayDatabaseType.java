package io.citussafe.flyway;

import java.sql.Connection;
import java.sql.Types;
import java.util.Properties;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.database.DatabaseType;
import org.flywaydb.core.internal.database.base.BaseDatabaseType;
import org.flywaydb.core.internal.database.base.Database;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.parser.ParsingContext;

/**
 * Lets Flyway open {@code jdbc:citussafe:postgresql:…} URLs. Flyway picks the JDBC driver from
 * the URL prefix and answers "No database found to handle &lt;url&gt;" for prefixes no database
 * plugin claims; this plugin claims ours and names {@code io.citussafe.driver.CitusSafeDriver}.
 *
 * <p>Design note. Only the URL is ours. Once connected, Flyway chooses the database by the
 * connection's product name, which our connection reports as pgjdbc's "PostgreSQL", so the
 * schema history, locking, SQL parsing and transactions are those of flyway-database-postgresql,
 * unchanged; {@link #handlesDatabaseProductNameAndVersion} therefore answers false, so plain
 * {@code jdbc:postgresql:} connections never meet this class. Flyway finds the class through
 * {@code META-INF/services/org.flywaydb.core.extensibility.Plugin}; nothing else loads it, so
 * the driver works without Flyway. It extends flyway-core's base type rather than PostgreSQL's,
 * and reaches the PostgreSQL type by name: with flyway-core present but
 * flyway-database-postgresql absent (an application migrating some other database), loading
 * this plugin must not break Flyway, and it disables itself instead.
 */
public final class CitusSafeFlywayDatabaseType extends BaseDatabaseType {

  static final String URL_PREFIX = "jdbc:citussafe:postgresql:";
  static final String DRIVER_CLASS = "io.citussafe.driver.CitusSafeDriver";
  private static final String POSTGRESQL_TYPE = "org.flywaydb.database.postgresql.PostgreSQLDatabaseType";

  /** flyway-database-postgresql's type, or null when that module is not on the class path. */
  private final DatabaseType postgresql = loadPostgreSql();

  private static DatabaseType loadPostgreSql() {
    try {
      Class<?> type = Class.forName(POSTGRESQL_TYPE, true, BaseDatabaseType.class.getClassLoader());
      return (DatabaseType) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      return null;
    }
  }

  /** Off when flyway-database-postgresql is missing: Flyway then reports the URL as unhandled. */
  @Override
  public boolean isEnabled() {
    return postgresql != null;
  }

  @Override
  public String getName() {
    return "PostgreSQL (citussafe)";
  }

  @Override
  public int getNullType() {
    return Types.NULL;
  }

  @Override
  public boolean handlesJDBCUrl(String url) {
    return url != null && url.startsWith(URL_PREFIX);
  }

  @Override
  public String getDriverClass(String url, ClassLoader classLoader) {
    return DRIVER_CLASS;
  }

  /** False: an open connection is PostgreSQL's to handle, whichever driver made it (see class note). */
  @Override
  public boolean handlesDatabaseProductNameAndVersion(String databaseProductName,
      String databaseProductVersion, Connection connection) {
    return false;
  }

  @Override
  public Database createDatabase(Configuration configuration, JdbcConnectionFactory jdbcConnectionFactory,
      StatementInterceptor statementInterceptor) {
    return postgresql.createDatabase(configuration, jdbcConnectionFactory, statementInterceptor);
  }

  @Override
  public Parser createParser(Configuration configuration, ResourceProvider resourceProvider,
      ParsingContext parsingContext) {
    return postgresql.createParser(configuration, resourceProvider, parsingContext);
  }

  /** PostgreSQL's defaults (the {@code applicationName}); the driver passes them on to pgjdbc. */
  @Override
  public void setDefaultConnectionProps(String url, Properties props, ClassLoader classLoader) {
    postgresql.setDefaultConnectionProps(url, props, classLoader);
  }
}
