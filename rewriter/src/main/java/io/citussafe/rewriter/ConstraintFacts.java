package io.citussafe.rewriter;

/**
 * A constraint as the catalog shows it.
 *
 * @param name its name
 * @param type {@code pg_constraint.contype}: {@code p} primary key, {@code u} unique, {@code x}
 *     exclusion, {@code f} foreign key, {@code c} check
 * @param definition {@code pg_get_constraintdef}, with {@code NOT VALID} when not validated and its
 *     deferrable state
 * @param index the index behind a primary key, unique or exclusion constraint (regclass text,
 *     qualified when not on the search path), else null
 * @param validated {@code pg_constraint.convalidated}
 */
public record ConstraintFacts(String name, char type, String definition, String index, boolean validated) {

  /** Primary key, unique or exclusion: renamed by renaming its index. */
  public boolean hasIndex() {
    return type == 'p' || type == 'u' || type == 'x';
  }
}
