package io.citussafe.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citussafe.driver.CitusSafeDataSource;
import io.citussafe.driver.CitusSafeDriver;
import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.Schema;
import java.io.StringReader;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.postgresql.ds.PGSimpleDataSource;

/** The driver behaves as a JDBC driver should, on a real (embedded) PostgreSQL. */
class DriverConformanceTest {

  private static Schema schema;

  @BeforeAll
  static void createSchema() throws SQLException {
    schema = PostgresServers.plain().newSchema("conformance");
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(schema.citusSafeUrl());
  }

  @Test
  void driverManager_picksCitusSafeForOurPrefixOnly() throws SQLException {
    Driver ours = DriverManager.getDriver(schema.citusSafeUrl());
    assertThat(ours).isInstanceOf(CitusSafeDriver.class);
    assertThat(ours.acceptsURL(schema.pgjdbcUrl())).isFalse();
    assertThat(ours.acceptsURL("jdbc:mysql://localhost/x")).isFalse();
    assertThat(ours.connect(schema.pgjdbcUrl(), new Properties())).isNull();
    assertThat(DriverManager.getDriver(schema.pgjdbcUrl())).isInstanceOf(org.postgresql.Driver.class);
  }

  @Test
  void connect_passesPgjdbcParametersAndStripsOurs() throws SQLException {
    String url = schema.citusSafeUrl() + "&citussafe.mode=dry-run&ApplicationName=conformance";
    try (Connection connection = DriverManager.getConnection(url);
        Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT current_setting('application_name'), current_schema()")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("conformance");
      assertThat(rs.getString(2)).isEqualTo(schema.name());
      assertThat(connection.getMetaData().getURL()).doesNotContain("citussafe");
    }
  }

