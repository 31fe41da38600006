package io.citussafe.rewriter;

import java.util.Map;

/**
 * Type names as written and as the catalog shows them. One copy of the serial types and the
 * aliases, for the rules and for the review of migrations without a database.
 */
final class TypeNames {

  /** The serial pseudo-types and the integer type each one stands for. */
  private static final Map<String, String> SERIALS = Map.of(
      "serial", "integer", "serial4", "integer",
      "bigserial", "bigint", "serial8", "bigint",
      "smallserial", "smallint", "serial2", "smallint");

  /**
   * Names that {@code format_type} writes differently, serial types included; {@code char} and
   * {@code bit} without length become {@code bpchar} and {@code varbit}, as the driver reads them.
   */
  private static final Map<String, String> ALIASES = Map.ofEntries(
      Map.entry("int", "integer"), Map.entry("int4", "integer"), Map.entry("int8", "bigint"),
      Map.entry("int2", "smallint"), Map.entry("float8", "double precision"), Map.entry("float", "double precision"),
      Map.entry("float4", "real"), Map.entry("bool", "boolean"), Map.entry("varchar", "character varying"),
      Map.entry("char", "bpchar"), Map.entry("character", "bpchar"), Map.entry("decimal", "numeric"),
      Map.entry("timestamptz", "timestamp with time zone"), Map.entry("timetz", "time with time zone"),
      Map.entry("bit", "varbit"));

  private TypeNames() {
  }

  /** The type behind a serial type written as {@code bare} (lower case, no spaces), or null when it is none. */
  static String serialBase(String bare) {
    return SERIALS.get(bare);
  }

  /**
   * A type as {@code format_type(t, NULL)} writes it: modifiers dropped, aliases resolved
   * ({@code int} gives {@code integer}, {@code varchar(3)} gives {@code character varying}), so
   * rewrites cast to the same types the driver reads from the catalog.
   */
  static String normalize(String written) {
    String s = Names.lower(written, 0, written.length()).strip();
    boolean array = false;
    while (s.endsWith("[]")) {
      array = true;
      s = s.substring(0, s.length() - 2).strip();
    }
    if (s.endsWith("array")) {
      array = true;
      s = s.substring(0, s.length() - 5).strip();
    }
    String zone = s.contains("without time zone") ? " without time zone"
        : s.contains("with time zone") ? " with time zone" : "";
    s = s.replace("without time zone", "").replace("with time zone", "").replaceAll("\\([^)]*\\)", "")
        .replaceAll("\\s+", " ").strip();
    if (s.startsWith("pg_catalog.")) {
      s = s.substring("pg_catalog.".length());
    }
    String name = SERIALS.getOrDefault(s, ALIASES.getOrDefault(s, s));
    if (name.equals("timestamp") || name.equals("time")) {
      name = name + (zone.isEmpty() ? " without time zone" : zone);
    }
    return array ? name + "[]" : name;
  }
}
