package io.citussafe.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ParameterLiteralsTest {

  @Test
  void literal_writesTypedLiterals() {
    assertThat(ParameterLiterals.literal(null)).isEqualTo("NULL");
    assertThat(ParameterLiterals.literal(42)).isEqualTo("42");
    assertThat(ParameterLiterals.literal(-7L)).isEqualTo("-7");
    assertThat(ParameterLiterals.literal(true)).isEqualTo("true");
    assertThat(ParameterLiterals.literal(new BigDecimal("1.50"))).isEqualTo("1.50::numeric");
    assertThat(ParameterLiterals.literal(0.5d)).isEqualTo("'0.5'::float8");
    assertThat(ParameterLiterals.literal("it's 100%")).isEqualTo("'it''s 100%'");
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertThat(ParameterLiterals.literal(uuid)).isEqualTo("'123e4567-e89b-12d3-a456-426614174000'::uuid");
    assertThat(ParameterLiterals.literal(LocalDate.of(2026, 11, 25))).isEqualTo("'2026-11-25'::date");
    assertThat(ParameterLiterals.literal(Timestamp.valueOf(LocalDateTime.of(2026, 1, 2, 3, 4, 5))))
        .isEqualTo("'2026-01-02T03:04:05'::timestamp");
  }

  @Test
  void literal_refusesWhatItCannotWriteFaithfully() {
    assertThat(ParameterLiterals.literal(new byte[] {1})).isNull();
    assertThat(ParameterLiterals.literal(Double.NaN)).isNull();
    assertThat(ParameterLiterals.literal("nul\0char")).isNull();
  }

  @Test
  void values_nullWhenAParameterIsMissingOrUnsupported() {
    ParameterLiterals parameters = new ParameterLiterals();
    parameters.set(1, 5);
    assertThat(parameters.values(2)).isNull();
    parameters.set(2, "x");
    assertThat(parameters.values(2)).containsExactly("5", "'x'");
    parameters.unsupported(2);
    assertThat(parameters.values(2)).isNull();
    parameters.set(12, 1);
    parameters.clear();
    assertThat(parameters.values(1)).isNull();
    assertThat(parameters.values(0)).isEqualTo(List.of());
  }
}
