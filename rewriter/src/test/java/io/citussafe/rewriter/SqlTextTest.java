package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SqlTextTest {

  /**
   * Expected placeholder counts were checked against pgjdbc 42.7.14's own
   * {@code Parser.parseJdbcSql}: only {@code ??} escapes, a lone {@code ?} before {@code |} is a
   * placeholder.
   */
  static Stream<Arguments> inlineCases() {
    return Stream.of(
        Arguments.of("UPDATE t SET a = ? WHERE id = ?", List.of("'x'", "5"),
            "UPDATE t SET a = 'x' WHERE id = 5"),
        Arguments.of("SELECT ?, '?', \"?\", $$?$$, $a$?$a$ -- ?\n", List.of("1"),
            "SELECT 1, '?', \"?\", $$?$$, $a$?$a$ -- ?\n"),
        Arguments.of("SELECT /* /* ? */ ? */ f(?)", List.of("'n'"), "SELECT /* /* ? */ ? */ f('n')"),
        Arguments.of("SELECT d ?? 'k', d ??| array['a'], d ??& array['b'], ?", List.of("2"),
            "SELECT d ?? 'k', d ??| array['a'], d ??& array['b'], 2"),
        Arguments.of("SELECT d ?| x", List.of("'p'"), "SELECT d 'p' | x"),
        Arguments.of("SELECT ???", List.of("3"), "SELECT ?? 3"),
        Arguments.of("SELECT E'\\\\'?'", List.of("4"), "SELECT E'\\\\' 4 '"),
        Arguments.of("SELECT U&'?' ?", List.of("5"), "SELECT U&'?' 5"),
        Arguments.of("SELECT a$b$ ? $b$", List.of("6"), "SELECT a$b$ 6 $b$"),
        Arguments.of("SELECT ?::int, ARRAY[?,?]", List.of("'1'", "'2'", "'3'"),
            "SELECT '1'::int, ARRAY['2','3']"),
        // without the spaces these would become a comment and a doubled quote inside one string
        Arguments.of("SELECT a -?, 'x'?", List.of("-5", "'y'"), "SELECT a - -5, 'x' 'y'"),
        Arguments.of("SELECT 1", List.of(), "SELECT 1"));
  }

  @ParameterizedTest
  @MethodSource("inlineCases")
  void sliceWriter_literals_replacesEachPlaceholderAsPgjdbcFindsThem(String sql, List<String> literals,
      String expected) {
    assertThat(new SliceWriter(sql, literals).slice(0, sql.length()).toString()).isEqualTo(expected);
    assertThat(SqlText.countParameters(sql)).isEqualTo(literals.size());
  }

  /** Each text starts with the element; the expected end is where the element stops. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "-- note\\nSELECT 1 | 7",
      "/* a /* nested */ comment */ x | 28",
      "'it''s' x | 7",
      "E'a\\'b' x | 7",
      "\"Mixed \"\"Case\"\"\" x | 16",
      "$$ ; ' $$ x | 9",
      "$fn$ a $$ b $fn$ x | 16",
      "'unterminated | 13",
      "$1 | -1",
      "SELECT | -1",
      "$ | -1"})
  void skipQuotedOrComment_endsWhereTheElementEnds(String text, int end) {
    String sql = text.replace("\\n", "\n");
    assertThat(SqlText.skipQuotedOrComment(sql, 0)).as(sql).isEqualTo(end);
  }

  @Test
  void sliceWriter_countMismatch_throwsWithBothCounts() {
    assertThatThrownBy(() -> new SliceWriter("SELECT ?, ?", List.of("1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 parameter placeholders but 1 literals");
  }

  @Test
  void sliceWriter_keptPlaceholders_mapRepeatsTheUsersParameter() {
    String sql = "UPDATE t SET a = ? WHERE b = ?";
    SliceWriter out = new SliceWriter(sql, null).slice(25, sql.length()).text(" / ").slice(0, sql.length());
    assertThat(out.toString()).isEqualTo("b = ? / UPDATE t SET a = ? WHERE b = ?");
    assertThat(out.parameterMap()).containsExactly(2, 1, 2);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "abc | 'abc'",
      "it's | 'it''s'",
      "'' | ''''''",
      "C:\\path\\ | E'C:\\\\path\\\\'",
      "a?b;$$%s | 'a?b;$$%s'",
  })
  void quoteLiteral_value_sameUnderAnyStandardConformingStrings(String value, String expected) {
    assertThat(SqlText.quoteLiteral(value)).isEqualTo(expected);
  }

  @Test
  void quoteLiteral_emptyString_twoQuotes() {
    assertThat(SqlText.quoteLiteral("")).isEqualTo("''");
  }

  @Test
  void quoteLiteral_nulCharacter_throws() {
    assertThatThrownBy(() -> SqlText.quoteLiteral("a\0b")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "id | id",
      "tenant_id2 | tenant_id2",
      "_x | _x",
      "Id | \"Id\"",
      "order | \"order\"",
      "user | \"user\"",
      "2col | \"2col\"",
      "a b | \"a b\"",
      "a\"b | \"a\"\"b\"",
      "zählung | \"zählung\"",
      "a$ | \"a$\"",
  })
  void quoteIdentifier_storedName_quotedOnlyWhenNeeded(String name, String expected) {
    assertThat(SqlText.quoteIdentifier(name)).isEqualTo(expected);
  }

  @Test
  void quoteIdentifier_empty_throws() {
    assertThatThrownBy(() -> SqlText.quoteIdentifier("")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
      "SELECT d ?? 'k' => SELECT d ? 'k'",
      "SELECT d ??| a, d ??& b, '??' => SELECT d ?| a, d ?& b, '??'",
      "SELECT 1 /* ?? */ => SELECT 1 /* ?? */",
      "SELECT $$??$$, \"??\" => SELECT $$??$$, \"??\"",
  })
  void unescape_jdbcEscapes_serverText(String jdbc, String server) {
    assertThat(JdbcPlaceholders.unescape(jdbc)).isEqualTo(server);
  }

  @Test
  void unescape_placeholderLeft_throws() {
    assertThatThrownBy(() -> JdbcPlaceholders.unescape("SELECT ?")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oneLine_commentsAndLineBreaks_oneSpaceBetweenTokens() {
    assertThat(SqlText.oneLine("CREATE TABLE t ( -- the key\n  id bigint ,\n  note text /* why */ DEFAULT 'a  b'\n)"))
        .isEqualTo("CREATE TABLE t (id bigint, note text DEFAULT 'a  b')");
  }

  @Test
  void firstTokenOffset_pastCommentsAndSpace() {
    assertThat(SqlText.firstTokenOffset("/* a /* nested */ */ -- b\n  SELECT 1")).isEqualTo(28);
    assertThat(SqlText.firstTokenOffset("SELECT 1")).isZero();
  }
}
