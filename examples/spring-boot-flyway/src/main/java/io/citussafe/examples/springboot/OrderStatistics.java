package io.citussafe.examples.springboot;

import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Reads the tables the migrations made, through the same citussafe DataSource. */
@Service
public class OrderStatistics {

  private final JdbcClient jdbc;

  public OrderStatistics(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Number of orders per region. */
  public Map<String, Long> ordersByRegion() {
    return jdbc.sql("SELECT region, count(*) AS n FROM orders GROUP BY region")
        .query((rs, row) -> Map.entry(rs.getString("region"), rs.getLong("n")))
        .list().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
