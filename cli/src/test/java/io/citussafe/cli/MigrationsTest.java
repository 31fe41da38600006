package io.citussafe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

  @TempDir
  Path dir;

  @Test
  void read_flywayVersions_comparedNumberByNumberThenRepeatables() throws IOException {
    for (String name : List.of("R__views.sql", "V1.10__c.sql", "V1.9__b.sql", "V1__a.sql", "V2__d.sql", "V10__e.sql",
        "U2__undo.sql", "notes.sql")) {
      Files.writeString(dir.resolve(name), "SELECT 1;");
    }

    List<String> order = Migrations.read(List.of(dir)).stream().map(Migrations.Unit::label).toList();

    assertThat(order).containsExactly("V1__a.sql", "V1.9__b.sql", "V1.10__c.sql", "V2__d.sql", "V10__e.sql",
        "R__views.sql", "notes.sql");
  }

  @Test
  void read_sameVersionTwice_refused() throws IOException {
    Files.writeString(dir.resolve("V1__a.sql"), "SELECT 1;");
    Files.writeString(dir.resolve("V1.0__b.sql"), "SELECT 1;");

    assertThatThrownBy(() -> Migrations.read(List.of(dir))).isInstanceOf(CliException.class)
        .hasMessageContaining("two migrations have version");
  }

  @Test
  void read_flywayTransactionMode_fromHintLineOrConfFile() throws IOException {
    Files.writeString(dir.resolve("V1__default.sql"), "SELECT 1;");
    Files.writeString(dir.resolve("V2__hint.sql"), "-- flyway:executeInTransaction=false\nSELECT 1;");
    Files.writeString(dir.resolve("V3__conf.sql"), "SELECT 1;");
    Files.writeString(dir.resolve("V3__conf.sql.conf"), "executeInTransaction=false\n");

    List<Boolean> transactional = Migrations.read(List.of(dir)).stream().map(Migrations.Unit::transactional).toList();

    assertThat(transactional).containsExactly(true, false, false);
  }

  @Test
  void liquibase_changesets_inFileOrderWithLinesAndTransactionMode() {
    String text = "-- liquibase formatted sql\n\n--changeset a:1\nSELECT 1;\n--changeset b:2 runInTransaction:false"
        + " splitStatements:true\nSELECT 2;\n--rollback SELECT 3;\n";

    List<Migrations.Unit> units = Migrations.liquibase("c.sql", "c.sql", text);

    assertThat(units).extracting(Migrations.Unit::label).containsExactly("c.sql changeset a:1", "c.sql changeset b:2");
    assertThat(units).extracting(Migrations.Unit::transactional).containsExactly(true, false);
    assertThat(units).extracting(Migrations.Unit::firstLine).containsExactly(4, 6);
  }
}
