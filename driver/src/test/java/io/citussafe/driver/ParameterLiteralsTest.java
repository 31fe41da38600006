package io.citussafe.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ParameterLiteralsTest {

  private static final ParameterLiterals.Context VARCHAR =
      new ParameterLiterals.Context(ZoneId.of("Asia/Kolkata"), true);

  private static String literal(Object value) {
    return ParameterLiterals.literal(value, VARCHAR);
  }

  @Test
  void literal_typedAsPgjdbcBindsThem() {
    assertThat(literal(null)).isEqualTo("NULL");
    assertThat(literal(new ParameterLiterals.TypedNull(Types.BIGINT))).isEqualTo("(NULL::int8)");
    assertThat(literal(42)).isEqualTo("42");
    assertThat(literal(-7L)).isEqualTo("(-7::int8)");
    assertThat(literal((short) 3)).isEqualTo("(3::int2)");
    assertThat(literal(true)).isEqualTo("true");
    assertThat(literal(new BigDecimal("-1.50"))).isEqualTo("(-1.50::numeric)");
    assertThat(literal(0.5d)).isEqualTo("('0.5'::float8)");
    assertThat(literal(Double.NaN)).isEqualTo("('NaN'::float8)");
    assertThat(literal("it's 100%")).isEqualTo("('it''s 100%'::varchar)");
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertThat(literal(uuid)).isEqualTo("('123e4567-e89b-12d3-a456-426614174000'::uuid)");
  }

  @Test
  void literal_negativeNumber_keepsItsSignBeforeACast() {
    // -5::text is -(5::text); the literal is parenthesised
    assertThat(literal(-5)).isEqualTo("(-5)");
  }

  @Test
  void literal_stringtypeUnspecified_untypedString() {
    assertThat(ParameterLiterals.literal("x", new ParameterLiterals.Context(ZoneId.of("UTC"), false))).isEqualTo("'x'");
  }

  @Test
  void literal_backslashes_escapeFormSafeUnderAnyStandardConformingStrings() {
    assertThat(literal("a\\'b")).isEqualTo("(E'a\\\\''b'::varchar)");
  }

  @Test
  void literal_dateTimes_carryTheirOffset() {
    // a java.sql.Timestamp means the JVM zone's wall-clock time, as pgjdbc sends it
    LocalDateTime local = LocalDateTime.of(2026, 1, 2, 3, 4, 5);
    String offset = local.atZone(ZoneId.systemDefault()).getOffset().toString().replace("Z", "+00:00");
    assertThat(literal(Timestamp.valueOf(local))).startsWith("'2026-01-02T03:04:05");
    assertThat(literal(Timestamp.valueOf(local))).contains(offset.equals("+00:00") ? "Z" : offset);
    // java.time values without offset mean the session's zone
    assertThat(literal(local)).isEqualTo("'2026-01-02T03:04:05+05:30'");
    assertThat(literal(LocalDate.of(2026, 11, 25))).isEqualTo("'2026-11-25T00:00+05:30'");
    assertThat(literal(OffsetDateTime.of(local, ZoneOffset.ofHours(-3))))
        .isEqualTo("('2026-01-02T03:04:05-03:00'::timestamptz)");
  }

  @Test
  void literal_refusesWhatItCannotWriteFaithfully() {
    assertThat(literal(new byte[] {1})).isNull();
    assertThat(literal("nul\0char")).isNull();
    assertThat(literal(new Object())).isNull();
  }
}
