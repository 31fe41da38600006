package io.citussafe.tests;

import static io.citussafe.tests.support.Sql.queryLong;
import static io.citussafe.tests.support.Sql.rows;
import static io.citussafe.tests.support.Sql.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bound values written into a per-shard command must mean what pgjdbc's binding means,
 * whatever the quotes, backslashes and percent signs in them, the session's
 * {@code standard_conforming_strings}, and the time zones of the JVM, the user's session and the
 * workers' sessions (which run the command). Each row is updated twice with the same values: per
 * shard through citussafe, and through plain pgjdbc on a local copy, with the same session
 * settings; the two must read back equal. A table with two placements per shard is never updated
 * per shard (one placement would be left behind).
 */
@RequiresCitus
class CitusLiteralsTest {

  private static final String COLUMNS = "id int PRIMARY KEY, s text, s2 text, t timestamptz, ts timestamp, "
      + "lt timestamptz, d date, ld timestamptz, n numeric, i bigint, f float8, b boolean, uu uuid, nul int, u uuid";

  private static final String UPDATE = "UPDATE %s SET s = ?, s2 = ?::text, t = ?, ts = ?, lt = ?, d = ?, ld = ?, "
      + "n = ?, i = ?, f = ?, b = ?, uu = ?, nul = ?, u = gen_random_uuid() WHERE id = ?";

  private static final String[] HOSTILE = {
      "it's", "back\\slash", "\\'", "$citussafe$ $$", "100% %s %%", "? ?? ?|", "-- not a comment", "/* nor this */",
      "E'x'", "zählung ✓ 🚀", "", "semi;colon", "tab\tnew\nline"};

  private final TimeZone jvmZone = TimeZone.getDefault();
  private Schema schema;

  @BeforeEach
  void setUp() throws SQLException {
    // the JVM, the user's session and the workers each in another zone
    TimeZone.setDefault(TimeZone.getTimeZone("America/Sao_Paulo"));
    schema = PostgresServers.citus().newSchema("lit");
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of(
          "CREATE TABLE lit (" + COLUMNS + ")",
          "CREATE TABLE lit_local (" + COLUMNS + ")",
          "INSERT INTO lit (id) SELECT g FROM generate_series(1, 20) g",
          "INSERT INTO lit_local (id) SELECT g FROM generate_series(1, 20) g",
          "SELECT create_distributed_table('lit', 'id')"));
    }
  }

  @AfterEach
  void restoreZone() {
    TimeZone.setDefault(jvmZone);
  }

  private static void bind(PreparedStatement p, String text, int id) throws SQLException {
    p.setString(1, text);
    p.setInt(2, -5);
    p.setTimestamp(3, Timestamp.valueOf(LocalDateTime.of(2024, 3, 10, 2, 30, 15, 123456000)));
    p.setTimestamp(4, Timestamp.valueOf(LocalDateTime.of(2024, 11, 3, 1, 30)));
    p.setObject(5, LocalDateTime.of(2024, 7, 1, 23, 59, 59));
    p.setDate(6, Date.valueOf(LocalDate.of(2024, 2, 29)));
    p.setObject(7, LocalDate.of(2024, 12, 31));
    p.setBigDecimal(8, new BigDecimal("-12345678901234567890.000123"));
    p.setLong(9, Long.MIN_VALUE + 1);
    p.setDouble(10, -0.1);
    p.setBoolean(11, id % 2 == 0);
    p.setObject(12, UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
    p.setNull(13, Types.INTEGER);
    p.setInt(14, id);
  }

  private static void prepareSession(Connection c, boolean standardConformingStrings) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET TIME ZONE 'Asia/Kolkata'");
      s.execute("SET standard_conforming_strings = " + (standardConformingStrings ? "on" : "off"));
    }
  }

  private static final String READ = "SELECT id, s, s2, t, ts, lt, d, ld, n, i, f, b, uu, nul FROM %s ORDER BY id";

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void perShard_hostileValuesEveryTypeOtherZones_sameAsPgjdbc(boolean standardConformingStrings) throws SQLException {
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.bulkUpdate=per-shard");
        Connection local = schema.pgjdbcConnection()) {
      prepareSession(c, standardConformingStrings);
      prepareSession(local, standardConformingStrings);
      try (PreparedStatement p = c.prepareStatement(String.format(UPDATE, "lit"));
          PreparedStatement q = local.prepareStatement(String.format(UPDATE, "lit_local"))) {
        for (int id = 1; id <= HOSTILE.length; id++) {
          bind(p, HOSTILE[id - 1], id);
          assertThat(p.executeUpdate()).isEqualTo(1);
          assertThat(warnings(p)).contains("shards in parallel");
          bind(q, HOSTILE[id - 1], id);
          q.executeUpdate();
        }
      }
    }
    try (Connection reader = schema.pgjdbcConnection()) {
      try (Statement s = reader.createStatement()) {
        s.execute("SET TIME ZONE 'UTC'");
      }
      assertThat(rows(reader, String.format(READ, "lit"))).isEqualTo(rows(reader, String.format(READ, "lit_local")));
      assertThat(queryLong(reader, "SELECT count(*) FROM lit WHERE s IS NOT NULL")).isEqualTo(HOSTILE.length);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"per-shard"})
  void perShard_tableWithTwoPlacementsPerShard_atomicRewriteKeepsPlacementsEqual(String mode) throws SQLException {
    try (Connection c = schema.pgjdbcConnection()) {
      Sql.execute(c, List.of(
          "SET citus.shard_replication_factor = 2",
          "CREATE TABLE rep (id int PRIMARY KEY, u uuid)",
          "INSERT INTO rep SELECT g, NULL FROM generate_series(1, 50) g",
          "SELECT create_distributed_table('rep', 'id')"));
    }
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.bulkUpdate=" + mode);
        Statement s = c.createStatement()) {
      assertThat(s.executeUpdate("UPDATE rep SET u = gen_random_uuid() WHERE u IS NULL")).isEqualTo(50);
      assertThat(warnings(s)).contains("several placements").doesNotContain("shards in parallel");
    }
    try (Connection c = schema.pgjdbcConnection()) {
      // every placement of each shard holds the same values
      assertThat(queryLong(c, "SELECT count(*) FROM (SELECT shardid FROM run_command_on_placements('rep', "
          + "$$SELECT md5(string_agg(u::text, ',' ORDER BY id)) FROM %s$$) GROUP BY shardid "
          + "HAVING count(DISTINCT result) > 1) x")).isZero();
      assertThat(queryLong(c, "SELECT count(DISTINCT u) FROM rep")).isEqualTo(50);
    }
  }
}
