package io.citussafe.tests.faults;

import static io.citussafe.tests.support.Sql.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import io.citussafe.tests.support.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fact the driver cached is stale when another client distributes the table: the driver sends a
 * statement it would have rewritten as written. The worst that may follow is Citus's own refusal,
 * with a hint, and no change; the refusal makes the driver read its facts again, so the statement run
 * again is rewritten (within {@code citussafe.metadataTtl} it would otherwise be refused until the
 * facts expire).
 */
@RequiresCitus
class StaleFactsTest {

  @Test
  void tableDistributedBehindTheDriver_citusRefusesOnce_thenTheStatementIsRewritten() throws SQLException {
    Schema schema = PostgresServers.citus().newSchema("stale");
    String update = "UPDATE s SET n = n + 1, touched = clock_timestamp() WHERE id = ?";
    try (Connection other = schema.pgjdbcConnection();
        Connection c = DriverManager.getConnection(schema.citusSafeUrl());
        PreparedStatement p = c.prepareStatement(update)) {
      Sql.execute(other, List.of("CREATE TABLE s (id int PRIMARY KEY, n int NOT NULL DEFAULT 0, touched timestamptz)",
          "INSERT INTO s (id) SELECT g FROM generate_series(1, 10) g"));
      p.setInt(1, 1);
      assertThat(p.executeUpdate()).as("a local table: sent as written").isEqualTo(1);

      Sql.execute(other, List.of("SELECT create_distributed_table('s', 'id')",
          "SELECT truncate_local_data_after_distributing_table('s')"));
      p.setInt(1, 2);
      SQLException refused = catchThrowableOfType(SQLException.class, p::executeUpdate);
      assertThat(refused.getSQLState()).isEqualTo("0A000");
      assertThat(refused.getMessage()).contains("functions used in UPDATE queries on distributed tables must not be "
          + "VOLATILE", "citussafe hint: either citussafe's facts about the table were stale",
          "citussafe.metadataTtl");

      assertThat(p.executeUpdate()).as("run again: rewritten on fresh facts").isEqualTo(1);
      assertThat(p.getWarnings().getMessage()).contains("citussafe: ran as WITH");
      assertThat(queryLong(other, "SELECT sum(n) FROM s")).as("the refused statement changed nothing").isEqualTo(2);
      assertThat(queryLong(other, "SELECT count(*) FROM s WHERE n = 1 AND touched IS NOT NULL")).isEqualTo(2);
    }
  }
}
