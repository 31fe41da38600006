package io.citussafe.tests.support;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A fresh schema made for one test (see {@link TestDatabase#newSchema}), with URLs that log in as
 * its owner and put it first on the search path.
 */
public final class Schema {

  /** The URL prefix the driver under test accepts, in place of pgjdbc's {@code jdbc:postgresql://}. */
  public static final String CITUSSAFE_URL_PREFIX = "jdbc:citussafe:postgresql://";

  private static final String PGJDBC_URL_PREFIX = "jdbc:postgresql://";

  private final TestDatabase database;
  private final String name;
  private final String user;

  Schema(TestDatabase database, String name, String user) {
    this.database = database;
    this.name = name;
    this.user = user;
  }

  /** The schema's name: lower case, so it needs no quoting. */
  public String name() {
    return name;
  }

  /** The role the URLs log in as: the superuser, or {@link TestDatabase#APP_USER}. */
  public String user() {
    return user;
  }

  /** {@code jdbc:postgresql://host:port/db?user=..&currentSchema=<name>}, for plain pgjdbc. */
  public String pgjdbcUrl() {
    return database.url(user, name);
  }

  /** {@link #pgjdbcUrl()} with the prefix {@value #CITUSSAFE_URL_PREFIX}, for the driver under test. */
  public String citusSafeUrl() {
    return CITUSSAFE_URL_PREFIX + pgjdbcUrl().substring(PGJDBC_URL_PREFIX.length());
  }

  /**
   * A new plain pgjdbc connection to {@link #pgjdbcUrl()}, bypassing the driver under test.
   *
   * @throws SQLException if the connection fails
   */
  public Connection pgjdbcConnection() throws SQLException {
    return TestDatabase.connect(pgjdbcUrl());
  }

  @Override
  public String toString() {
    return name + " on " + database;
  }
}
