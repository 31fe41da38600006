package io.citussafe.examples.quarkus;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the tables the migrations made, through the same citussafe datasource. Not final: ArC
 * proxies application-scoped beans by subclassing them.
 */
@ApplicationScoped
public class OrderStatistics {

  private final AgroalDataSource dataSource;

  @Inject
  OrderStatistics(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Number of orders per region.
   *
   * @throws SQLException if the query fails
   */
  public Map<String, Long> ordersByRegion() throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT region, count(*) AS n FROM orders GROUP BY region")) {
      while (rs.next()) {
        counts.put(rs.getString("region"), rs.getLong("n"));
      }
    }
    return counts;
  }
}
