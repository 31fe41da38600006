package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConversionCommentsRuleTest {

  private static final String FK = "ALTER TABLE child ADD CONSTRAINT fk_8 FOREIGN KEY (ref_7) REFERENCES parent (id)";
  private static final List<String> COMMENTS = List.of("COMMENT ON TABLE parent IS 'Tabelle'",
      "COMMENT ON COLUMN parent.amount IS 'Spalte'");

  private final ConversionCommentsRule rule = new ConversionCommentsRule();

  private Plan plan(String sql, TestFacts facts) throws SQLException {
    ConversionCommentsRule.Key key = rule.match(new StatementText(sql));
    return key == null ? null : rule.plan(key, facts, TestFacts.AS_WRITTEN);
  }

  private static TestFacts facts(TableFacts.Kind child, TableFacts.Kind parent) {
    TestFacts facts = new TestFacts().table("child", child, null).table("parent", parent, null);
    facts.comments.put("parent", COMMENTS);
    facts.comments.put("child", List.of("COMMENT ON COLUMN child.ref_7 IS 'Verweis'"));
    return facts;
  }

  @Test
  void match_foreignKeyAdded_readsBothTables() {
    ConversionCommentsRule.Key key = rule.match(new StatementText(
        "alter table public.child add column x int, add foreign key (ref_7) references public.parent"));
    assertThat(key.table()).isEqualTo("public.child");
    assertThat(key.referenced()).isEqualTo("public.parent");
    assertThat(rule.match(new StatementText("ALTER TABLE child ADD COLUMN x int"))).isNull();
  }

  /** Regression: the local table Citus turned Citus-local lost the comments on it and its columns. */
  @ParameterizedTest
  @CsvSource({"CITUS_LOCAL, LOCAL, parent", "REFERENCE, LOCAL, parent", "LOCAL, REFERENCE, child",
      "LOCAL, CITUS_LOCAL, child"})
  void plan_localTableTurnedCitusLocal_commentsSetAgainInTheSameTransaction(String child, String parent,
      String converted) throws SQLException {
    TestFacts facts = facts(TableFacts.Kind.valueOf(child), TableFacts.Kind.valueOf(parent));
    Plan plan = plan(FK, facts);
    Step.Together together = (Step.Together) plan.steps().get(0);
    assertThat(together.steps().get(0)).isEqualTo(new Step.User(FK, null));
    List<Step> comments = together.steps().subList(1, together.steps().size());
    assertThat(comments).containsExactlyElementsOf(
        facts.commentStatements(converted).stream().map(c -> (Step) new Step.Run(c)).toList());
  }

  /** Citus converts the local tables joined to the converted one by foreign keys along with it. */
  @Test
  void plan_convertedTableJoinedToOtherLocalTables_theirCommentsSetAgainToo() throws SQLException {
    TestFacts facts = facts(TableFacts.Kind.CITUS_LOCAL, TableFacts.Kind.LOCAL);
    String key = "FOREIGN KEY (parent_id) REFERENCES parent(id)";
    facts.table("lines", TableFacts.Kind.LOCAL, null);
    facts.links.put("parent", List.of(new ForeignKeyLink("lines", "lines_parent_id_fkey", key, false,
        TableFacts.Kind.LOCAL), new ForeignKeyLink("audit", "audit_fkey", "FOREIGN KEY (p) REFERENCES parent(id)",
        false, TableFacts.Kind.DISTRIBUTED)));
    facts.links.put("lines", List.of(new ForeignKeyLink("lines", "lines_parent_id_fkey", key, true,
        TableFacts.Kind.LOCAL), new ForeignKeyLink("lines", "lines_kind_fkey", "FOREIGN KEY (k) REFERENCES \"Kinds\"(id)",
        true, TableFacts.Kind.LOCAL)));
    facts.comments.put("lines", List.of("COMMENT ON TABLE lines IS 'Posten'"));
    facts.comments.put("\"Kinds\"", List.of("COMMENT ON TABLE \"Kinds\" IS 'Arten'"));
    facts.comments.put("audit", List.of("COMMENT ON TABLE audit IS 'not converted'"));
    List<Step> steps = ((Step.Together) plan(FK, facts).steps().get(0)).steps();
    assertThat(steps.subList(1, steps.size())).containsExactly(new Step.Run(COMMENTS.get(0)),
        new Step.Run(COMMENTS.get(1)), new Step.Run("COMMENT ON TABLE lines IS 'Posten'"),
        new Step.Run("COMMENT ON TABLE \"Kinds\" IS 'Arten'"));
  }

  @ParameterizedTest
  @CsvSource({"LOCAL, LOCAL", "DISTRIBUTED, REFERENCE", "REFERENCE, REFERENCE", "CITUS_LOCAL, CITUS_LOCAL"})
  void plan_noTableConverted_null(String child, String parent) throws SQLException {
    assertThat(plan(FK, facts(TableFacts.Kind.valueOf(child), TableFacts.Kind.valueOf(parent)))).isNull();
  }

  @Test
  void plan_noComments_null() throws SQLException {
    TestFacts facts = facts(TableFacts.Kind.CITUS_LOCAL, TableFacts.Kind.LOCAL);
    facts.comments.clear();
    assertThat(plan(FK, facts)).isNull();
  }

  @Test
  void plan_plainPostgres_null() throws SQLException {
    TestFacts facts = facts(TableFacts.Kind.CITUS_LOCAL, TableFacts.Kind.LOCAL);
    facts.citus = false;
    assertThat(plan(FK, facts)).isNull();
  }
}
