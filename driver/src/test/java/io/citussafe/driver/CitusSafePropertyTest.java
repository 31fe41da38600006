package io.citussafe.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CitusSafePropertyTest {

  @Test
  void values_areSortedByKey() {
    List<String> keys = Arrays.stream(CitusSafeProperty.values()).map(CitusSafeProperty::key).toList();
    assertThat(keys).isSorted();
  }

  @Test
  void constantNames_matchTheirKeys() {
    for (CitusSafeProperty property : CitusSafeProperty.values()) {
      String camel = property.key().substring(CitusSafeProperty.PREFIX.length());
      String expected = camel.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
      assertThat(property.name()).isEqualTo(expected);
      assertThat(CitusSafeProperty.forKey(property.key())).isSameAs(property);
    }
  }

  @Test
  void everyProperty_hasADataSourceGetterAndSetter() throws NoSuchMethodException {
    for (CitusSafeProperty property : CitusSafeProperty.values()) {
      String camel = property.key().substring(CitusSafeProperty.PREFIX.length());
      String suffix = Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
      Method setter = CitusSafeDataSource.class.getMethod("set" + suffix, String.class);
      Method getter = CitusSafeDataSource.class.getMethod("get" + suffix);
      assertThat(setter).isNotNull();
      assertThat(getter.getReturnType()).isEqualTo(String.class);
    }
  }

  @Test
  void everyDefault_isAcceptedBySettings() throws CitusSafeException {
    Properties defaults = new Properties();
    for (CitusSafeProperty property : CitusSafeProperty.values()) {
      defaults.setProperty(property.key(), property.defaultValue());
    }
    assertThat(Settings.parse(defaults)).isEqualTo(Settings.parse(new Properties()));
  }

  @Test
  void choices_containTheDefault() {
    for (CitusSafeProperty property : CitusSafeProperty.values()) {
      if (property.choices().length > 0) {
        assertThat(property.choices()).contains(property.defaultValue());
      }
    }
  }

  @Test
  void toDriverPropertyInfo_showsGivenValueAndChoices() {
    Properties given = new Properties();
    given.setProperty("citussafe.mode", "dry-run");
    var info = CitusSafeProperty.MODE.toDriverPropertyInfo(given);
    assertThat(info.name).isEqualTo("citussafe.mode");
    assertThat(info.value).isEqualTo("dry-run");
    assertThat(info.choices).containsExactly("rewrite", "dry-run", "off");
    assertThat(info.description).contains("default rewrite");
  }
}
