package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Folding, truncation and chosen names, checked against what PostgreSQL 17 gives for the same statements. */
class NamesTest {

  private static final String A31 = "ä".repeat(31);

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Orders|orders",
      "ÄRGER|Ärger",
      "Straße_ID|straße_id",
      "\"Mixed\"\"Q\"|Mixed\"Q"})
  void stored_foldsAsciiLettersOnly(String written, String stored) {
    assertThat(Names.stored(written)).isEqualTo(stored);
  }

  @Test
  void stored_over63Bytes_cutWithoutSplittingACharacter() {
    // PostgreSQL: identifier "ää…" (40) will be truncated to "ää…" (31, 62 bytes)
    assertThat(Names.stored("\"" + "ä".repeat(40) + "\"")).isEqualTo(A31);
    assertThat(Names.stored("x" + "ä".repeat(40))).isEqualTo("x" + A31);
    assertThat(Names.stored("a".repeat(70))).isEqualTo("a".repeat(63));
    assertThat(Names.truncated("😀".repeat(16))).isEqualTo("😀".repeat(15));
  }

  @Test
  void objectName_multibyteTable_63BytesAsPostgresChooses() {
    // CREATE TABLE "ää…" (id int UNIQUE, CHECK (id > 0)): PostgreSQL names them so
    assertThat(Names.objectName(A31, "id", "key")).isEqualTo("ä".repeat(28) + "_id_key");
    assertThat(Names.objectName(A31, "id", "check")).isEqualTo("ä".repeat(27) + "_id_check");
    // the balance leaves 56 bytes for "xää…", a cut inside an ä: one byte fewer
    String name = Names.objectName("x" + A31, "id", "key");
    assertThat(name).isEqualTo("x" + "ä".repeat(27) + "_id_key");
    assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(62);
  }

  @Test
  void objectName_shortNames_tableColumnLabel() {
    assertThat(Names.objectName("Ärger", null, "pkey")).isEqualTo("Ärger_pkey");
    assertThat(Names.objectName("Ärger", Names.nameAddition(List.of("a", "b")), "idx")).isEqualTo("Ärger_a_b_idx");
    assertThat(Names.defaultName("Ärger", null, "pkey")).isEqualTo("\"Ärger_pkey\"");
  }

  @Test
  void nameAddition_longColumnList_cutTo63Bytes() {
    assertThat(Names.nameAddition(List.of("ä".repeat(20), "ö".repeat(20))))
        .isEqualTo("ä".repeat(20) + "_" + "ö".repeat(11));
  }
}
