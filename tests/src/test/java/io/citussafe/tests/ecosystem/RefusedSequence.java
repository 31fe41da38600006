package io.citussafe.tests.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.Schema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The sequences of DESIGN §5 that Citus refuses inside one transaction after a parallel
 * multi-shard statement, as migrations for the real tools: Flyway scripts under
 * {@code ecosystem/flyway/sequential} (the setup folder, then one folder per sequence) and one
 * Liquibase changelog with the same setup and one changeset per sequence, chosen by a context
 * filter. Each sequence is one migration, so one transaction with default settings. The setup
 * (a reference table {@code ref}, distributed tables {@code d} and {@code d_fk}, and a foreign
 * key from {@code d_fk} to {@code ref}) runs in earlier migrations. The plain-JDBC version of
 * these sequences is {@code io.citussafe.tests.SequentialTransactionsTest}.
 */
enum RefusedSequence {

  FK_AFTER_BACKFILL("fk-after-backfill", 5,
      "cannot modify table \"d\" because there was a parallel operation on a distributed table",
      "SELECT (SELECT count(*) FROM pg_constraint WHERE conname = 'd_ref_fk' AND conrelid = 'd'::regclass)"
          + " || ':' || (SELECT sum(v) FROM d)",
      "1:100"),
  REFERENCE_WRITE_AFTER_READ("reference-write-after-read", 6,
      "cannot modify table \"ref\" because there was a parallel operation on a distributed table",
      "SELECT count(*) FROM ref WHERE name LIKE 'r%!'",
      "10"),
  REFERENCE_DDL_AFTER_UPDATE("reference-ddl-after-update", 7,
      "cannot execute DDL on table \"ref\" because there was a parallel DML access to distributed table",
      "SELECT (SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()"
          + " AND table_name = 'ref' AND column_name = 'extra') || ':' || (SELECT sum(v) FROM d_fk)",
      "1:100"),
  REFERENCE_TRUNCATE_AFTER_UPDATE("reference-truncate-after-update", 8,
      "cannot execute DDL on table \"ref\" because there was a parallel DML access to distributed table",
      "SELECT (SELECT count(*) FROM ref) || ':' || (SELECT count(*) FROM d_fk) || ':' || (SELECT count(*) FROM d)",
      "0:0:100"),
  TYPE_AFTER_UPDATE("type-after-update", 9,
      "cannot run type command because there was a parallel operation on a distributed table",
      "SELECT (SELECT count(*) FROM pg_type WHERE typname = 'mood' AND typnamespace = current_schema()::regnamespace)"
          + " || ':' || (SELECT sum(v) FROM d)",
      "1:100");

  static final String FLYWAY_SETUP = "classpath:ecosystem/flyway/sequential/setup";
  /** Migrations (Flyway) and changesets (Liquibase) of the setup: versions and ids 1 to 4. */
  static final int SETUP_MIGRATIONS = 4;
  static final String LIQUIBASE_CHANGELOG = "ecosystem/liquibase/sequential-changelog.xml";

  /** Flyway folder under {@code ecosystem/flyway/sequential}, and Liquibase context. */
  final String key;
  /** The Flyway version of the sequence's script; also the number of its Liquibase changeset. */
  final int version;
  /** What Citus answers through plain pgjdbc. */
  final String citusError;
  /** A query, as text, of what the sequence did; {@link #expected} once it ran. */
  final String check;
  final String expected;

  RefusedSequence(String key, int version, String citusError, String check, String expected) {
    this.key = key;
    this.version = version;
    this.citusError = citusError;
    this.check = check;
    this.expected = expected;
  }

  /** The Flyway locations that migrate the setup and then this sequence. */
  String[] flywayLocations() {
    return new String[] {FLYWAY_SETUP, "classpath:ecosystem/flyway/sequential/" + key};
  }

  /** Asserts that the sequence ran: its {@link #check} gives {@link #expected}. */
  void assertRan(Schema schema) throws SQLException {
    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      assertThat(Incident.string(s, check)).as("%s after the %s migration", check, key).isEqualTo(expected);
    }
  }

  /** Asserts that {@code thrown}, from a migration tool, carries Citus's refusal of this sequence. */
  void assertRefusedByCitus(Throwable thrown) {
    SQLException cause = Incident.sqlCause(thrown);
    assertThat((Throwable) cause).as("SQLException under %s", thrown).isNotNull();
    assertThat(cause.getMessage()).contains("because there was a parallel").contains(citusError);
  }

  @Override
  public String toString() {
    return key;
  }
}
