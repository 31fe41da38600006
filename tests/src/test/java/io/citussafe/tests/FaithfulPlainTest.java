package io.citussafe.tests;

import static io.citussafe.tests.support.Sql.rows;
import static io.citussafe.tests.support.Sql.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.Schema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The statements of {@link CitusFaithfulTest} on plain PostgreSQL: they run as written, without warnings. */
class FaithfulPlainTest {

  @Test
  void triggersForeignKeysAndConcurrentIndexes_runAsWritten() throws SQLException {
    Schema schema = PostgresServers.plain().newSchema("faithful_plain");
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl() + "&citussafe.newTables=reference");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (tenant_id int, id int, updated timestamptz, PRIMARY KEY (tenant_id, id))");
      s.execute("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated = now(); "
          + "RETURN NEW; END $$");
      s.execute("CREATE TRIGGER orders_touch BEFORE INSERT OR UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch()");
      s.execute("CREATE TABLE notes (tenant_id int, order_id int, FOREIGN KEY (tenant_id, order_id) "
          + "REFERENCES orders (tenant_id, id))");
      s.execute("CREATE TABLE lines (tenant_id int, order_id int)");
      s.execute("ALTER TABLE lines ADD CONSTRAINT lines_order_fkey FOREIGN KEY (tenant_id, order_id) "
          + "REFERENCES orders (tenant_id, id)");
      s.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_updated_idx ON orders (updated)");
      s.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_updated_idx ON orders (updated)");
      assertThat(warnings(s)).doesNotContain("citussafe");
      s.execute("INSERT INTO orders (tenant_id, id) VALUES (1, 1)");
    }
    try (Connection c = schema.pgjdbcConnection()) {
      assertThat(rows(c, "SELECT updated IS NOT NULL FROM orders")).containsExactly("t");
      assertThat(rows(c, "SELECT conname FROM pg_constraint WHERE contype = 'f' ORDER BY 1"))
          .contains("lines_order_fkey", "notes_tenant_id_order_id_fkey");
      assertThat(rows(c, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'orders_updated_idx'::regclass"))
          .containsExactly("t");
    }
  }
}
