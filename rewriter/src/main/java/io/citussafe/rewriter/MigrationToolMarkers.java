package io.citussafe.rewriter;

/**
 * Recognises the statements of migration tools by the identifiers of their bookkeeping tables:
 * Flyway's schema history table (default {@code flyway_schema_history}; under a custom name its
 * {@code installed_rank} column still shows) and Liquibase's {@code databasechangelog} and
 * {@code databasechangeloglock} (custom names keep the columns {@code orderexecuted} and
 * {@code lockgranted}). Only identifiers count, so an application's string literal that happens
 * to contain such a word does not.
 */
final class MigrationToolMarkers {

  private static final String[] MARKERS = {
      "flyway_schema_history", "installed_rank", "databasechangelog", "databasechangeloglock",
      "orderexecuted", "lockgranted"};

  private MigrationToolMarkers() {
  }

  static boolean mentionedIn(String sql) {
    boolean candidate = false;
    for (String marker : MARKERS) {
      if (Lexer.indexOfIgnoreCase(sql, marker, 0) >= 0) {
        candidate = true;
        break;
      }
    }
    if (!candidate) {
      return false;
    }
    Scanner s = new Scanner(sql);
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (t == Scanner.Type.WORD || t == Scanner.Type.QUOTED_IDENTIFIER) {
        int start = t == Scanner.Type.WORD ? s.start() : s.start() + 1;
        int end = t == Scanner.Type.WORD ? s.end() : s.end() - 1;
        for (String marker : MARKERS) {
          if (Lexer.wordEquals(sql, start, end, marker)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
