package io.citussafe.driver;

import io.citussafe.rewriter.SqlText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The bound values of a prepared statement as SQL literals, kept only for statements that may
 * have to run with the values written in (per-shard commands, batched backfills). A value of a
 * kind we cannot write faithfully marks its parameter unusable, so such a statement is never run
 * with a stale or guessed value.
 */
final class ParameterLiterals {

  /** Marks a parameter set through a setter we cannot turn into a literal. */
  private static final String UNSUPPORTED = new String("unsupported");

  private String[] literals = new String[8];

  void set(int index, Object value) {
    String literal = literal(value);
    put(index, literal == null ? UNSUPPORTED : literal);
  }

  void unsupported(int index) {
    put(index, UNSUPPORTED);
  }

  void clear() {
    Arrays.fill(literals, null);
  }

  private void put(int index, String literal) {
    if (index < 1) {
      return;
    }
    if (index > literals.length) {
      literals = Arrays.copyOf(literals, Math.max(index, literals.length * 2));
    }
    literals[index - 1] = literal;
  }

  /** The literals of parameters 1..count, or null when one is unset or not writable. */
  List<String> values(int count) {
    List<String> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String literal = i < literals.length ? literals[i] : null;
      if (literal == null || literal == UNSUPPORTED) {
        return null;
      }
      values.add(literal);
    }
    return values;
  }

  /** A typed SQL literal for a value, or null when it has no faithful one here. */
  static String literal(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Boolean b) {
      return b ? "true" : "false";
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString() + "::numeric";
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? SqlText.quoteLiteral(Double.toString(d)) + "::float8" : null;
    }
    if (value instanceof String s) {
      return s.indexOf('\0') >= 0 ? null : SqlText.quoteLiteral(s);
    }
    if (value instanceof UUID) {
      return SqlText.quoteLiteral(value.toString()) + "::uuid";
    }
    if (value instanceof Timestamp t) {
      return SqlText.quoteLiteral(t.toLocalDateTime().toString()) + "::timestamp";
    }
    if (value instanceof Date d) {
      return SqlText.quoteLiteral(d.toLocalDate().toString()) + "::date";
    }
    if (value instanceof Time t) {
      return SqlText.quoteLiteral(t.toLocalTime().toString()) + "::time";
    }
    if (value instanceof LocalDateTime t) {
      return SqlText.quoteLiteral(t.toString()) + "::timestamp";
    }
    if (value instanceof LocalDate d) {
      return SqlText.quoteLiteral(d.toString()) + "::date";
    }
    if (value instanceof LocalTime t) {
      return SqlText.quoteLiteral(t.toString()) + "::time";
    }
    if (value instanceof OffsetDateTime t) {
      return SqlText.quoteLiteral(t.toString()) + "::timestamptz";
    }
    return null;
  }
}
