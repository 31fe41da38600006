package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SplitterTest {

  /** The pieces' texts, each stripped of surrounding white space for readable tables. */
  static List<String> pieces(String sql) {
    int[] offsets = Splitter.split(sql);
    List<String> out = new ArrayList<>();
    for (int k = 0; k < offsets.length; k += 2) {
      out.add(sql.substring(offsets[k], offsets[k + 1]).strip());
    }
    return out;
  }

  static Stream<Arguments> statements() {
    return Stream.of(
        Arguments.of("SELECT 1; SELECT 2", List.of("SELECT 1", "SELECT 2")),
        Arguments.of("SELECT 1", List.of("SELECT 1")),
        // dollar quotes containing ';' and other tags
        Arguments.of("CREATE FUNCTION f() RETURNS text AS $fn$ SELECT $$x;$$; SELECT 'y;' $fn$ LANGUAGE sql;"
                + " SELECT 1",
            List.of("CREATE FUNCTION f() RETURNS text AS $fn$ SELECT $$x;$$; SELECT 'y;' $fn$ LANGUAGE sql",
                "SELECT 1")),
        Arguments.of("SELECT $a$ $b$ ; $b$ ; $a$; SELECT 2", List.of("SELECT $a$ $b$ ; $b$ ; $a$", "SELECT 2")),
        // tags are case-sensitive
        Arguments.of("SELECT $A$ ; $a$ ; $A$; SELECT 2", List.of("SELECT $A$ ; $a$ ; $A$", "SELECT 2")),
        Arguments.of("SELECT $_$;$_$;SELECT $ä$;$ä$", List.of("SELECT $_$;$_$", "SELECT $ä$;$ä$")),
        // $n parameters are not dollar quotes
        Arguments.of("SELECT $1; SELECT $2", List.of("SELECT $1", "SELECT $2")),
        Arguments.of("UPDATE t SET a = $1 WHERE b = $2;UPDATE t SET a = $3",
            List.of("UPDATE t SET a = $1 WHERE b = $2", "UPDATE t SET a = $3")),
        Arguments.of("SELECT $1::text, $a$;$a$; SELECT 2", List.of("SELECT $1::text, $a$;$a$", "SELECT 2")),
        // '$' inside an identifier does not open a quote
        Arguments.of("SELECT a$$; SELECT 2", List.of("SELECT a$$", "SELECT 2")),
        // comments before the first keyword stay with their statement
        Arguments.of("-- c\n/* a /* nested */ b */ ALTER TABLE t ADD c int; SELECT 1",
            List.of("-- c\n/* a /* nested */ b */ ALTER TABLE t ADD c int", "SELECT 1")),
        Arguments.of("SELECT 1 /* a /* b */ ; */; SELECT 2", List.of("SELECT 1 /* a /* b */ ; */", "SELECT 2")),
        Arguments.of("SELECT 1 -- ; not a split\n; SELECT 2", List.of("SELECT 1 -- ; not a split", "SELECT 2")),
        Arguments.of("SELECT '--'; SELECT '/*'; SELECT 3", List.of("SELECT '--'", "SELECT '/*'", "SELECT 3")),
        // strings
        Arguments.of("SELECT E'it\\'s;'; SELECT 2", List.of("SELECT E'it\\'s;'", "SELECT 2")),
        Arguments.of("SELECT e'\\\\'; SELECT 2", List.of("SELECT e'\\\\'", "SELECT 2")),
        Arguments.of("SELECT 'it''s;'; SELECT 2", List.of("SELECT 'it''s;'", "SELECT 2")),
        // standard strings: a backslash is an ordinary character
        Arguments.of("SELECT 'a\\'; SELECT 2", List.of("SELECT 'a\\'", "SELECT 2")),
        Arguments.of("SELECT U&'d\\0061t;'; SELECT 2", List.of("SELECT U&'d\\0061t;'", "SELECT 2")),
        // quoted identifiers
        Arguments.of("SELECT 1 AS \"a;\"\"b\"; SELECT 2", List.of("SELECT 1 AS \"a;\"\"b\"", "SELECT 2")),
        Arguments.of("SELECT \"--\"; SELECT 2", List.of("SELECT \"--\"", "SELECT 2")),
        Arguments.of("SELECT U&\"d;\\0061t\"; SELECT 2", List.of("SELECT U&\"d;\\0061t\"", "SELECT 2")),
        Arguments.of("ALTER TABLE \"Bestellungen\" ADD c int;ALTER TABLE zählung ADD d int",
            List.of("ALTER TABLE \"Bestellungen\" ADD c int", "ALTER TABLE zählung ADD d int")),
        // SQL-standard function bodies
        Arguments.of("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; "
                + "SELECT CASE WHEN true THEN 2 END; END; SELECT 3",
            List.of("CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; "
                + "SELECT CASE WHEN true THEN 2 END; END", "SELECT 3")),
        Arguments.of("create procedure p() language sql begin /* c */ atomic insert into t values (1); "
                + "insert into t values (2); end",
            List.of("create procedure p() language sql begin /* c */ atomic insert into t values (1); "
                + "insert into t values (2); end")),
        // a transaction's BEGIN/END are ordinary statements
        Arguments.of("BEGIN; ALTER TABLE t ADD c int; END;", List.of("BEGIN", "ALTER TABLE t ADD c int", "END")),
        Arguments.of("BEGIN;SELECT CASE WHEN a THEN 1 END;COMMIT",
            List.of("BEGIN", "SELECT CASE WHEN a THEN 1 END", "COMMIT")),
        // parentheses
        Arguments.of("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));"
                + " SELECT 1",
            List.of("CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))",
                "SELECT 1")),
        Arguments.of("SELECT 1); SELECT 2", List.of("SELECT 1)", "SELECT 2")),
        // empty pieces
        Arguments.of(";;SELECT 1;; ;SELECT 2;", List.of("SELECT 1", "SELECT 2")),
        Arguments.of("SELECT 1; -- trailing", List.of("SELECT 1")),
        Arguments.of("SELECT 1; /* c */ ; -- x\n", List.of("SELECT 1")),
        Arguments.of("DO $$ BEGIN ALTER TABLE t ALTER COLUMN a SET NOT NULL; END $$; SELECT 1",
            List.of("DO $$ BEGIN ALTER TABLE t ALTER COLUMN a SET NOT NULL; END $$", "SELECT 1")),
        // unterminated: a best effort, the rest of the text is one piece
        Arguments.of("SELECT 'abc; SELECT 2", List.of("SELECT 'abc; SELECT 2")),
        Arguments.of("SELECT 1; SELECT E'abc\\", List.of("SELECT 1", "SELECT E'abc\\")),
        Arguments.of("SELECT /* abc; SELECT 2", List.of("SELECT /* abc; SELECT 2")),
        Arguments.of("SELECT $$abc; SELECT 2", List.of("SELECT $$abc; SELECT 2")),
        Arguments.of("SELECT \"abc; SELECT 2", List.of("SELECT \"abc; SELECT 2")),
        Arguments.of("SELECT (1; SELECT 2", List.of("SELECT (1; SELECT 2")),
        Arguments.of("CREATE FUNCTION f() BEGIN ATOMIC SELECT 1; SELECT 2",
            List.of("CREATE FUNCTION f() BEGIN ATOMIC SELECT 1; SELECT 2")));
  }

  @ParameterizedTest
  @MethodSource("statements")
  void split_realSql_topLevelSemicolonsOnly(String sql, List<String> expected) {
    assertThat(pieces(sql)).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", ";", " ; ;; ", "-- only a comment", "/* a */ ; -- b\n;", "\n\t\r\f"})
  void split_nothingButSpaceCommentsAndSemicolons_noPieces(String sql) {
    assertThat(Splitter.split(sql)).isEmpty();
  }

  @Test
  void split_offsets_excludeSemicolonKeepLeadingText() {
    String sql = "SELECT 1; /* c */ SELECT 2 ;";
    assertThat(Splitter.split(sql)).containsExactly(0, 8, 9, 27);
  }

  @Test
  void split_flywayScript_oneStepPerStatement() {
    String script = """
        -- V3__distribute_orders.sql
        CREATE TABLE orders (
            id bigint PRIMARY KEY,
            tenant_id int,
            note text DEFAULT 'n/a; none'
        );
        CREATE INDEX orders_tenant ON orders (tenant_id);
        SELECT create_distributed_table('orders', 'id');

        /* backfill; then tighten */
        UPDATE orders SET tenant_id = 0 WHERE tenant_id IS NULL;
        ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL;
        CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
          NEW.note := 'touched; ' || $$x$$;
          RETURN NEW;
        END;
        $body$;
        """;
    List<String> pieces = pieces(script);
    assertThat(pieces).hasSize(6);
    assertThat(pieces.get(0)).startsWith("-- V3__distribute_orders.sql\nCREATE TABLE orders (")
        .endsWith("'n/a; none'\n)");
    assertThat(pieces.get(1)).isEqualTo("CREATE INDEX orders_tenant ON orders (tenant_id)");
    assertThat(pieces.get(2)).isEqualTo("SELECT create_distributed_table('orders', 'id')");
    assertThat(pieces.get(3)).isEqualTo(
        "/* backfill; then tighten */\nUPDATE orders SET tenant_id = 0 WHERE tenant_id IS NULL");
    assertThat(pieces.get(4)).isEqualTo("ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL");
    assertThat(pieces.get(5)).startsWith("CREATE OR REPLACE FUNCTION touch()").endsWith("END;\n$body$");
  }
}
