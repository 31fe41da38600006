package io.citussafe.rewriter;

/**
 * A foreign key between a table and another table, seen from the table.
 *
 * @param table the table that holds the key ({@code regclass} text)
 * @param name the constraint's name as stored
 * @param definition {@code pg_get_constraintdef}: {@code FOREIGN KEY (a) REFERENCES t(id)}
 * @param outgoing the table asked about holds the key (it references the other end)
 * @param other what Citus makes of the table at the other end
 */
public record ForeignKeyLink(String table, String name, String definition, boolean outgoing, TableFacts.Kind other) {

  /** ON DELETE/UPDATE CASCADE, SET NULL or SET DEFAULT, which Citus refuses from a reference table to a local one. */
  public boolean cascading() {
    return definition.contains(" CASCADE") || definition.contains(" SET NULL") || definition.contains(" SET DEFAULT");
  }
}
