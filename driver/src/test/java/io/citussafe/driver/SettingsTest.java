package io.citussafe.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

  private static Properties of(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return properties;
  }

  @Test
  void parse_defaults() throws CitusSafeException {
    Settings settings = Settings.parse(new Properties());
    assertThat(settings.mode()).isEqualTo(Settings.Mode.REWRITE);
    assertThat(settings.failOnMissingCitus()).isFalse();
    assertThat(settings.metadataTtl()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.cacheSize()).isEqualTo(10_000);
  }

  @ParameterizedTest
  @CsvSource({"500ms, 500", "60s, 60000", "60, 60000", "5m, 300000", "1h, 3600000", "0s, 0", "7 s, 7000"})
  void parse_durations(String text, long millis) throws CitusSafeException {
    assertThat(Settings.parse(of("citussafe.metadataTtl", text)).metadataTtl().toMillis()).isEqualTo(millis);
  }

  @ParameterizedTest
  @CsvSource({"citussafe.metadataTtl, soon", "citussafe.metadataTtl, 5d", "citussafe.metadataTtl, -1s",
      "citussafe.cacheSize, -1", "citussafe.cacheSize, many", "citussafe.failOnMissingCitus, yes",
      "citussafe.failOnMissingCitus, 1", "citussafe.mode, dryrun"})
  void parse_badValue_namesKeyAndValue(String key, String value) {
    assertThatThrownBy(() -> Settings.parse(of(key, value)))
        .isInstanceOf(CitusSafeException.class)
        .hasMessageContaining(key)
        .hasMessageContaining("but was: " + value)
        .satisfies(e -> assertThat(((CitusSafeException) e).getSQLState()).isEqualTo("22023"));
  }

  @Test
  void parse_unknownKey_listsValidKeys() {
    assertThatThrownBy(() -> Settings.parse(of("citussafe.cachesize", "5")))
        .hasMessageContaining("citussafe.cachesize")
        .hasMessageContaining("citussafe.cacheSize, citussafe.distributionColumn, citussafe.failOnMissingCitus");
  }

  @Test
  void parse_distributionColumn_asStoredOrOff() throws CitusSafeException {
    assertThat(Settings.parse(of()).ruleOptions().distributionColumn()).isNull();
    assertThat(Settings.parse(of("citussafe.distributionColumn", "Company_ID")).ruleOptions().distributionColumn())
        .isEqualTo("company_id");
    assertThat(Settings.parse(of("citussafe.distributionColumn", "\"TenantId\"")).ruleOptions()
        .distributionColumn()).isEqualTo("TenantId");
    assertThatThrownBy(() -> Settings.parse(of("citussafe.distributionColumn", "company id")))
        .hasMessageContaining("citussafe.distributionColumn must be a column name");
  }

  @Test
  void parse_ignoresOtherKeysAndAcceptsAnyCase() throws CitusSafeException {
    Settings settings = Settings.parse(of("user", "x", "ssl", "true", "citussafe.mode", "DRY-RUN",
        "citussafe.failOnMissingCitus", "TRUE"));
    assertThat(settings.mode()).isEqualTo(Settings.Mode.DRY_RUN);
    assertThat(settings.failOnMissingCitus()).isTrue();
  }
}
