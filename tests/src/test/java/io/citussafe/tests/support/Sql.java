package io.citussafe.tests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Small query helpers shared by the integration tests. */
public final class Sql {

  private Sql() {
  }

  /** Runs each statement on its own, in order (one string would be one implicit transaction). */
  public static void execute(Connection connection, List<String> statements) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** The first column of the query's only row, as a long. */
  public static long queryLong(Connection connection, String query) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
      assertThat(rs.next()).as("a row from %s", query).isTrue();
      return rs.getLong(1);
    }
  }

  /** Each row of the query as its columns' text joined by {@code |}. */
  public static List<String> rows(Connection connection, String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  /** The statement's warnings, one message per line. */
  public static String warnings(Statement statement) throws SQLException {
    StringBuilder text = new StringBuilder();
    for (SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
      text.append(w.getMessage()).append('\n');
    }
    return text.toString();
  }
}
