package io.citussafe.driver;

import io.citussafe.rewriter.Options;
import io.citussafe.rewriter.SqlState;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** The validated values of every {@link CitusSafeProperty} for one connection. */
record Settings(Mode mode, boolean failOnMissingCitus, Duration metadataTtl, long cacheSize,
    Sequential sequentialTransactions, Options.BulkUpdate bulkUpdate, long backfillBatchRows,
    Options.NewTables newTables, long lockLightMinRows, Duration lockTimeout, long lockRetries,
    String distributionColumn) {

  enum Mode {
    REWRITE, DRY_RUN, OFF
  }

  enum Sequential {
    AUTO, ALWAYS, NEVER
  }

  /** What the rules follow, in the rewriter's terms. */
  Options ruleOptions() {
    return new Options(bulkUpdate, backfillBatchRows, failOnMissingCitus, newTables, lockLightMinRows,
        distributionColumn);
  }

  /**
   * Reads the settings; keys outside {@link CitusSafeProperty#PREFIX} are ignored.
   *
   * @throws CitusSafeException 22023 for an unknown {@code citussafe.*} key or a malformed value
   */
  static Settings parse(Properties given) throws CitusSafeException {
    for (Map.Entry<Object, Object> entry : given.entrySet()) {
      String key = String.valueOf(entry.getKey());
      if (key.startsWith(CitusSafeProperty.PREFIX) && CitusSafeProperty.forKey(key) == null) {
        throw new CitusSafeException("Unknown citussafe setting \"" + key + "\". Valid keys are: "
            + CitusSafeProperty.allKeys(), SqlState.INVALID_PARAMETER_VALUE);
      }
    }
    return new Settings(
        choice(given, CitusSafeProperty.MODE, Mode.class),
        bool(given, CitusSafeProperty.FAIL_ON_MISSING_CITUS),
        duration(given, CitusSafeProperty.METADATA_TTL),
        nonNegativeLong(given, CitusSafeProperty.CACHE_SIZE),
        choice(given, CitusSafeProperty.SEQUENTIAL_TRANSACTIONS, Sequential.class),
        choice(given, CitusSafeProperty.BULK_UPDATE, Options.BulkUpdate.class),
        nonNegativeLong(given, CitusSafeProperty.BACKFILL_BATCH_ROWS),
        choice(given, CitusSafeProperty.NEW_TABLES, Options.NewTables.class),
        nonNegativeLong(given, CitusSafeProperty.LOCK_LIGHT_MIN_ROWS),
        duration(given, CitusSafeProperty.LOCK_TIMEOUT),
        nonNegativeLong(given, CitusSafeProperty.LOCK_RETRIES),
        columnName(given, CitusSafeProperty.DISTRIBUTION_COLUMN));
  }

  private static String value(Properties given, CitusSafeProperty property) {
    return given.getProperty(property.key(), property.defaultValue()).trim();
  }

  private static CitusSafeException invalid(CitusSafeProperty property, String value, String expected) {
    return new CitusSafeException(property.key() + " must be " + expected + " but was: " + value,
        SqlState.INVALID_PARAMETER_VALUE);
  }

  /** One of the property's choices, case-insensitively; {@code dry-run} names {@code DRY_RUN}. */
  private static <E extends Enum<E>> E choice(Properties given, CitusSafeProperty property, Class<E> type)
      throws CitusSafeException {
    String value = value(given, property);
    for (String allowed : property.choices()) {
      if (allowed.equalsIgnoreCase(value)) {
        return Enum.valueOf(type, allowed.replace('-', '_').toUpperCase(Locale.ROOT));
      }
    }
    throw invalid(property, value, "one of " + String.join(", ", property.choices()));
  }

  /** Only true or false: "yes" is rejected rather than read as false, unlike Boolean.parseBoolean. */
  private static boolean bool(Properties given, CitusSafeProperty property) throws CitusSafeException {
    String value = value(given, property);
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw invalid(property, value, "true or false");
  }

  /**
   * A column name as written in SQL ({@code company_id}, {@code "CompanyId"}), as stored; null when
   * empty (off).
   */
  private static String columnName(Properties given, CitusSafeProperty property) throws CitusSafeException {
    String value = value(given, property);
    if (value.isEmpty()) {
      return null;
    }
    if (value.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
      return value.toLowerCase(Locale.ROOT);
    }
    if (value.length() > 2 && value.startsWith("\"") && value.endsWith("\"")
        && value.indexOf('"', 1) == value.length() - 1) {
      return value.substring(1, value.length() - 1);
    }
    throw invalid(property, value, "a column name (company_id, or \"CompanyId\" for a quoted one)");
  }

  private static long nonNegativeLong(Properties given, CitusSafeProperty property)
      throws CitusSafeException {
    String value = value(given, property);
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below with the key and the value
    }
    throw invalid(property, value, "a whole number of at least 0");
  }

  /** A number with unit ms, s, m or h ({@code 500ms}, {@code 60s}, {@code 5m}); plain numbers are seconds. */
  private static Duration duration(Properties given, CitusSafeProperty property) throws CitusSafeException {
    String value = value(given, property);
    String lower = value.toLowerCase(Locale.ROOT);
    int unitStart = 0;
    while (unitStart < lower.length() && Character.isDigit(lower.charAt(unitStart))) {
      unitStart++;
    }
    if (unitStart == 0 || unitStart > 12) {
      throw invalid(property, value, "a duration such as 500ms, 60s, 5m or 1h");
    }
    long amount = Long.parseLong(lower.substring(0, unitStart));
    switch (lower.substring(unitStart).trim()) {
      case "ms":
        return Duration.ofMillis(amount);
      case "":
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      default:
        throw invalid(property, value, "a duration such as 500ms, 60s, 5m or 1h");
    }
  }
}
