package io.citussafe.driver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionUrlTest {

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:citussafe:postgresql://h/db", "jdbc:citussafe:postgresql:db",
      "jdbc:citussafe:postgresql://h1:5432,h2:5433/db?targetServerType=primary"})
  void accepts_ourPrefix(String url) {
    assertThat(ConnectionUrl.accepts(url)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jdbc:postgresql://h/db", "jdbc:citussafe:mysql://h/db", "citussafe:postgresql://h",
      "JDBC:CITUSSAFE:POSTGRESQL://h/db", ""})
  void accepts_notOthers(String url) {
    assertThat(ConnectionUrl.accepts(url)).isFalse();
  }

  @Test
  void accepts_null_isFalse() {
    assertThat(ConnectionUrl.accepts(null)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "jdbc:citussafe:postgresql://h/db | jdbc:postgresql://h/db",
      "jdbc:citussafe:postgresql://h/db?ssl=true | jdbc:postgresql://h/db?ssl=true",
      "jdbc:citussafe:postgresql://h/db?citussafe.mode=off | jdbc:postgresql://h/db",
      "jdbc:citussafe:postgresql://h/db?a=1&citussafe.mode=off&b=2 | jdbc:postgresql://h/db?a=1&b=2",
      "jdbc:citussafe:postgresql://h/db?citussafe.mode=off&b=%26 | jdbc:postgresql://h/db?b=%26",
      "jdbc:citussafe:postgresql://h/citussafe:postgresql | jdbc:postgresql://h/citussafe:postgresql"})
  void parse_stripsPrefixOnceAndOurParameters(String url, String pgjdbc) {
    assertThat(ConnectionUrl.parse(url).pgjdbcUrl()).isEqualTo(pgjdbc);
  }

  @Test
  void parse_decodesOurParameters() {
    var parsed = ConnectionUrl.parse("jdbc:citussafe:postgresql://h/db?citussafe.metadataTtl=5%20s&x=y");
    assertThat(parsed.citusSafeProperties().getProperty("citussafe.metadataTtl")).isEqualTo("5 s");
    assertThat(parsed.citusSafeProperties()).hasSize(1);
  }

  @Test
  void clusterKey_ignoresParameters() {
    assertThat(ConnectionUrl.clusterKey("jdbc:postgresql://h:1/db?user=a"))
        .isEqualTo(ConnectionUrl.clusterKey("jdbc:postgresql://h:1/db?user=b&ssl=true"));
  }
}
