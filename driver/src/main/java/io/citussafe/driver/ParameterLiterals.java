package io.citussafe.driver;

import io.citussafe.rewriter.SqlText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;

/**
 * Bound values as SQL literals that mean what pgjdbc's binding means, for statements that run
 * with their values written in (per-shard commands run in the workers' own sessions, backfill
 * batches). Typed as pgjdbc types them ({@code setLong} is {@code int8}, {@code setString}
 * {@code varchar} unless {@code stringtype=unspecified}); date/time values carry their offset, so
 * a {@code timestamptz} is the same instant whatever the TimeZone of the session that reads it;
 * strings are safe under any {@code standard_conforming_strings}; every typed literal is in
 * parentheses, so {@code -5} before a cast stays {@code (-5)::text}, not {@code -(5::text)}. A
 * value with no faithful literal gives null, and the statement then runs in its atomic form.
 */
final class ParameterLiterals {

  /**
   * How the session reads values without a type.
   *
   * @param sessionZone the zone in which the user's session reads dates and times without offset
   * @param varcharStrings pgjdbc sends strings as {@code varchar} (its default); false for
   *     {@code stringtype=unspecified}
   */
  record Context(ZoneId sessionZone, boolean varcharStrings) {
  }

  /** A null bound with {@code setNull(i, sqlType)}. */
  record TypedNull(int sqlType) {
  }

  private ParameterLiterals() {
  }

  static String literal(Object value, Context context) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof TypedNull typed) {
      String type = nullType(typed.sqlType(), context);
      return type == null ? "NULL" : "(NULL::" + type + ")";
    }
    if (value instanceof Boolean b) {
      return b ? "true" : "false";
    }
    if (value instanceof Integer i) {
      return i >= 0 ? i.toString() : "(" + i + ")";
    }
    if (value instanceof Short || value instanceof Byte) {
      return "(" + value + "::int2)";
    }
    if (value instanceof Long) {
      return "(" + value + "::int8)";
    }
    if (value instanceof BigInteger || value instanceof BigDecimal) {
      return "(" + (value instanceof BigDecimal d ? d.toPlainString() : value.toString()) + "::numeric)";
    }
    if (value instanceof Double d) {
      return "(" + SqlText.quoteLiteral(Double.toString(d)) + "::float8)";
    }
    if (value instanceof Float f) {
      return "(" + SqlText.quoteLiteral(Float.toString(f)) + "::float4)";
    }
    if (value instanceof String s) {
      if (s.indexOf('\0') >= 0) {
        return null;
      }
      return context.varcharStrings() ? "(" + SqlText.quoteLiteral(s) + "::varchar)" : SqlText.quoteLiteral(s);
    }
    if (value instanceof UUID) {
      return "(" + SqlText.quoteLiteral(value.toString()) + "::uuid)";
    }
    // pgjdbc sends these without a type and with the JVM zone's offset: the same instant for a
    // timestamptz, the same wall-clock time for a timestamp
    ZoneId jvm = ZoneId.systemDefault();
    if (value instanceof Timestamp t) {
      return offsetLiteral(t.toLocalDateTime(), jvm);
    }
    if (value instanceof Date d) {
      return offsetLiteral(d.toLocalDate().atStartOfDay(), jvm);
    }
    if (value instanceof Time t) {
      return SqlText.quoteLiteral(t.toLocalTime().toString());
    }
    // java.time values go without offset; the user's session reads them in its own TimeZone,
    // which the literal writes out for sessions that have another
    if (value instanceof LocalDateTime t) {
      return offsetLiteral(t, context.sessionZone());
    }
    if (value instanceof LocalDate d) {
      return offsetLiteral(d.atStartOfDay(), context.sessionZone());
    }
    if (value instanceof LocalTime t) {
      return SqlText.quoteLiteral(t.toString());
    }
    if (value instanceof OffsetDateTime t) {
      return "(" + SqlText.quoteLiteral(t.toString()) + "::timestamptz)";
    }
    return null;
  }

  private static String offsetLiteral(LocalDateTime local, ZoneId zone) {
    return SqlText.quoteLiteral(local.atZone(zone).toOffsetDateTime().toString());
  }

  /** The type pgjdbc gives a null of this JDBC type; null when it sends it untyped. */
  private static String nullType(int sqlType, Context context) {
    switch (sqlType) {
      case Types.SMALLINT:
      case Types.TINYINT:
        return "int2";
      case Types.INTEGER:
        return "int4";
      case Types.BIGINT:
        return "int8";
      case Types.NUMERIC:
      case Types.DECIMAL:
        return "numeric";
      case Types.REAL:
        return "float4";
      case Types.FLOAT:
      case Types.DOUBLE:
        return "float8";
      case Types.BOOLEAN:
      case Types.BIT:
        return "bool";
      case Types.VARCHAR:
      case Types.CHAR:
      case Types.LONGVARCHAR:
        return context.varcharStrings() ? "varchar" : null;
      default:
        return null;
    }
  }
}
