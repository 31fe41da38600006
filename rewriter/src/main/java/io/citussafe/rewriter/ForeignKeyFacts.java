package io.citussafe.rewriter;

/**
 * A foreign key as the catalog shows it.
 *
 * @param table the referencing table ({@code regclass} text)
 * @param name the constraint's name
 * @param definition {@code pg_get_constraintdef}: {@code FOREIGN KEY (a) REFERENCES t(id)}
 */
public record ForeignKeyFacts(String table, String name, String definition) {
}
