package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForeignKeyClausesTest {

  @Test
  void of_columnAndTableKeys_takenOutAndAddedAfter() {
    ForeignKeyClauses keys = ForeignKeyClauses.of("CREATE TABLE ad_notes (id bigserial PRIMARY KEY, "
        + "company_id bigint NOT NULL REFERENCES companies (id) ON DELETE CASCADE, ad_id bigint NOT NULL, "
        + "country text CONSTRAINT note_country REFERENCES countries DEFERRABLE INITIALLY DEFERRED NOT NULL, "
        + "body text, FOREIGN KEY (ad_id) REFERENCES ads (id) MATCH SIMPLE ON UPDATE NO ACTION, "
        + "CONSTRAINT notes_body_check CHECK (body <> ''))", "ad_notes");

    assertThat(keys.createTable()).isEqualTo("CREATE TABLE ad_notes (id bigserial PRIMARY KEY, "
        + "company_id bigint NOT NULL , ad_id bigint NOT NULL, country text NOT NULL, body text, "
        + "CONSTRAINT notes_body_check CHECK (body <> ''))");
    assertThat(keys.addedAfter()).containsExactly(
        "ALTER TABLE ad_notes ADD FOREIGN KEY (company_id) REFERENCES companies (id) ON DELETE CASCADE",
        "ALTER TABLE ad_notes ADD CONSTRAINT note_country FOREIGN KEY (country) REFERENCES countries "
            + "DEFERRABLE INITIALLY DEFERRED",
        "ALTER TABLE ad_notes ADD FOREIGN KEY (ad_id) REFERENCES ads (id) MATCH SIMPLE ON UPDATE NO ACTION");
  }

  @Test
  void of_firstElementATableKey_commaAfterGoes() {
    ForeignKeyClauses keys = ForeignKeyClauses.of("CREATE TABLE t (CONSTRAINT t_fk FOREIGN KEY (a) REFERENCES p (id), "
        + "a bigint, company_id bigint)", "t");

    assertThat(keys.createTable()).isEqualTo("CREATE TABLE t (a bigint, company_id bigint)");
    assertThat(keys.addedAfter()).isEqualTo(List.of("ALTER TABLE t ADD CONSTRAINT t_fk FOREIGN KEY (a) REFERENCES p (id)"));
  }

  @Test
  void of_noKeys_null() {
    assertThat(ForeignKeyClauses.of("CREATE TABLE t (id bigint PRIMARY KEY, company_id bigint)", "t")).isNull();
  }
}
