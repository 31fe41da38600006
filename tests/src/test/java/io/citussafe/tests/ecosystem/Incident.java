package io.citussafe.tests.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.Schema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The incident migration set (Flyway scripts under {@code ecosystem/flyway/incident},
 * the same steps as a Liquibase changelog under {@code ecosystem/liquibase}) and the checks of
 * its outcome, made through plain pgjdbc behind the driver's back.
 */
final class Incident {

  static final String FLYWAY_LOCATION = "classpath:ecosystem/flyway/incident";
  static final String LIQUIBASE_CHANGELOG = "ecosystem/liquibase/incident-changelog.xml";
  static final int MIGRATIONS = 9;
  static final long TENANTS = 11;
  static final long ORDERS = 1000;
  /** Orders created without a tenant: every 7th of 1..1000. */
  static final long ORDERS_WITHOUT_TENANT = 142;

  private Incident() {}

  /**
   * Asserts the final schema and data: the three backfilled columns NOT NULL, the CHECK
   * constraint and the index present, no row lost, the backfills applied (a distinct uid per
   * order); on Citus both tables distributed with an empty coordinator heap.
   */
  static void assertMigrated(Schema schema, boolean citus) throws SQLException {
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      assertThat(string(s, "SELECT string_agg(column_name || '=' || is_nullable, ',' ORDER BY column_name)"
          + " FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'orders'"
          + " AND column_name IN ('tenant_id', 'region', 'uid')"))
          .isEqualTo("region=NO,tenant_id=NO,uid=NO");
      assertThat(string(s, "SELECT pg_get_constraintdef(oid) FROM pg_constraint"
          + " WHERE conname = 'orders_amount_positive' AND conrelid = 'orders'::regclass"))
          .isEqualTo("CHECK ((amount > (0)::numeric))");
      assertThat(string(s, "SELECT indexdef FROM pg_indexes"
          + " WHERE schemaname = current_schema() AND indexname = 'orders_tenant_region_idx'"))
          .contains("(tenant_id, region)");
      assertThat(number(s, "SELECT count(*) FROM tenants")).isEqualTo(TENANTS);
      assertThat(number(s, "SELECT count(*) FROM orders")).isEqualTo(ORDERS);
      assertThat(number(s, "SELECT count(*) FROM orders WHERE tenant_id = 0")).isEqualTo(ORDERS_WITHOUT_TENANT);
      assertThat(number(s, "SELECT count(*) FROM orders WHERE region = 'eu'")).isEqualTo(ORDERS);
      assertThat(number(s, "SELECT count(DISTINCT uid) FROM orders")).as("distinct non-null uids").isEqualTo(ORDERS);
      if (citus) {
        assertThat(string(s, "SELECT string_agg(logicalrelid::text || ':' || partmethod::text, ',' ORDER BY logicalrelid::text)"
            + " FROM pg_dist_partition WHERE logicalrelid IN ('orders'::regclass, 'tenants'::regclass)"))
            .isEqualTo("orders:h,tenants:h");
        assertThat(number(s, "SELECT pg_relation_size('orders'::regclass) + pg_relation_size('tenants'::regclass)"))
            .as("bytes of stale rows left in the coordinator's heap").isZero();
      } else {
        assertThat(number(s, "SELECT count(*) FROM pg_extension WHERE extname = 'citus'")).isZero();
      }
    }
  }

  static String string(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as("a row from %s", sql).isTrue();
      return rs.getString(1);
    }
  }

  static long number(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as("a row from %s", sql).isTrue();
      return rs.getLong(1);
    }
  }

  /** The first {@link SQLException} in the cause chain, or null. */
  static SQLException sqlCause(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }
}
