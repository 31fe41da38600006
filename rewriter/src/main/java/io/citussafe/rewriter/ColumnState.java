package io.citussafe.rewriter;

/**
 * One column as the catalog holds it now, for the checks PostgreSQL makes before it changes the column.
 *
 * @param type {@code format_type} of its type without modifier ({@code bigint}, {@code integer}…)
 * @param notNull {@code attnotnull}
 * @param identity {@code attidentity} is set: an identity column
 * @param hasDefault {@code atthasdef}
 */
public record ColumnState(String type, boolean notNull, boolean identity, boolean hasDefault) {
}