  @Test
  void connect_unknownSetting_failsListingTheValidKeys() {
    assertThatThrownBy(() -> DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.mdoe=off"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("citussafe.mdoe")
        .hasMessageContaining("citussafe.mode")
        .hasMessageContaining("citussafe.metadataTtl")
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22023"));
  }

  @Test
  void connect_badValues_failWithKeyAndValue() {
    Properties properties = new Properties();
    properties.setProperty("citussafe.failOnMissingCitus", "yes");
    assertThatThrownBy(() -> DriverManager.getConnection(schema.citusSafeUrl(), properties))
        .hasMessageContaining("citussafe.failOnMissingCitus must be true or false but was: yes");
    assertThatThrownBy(() -> DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.metadataTtl=soon"))
        .hasMessageContaining("citussafe.metadataTtl").hasMessageContaining("soon");
    assertThatThrownBy(() -> DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.cacheSize=-5"))
        .hasMessageContaining("citussafe.cacheSize").hasMessageContaining("-5");
  }

  @Test
  void getPropertyInfo_listsPgjdbcAndCitusSafeProperties() throws SQLException {
    Driver driver = DriverManager.getDriver(schema.citusSafeUrl());
    var names = java.util.Arrays.stream(driver.getPropertyInfo(schema.citusSafeUrl(), new Properties()))
        .map(p -> p.name).toList();
    assertThat(names).contains("user", "ApplicationName", "citussafe.mode", "citussafe.failOnMissingCitus",
        "citussafe.metadataTtl", "citussafe.cacheSize");
  }

  @Test
  void databaseMetaData_reportsWhatPgjdbcReports() throws SQLException {
    try (Connection connection = connect()) {
      DatabaseMetaData meta = connection.getMetaData();
      assertThat(meta.getDatabaseProductName()).isEqualTo("PostgreSQL");
      assertThat(meta.getDriverName()).isEqualTo("PostgreSQL JDBC Driver");
      assertThat(meta.getURL()).isEqualTo(schema.pgjdbcUrl());
      assertThat(meta.getConnection()).isSameAs(connection);
    }
  }

  @Test
  void unwrap_reachesPgjdbc_andCopyWorksThroughIt() throws Exception {
    try (Connection connection = connect(); Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE copied (id int, name text)");
      assertThat(connection.isWrapperFor(PGConnection.class)).isTrue();
      assertThat(connection.unwrap(BaseConnection.class)).isNotNull();
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      long rows = copy.copyIn("COPY copied FROM STDIN (FORMAT csv)", new StringReader("1,a\n2,b\n3,c\n"));
      assertThat(rows).isEqualTo(3);
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM copied")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(3);
      }
    }
  }

  @Test
  void wrappers_returnEachOther() throws SQLException {
    try (Connection connection = connect();
        Statement st = connection.createStatement();
        PreparedStatement ps = connection.prepareStatement("SELECT ?::int");
        ResultSet rs = st.executeQuery("SELECT 1")) {
      assertThat(st.getConnection()).isSameAs(connection);
      assertThat(ps.getConnection()).isSameAs(connection);
      assertThat(rs.getStatement()).isSameAs(st);
      ps.setInt(1, 7);
      try (ResultSet prs = ps.executeQuery()) {
        assertThat(prs.getStatement()).isSameAs(ps);
        prs.next();
        assertThat(prs.getInt(1)).isEqualTo(7);
      }
      // getResultSet() asked twice for one result gives one object, as pgjdbc's does
      assertThat(st.execute("SELECT 2")).isTrue();
      assertThat(st.getResultSet()).isSameAs(st.getResultSet()).isNotNull();
      assertThat(ps.execute()).isTrue();
      assertThat(ps.getResultSet()).isSameAs(ps.getResultSet()).isNotNull();
    }
  }

  @Test
  void batches_ofPlainAndPlannedStatements_runInOrder() throws SQLException {
    try (Connection connection = connect(); Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE batched (id int PRIMARY KEY, v int)");
      st.addBatch("INSERT INTO batched VALUES (1, 1)");
      st.addBatch("INSERT INTO batched VALUES (2, 2)");
      assertThat(st.executeBatch()).containsExactly(1, 1);
      st.addBatch("INSERT INTO batched VALUES (3, NULL)");
      st.addBatch("UPDATE batched SET v = 0 WHERE v IS NULL");
      st.addBatch("ALTER TABLE batched ALTER COLUMN v SET NOT NULL");
      assertThat(st.executeBatch()).containsExactly(1, 1, 0);
      try (PreparedStatement ps = connection.prepareStatement("INSERT INTO batched VALUES (?, ?)")) {
        for (int i = 10; i < 15; i++) {
          ps.setInt(1, i);
          ps.setInt(2, i);
          ps.addBatch();
        }
        assertThat(ps.executeBatch()).containsExactly(1, 1, 1, 1, 1);
      }
      st.addBatch("INSERT INTO batched VALUES (20, 20)");
      st.addBatch("INSERT INTO batched VALUES (20, 20)");
      assertThatThrownBy(st::executeBatch).isInstanceOf(BatchUpdateException.class);
    }
  }

  @Test
  void generatedKeys_fromStatementAndPreparedStatement() throws SQLException {
    try (Connection connection = connect(); Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE keyed (id bigserial PRIMARY KEY, v text)");
      assertThat(st.executeUpdate("INSERT INTO keyed (v) VALUES ('a')", Statement.RETURN_GENERATED_KEYS)).isEqualTo(1);
      try (ResultSet keys = st.getGeneratedKeys()) {
        assertThat(keys.next()).isTrue();
        assertThat(keys.getLong("id")).isEqualTo(1);
      }
      try (PreparedStatement ps = connection.prepareStatement("INSERT INTO keyed (v) VALUES (?)", new String[] {"id"})) {
        ps.setString(1, "b");
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          assertThat(keys.next()).isTrue();
          assertThat(keys.getLong(1)).isEqualTo(2);
        }
      }
    }
  }

  @Test
  void getWarnings_carriesServerWarningsOnPassThrough() throws SQLException {
    try (Connection connection = connect(); Statement st = connection.createStatement()) {
      st.execute("DO $$ BEGIN RAISE WARNING 'from the server'; END $$");
      assertThat((Object) st.getWarnings()).isNotNull();
      assertThat(st.getWarnings().getMessage()).contains("from the server");
      st.clearWarnings();
      assertThat((Object) st.getWarnings()).isNull();
    }
  }

  /** As with pgjdbc: statements of a closed connection fail on use; close is idempotent. */
  @Test
  void close_laterCallsFailAsInPgjdbc() throws SQLException {
    Connection connection = connect();
    Statement st = connection.createStatement();
    PreparedStatement ps = connection.prepareStatement("SELECT 1");
    Statement own = connection.createStatement();
    own.close();
    assertThat(own.isClosed()).isTrue();
    assertThatThrownBy(() -> own.execute("SELECT 1")).isInstanceOf(SQLException.class);
    connection.close();
    assertThat(connection.isClosed()).isTrue();
    assertThatThrownBy(() -> st.execute("SELECT 1"))
        .isInstanceOf(SQLException.class).hasMessageContaining("closed");
    assertThatThrownBy(ps::executeQuery).isInstanceOf(SQLException.class);
    assertThatThrownBy(connection::createStatement).isInstanceOf(SQLException.class);
    connection.close();
  }

  @Test
  void modeOff_passesEverythingThrough() throws SQLException {
    try (Connection connection = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.mode=off");
        Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE off_mode (id int PRIMARY KEY)");
      assertThatThrownBy(() -> st.execute("SELECT create_distributed_table('off_mode', 'id')"))
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42883"));
    }
  }

  @Test
  void dataSource_bySetters_andWrappingAnExistingDataSource() throws SQLException {
    CitusSafeDataSource bySetters = new CitusSafeDataSource();
    bySetters.setUrl(schema.citusSafeUrl());
    try (Connection connection = bySetters.getConnection(); Statement st = connection.createStatement()) {
      st.execute("CREATE TABLE ds_table (id int PRIMARY KEY)");
      st.execute("SELECT create_distributed_table('ds_table', 'id')");
      assertThat(st.getWarnings().getMessage()).contains("skipped create_distributed_table");
    }
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setUrl(schema.pgjdbcUrl());
    CitusSafeDataSource wrapping = new CitusSafeDataSource(pg);
    assertThat(wrapping.isWrapperFor(PGSimpleDataSource.class)).isTrue();
    try (Connection connection = wrapping.getConnection(); Statement st = connection.createStatement()) {
      st.execute("SELECT create_reference_table('ds_table')");
      assertThat(st.getWarnings().getMessage()).contains("skipped create_reference_table");
    }
    // the class name is the switch: a pgjdbc URL kept from PGSimpleDataSource's configuration works
    CitusSafeDataSource pgjdbcUrl = new CitusSafeDataSource();
    pgjdbcUrl.setUrl(schema.pgjdbcUrl());
    try (Connection connection = pgjdbcUrl.getConnection(); Statement st = connection.createStatement()) {
      st.execute("SELECT create_distributed_table('ds_table', 'id')");
      assertThat(st.getWarnings().getMessage()).contains("skipped create_distributed_table");
    }
    assertThatThrownBy(() -> new CitusSafeDataSource().setUrl("jdbc:mysql://localhost/app"))
        .hasMessageContaining("jdbc:citussafe:postgresql:");
  }
}
