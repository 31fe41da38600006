package io.citussafe.tests.histories;

import io.citussafe.tests.support.Schema;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.Resource;

/**
 * A Liquibase history: a master changelog, read relative to its classpath root; {@code param.*}
 * options of the list are changelog parameters. Runs with no context, so every changeset for
 * PostgreSQL runs, as Liquibase does when the application names none.
 */
final class LiquibaseMigrator implements Migrator {

  static {
    // Liquibase logs every statement at INFO; the report keeps what matters
    Logger.getLogger("liquibase").setLevel(Level.WARNING);
  }

  private final History history;
  private final Path root;
  private final String changelog;

  LiquibaseMigrator(History history, Path checkout) {
    this.history = history;
    int cut = history.path().indexOf("//");
    Path full = checkout.resolve(history.path().replace("//", "/"));
    this.root = cut < 0 ? full.getParent() : checkout.resolve(history.path().substring(0, cut));
    this.changelog = cut < 0 ? full.getFileName().toString() : history.path().substring(cut + 2);
  }

  /** Runs {@code work} on a Liquibase for the schema, connected through {@code url}. */
  private <T> T with(String url, LiquibaseWork<T> work) throws Exception {
    try (Connection connection = DriverManager.getConnection(url)) {
      Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
      try (URLClassLoader classpath = new URLClassLoader(new URL[] {root.toUri().toURL()}, getClass().getClassLoader());
          Liquibase liquibase = new Liquibase(changelog, new ClassPath(classpath), database)) {
        history.options("param.", true).forEach(liquibase::setChangeLogParameter);
        return work.run(liquibase);
      }
    }
  }

  @Override
  public int total(String url, Schema schema) throws Exception {
    return with(url, l -> l.listUnrunChangeSets(new Contexts(), new LabelExpression()).size());
  }

  @Override
  public void migrate(String url, Schema schema, int count) throws Exception {
    with(url, l -> {
      if (count < 0) {
        l.update(new Contexts(), new LabelExpression());
      } else {
        l.update(count, new Contexts(), new LabelExpression());
      }
      return null;
    });
  }

  @Override
  public long applied(Connection connection) throws SQLException {
    return Catalog.count(connection, "SELECT count(*) FROM databasechangelog");
  }

  @Override
  public boolean isToolTable(String table) {
    return table.startsWith("databasechangelog");
  }

  /**
   * The files below the root as the application's class path, with Spring Boot's reading of a
   * {@code classpath:} path (changelogs name their {@code sqlFile}s so), which Liquibase's own
   * accessors do not share.
   */
  private static final class ClassPath extends ClassLoaderResourceAccessor {

    ClassPath(ClassLoader loader) {
      super(loader);
    }

    @Override
    public List<Resource> getAll(String path) throws IOException {
      return super.getAll(path.startsWith("classpath:") ? path.substring("classpath:".length()) : path);
    }
  }

  private interface LiquibaseWork<T> {
    T run(Liquibase liquibase) throws Exception;
  }
}
