package io.citussafe.rewriter;

import java.util.List;

/**
 * A foreign key read from {@code pg_get_constraintdef}:
 * {@code FOREIGN KEY (a, b) REFERENCES s.t(x, y) [MATCH FULL] [ON UPDATE …] [ON DELETE …] …}.
 *
 * @param columns the referencing columns as stored
 * @param referenced the referenced table as printed (regclass syntax)
 * @param referencedColumns as stored
 * @param tail everything after the referenced columns ({@code ON DELETE CASCADE}, …), as printed
 */
record ForeignKeyDefinition(List<String> columns, String referenced, List<String> referencedColumns, String tail) {

  /** The definition read, or null when it is not a foreign key as PostgreSQL prints one. */
  static ForeignKeyDefinition parse(String definition) {
    Scanner s = new Scanner(definition);
    s.next();
    if (!s.accept("foreign") || !s.accept("key")) {
      return null;
    }
    List<String> columns = CitusRefusalHintRule.columnList(s);
    if (!s.accept("references")) {
      return null;
    }
    String referenced = Names.readQualified(s);
    List<String> referencedColumns = CitusRefusalHintRule.columnList(s);
    if (referenced == null || columns.isEmpty() || columns.size() != referencedColumns.size()) {
      return null;
    }
    String tail = s.type() == Scanner.Type.END ? "" : definition.substring(s.start()).strip();
    return new ForeignKeyDefinition(List.copyOf(columns), referenced, List.copyOf(referencedColumns), tail);
  }

  /**
   * An action Citus refuses once the distribution column is part of the key: {@code ON DELETE SET
   * NULL/SET DEFAULT}, {@code ON UPDATE CASCADE/SET NULL/SET DEFAULT}; null when there is none.
   */
  String actionRefusedOnDistributionColumn() {
    String upper = tail.toUpperCase(java.util.Locale.ROOT);
    for (String action : new String[] {"ON DELETE SET NULL", "ON DELETE SET DEFAULT", "ON UPDATE CASCADE",
        "ON UPDATE SET NULL", "ON UPDATE SET DEFAULT"}) {
      if (upper.contains(action)) {
        return action;
      }
    }
    return null;
  }

  /** The definition with {@code column} added first on both sides. */
  String withFirst(String column, String referencedColumn) {
    return "FOREIGN KEY (" + list(column, columns) + ") REFERENCES " + referenced + "(" + list(referencedColumn,
        referencedColumns) + ")" + (tail.isEmpty() ? "" : " " + tail);
  }

  private static String list(String first, List<String> rest) {
    StringBuilder out = new StringBuilder(Names.quoted(first));
    for (String column : rest) {
      out.append(", ").append(Names.quoted(column));
    }
    return out.toString();
  }
}
