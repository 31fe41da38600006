package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The skip helpers, each given real SQL with a marker: the expected offset is where {@code ^}
 * stands in the text (the marker is removed before lexing), so a table row reads like the SQL.
 */
class LexerTest {

  /** Text with one {@code ^}; returns the text without it. */
  private static String text(String marked) {
    return marked.replace("^", "");
  }

  private static int mark(String marked) {
    int at = marked.indexOf('^');
    assertThat(at).as("marker in %s", marked).isNotNegative();
    return at;
  }

  static Stream<Arguments> skipSpaceCases() {
    return Stream.of(
        Arguments.of("^ALTER TABLE t"),
        Arguments.of("  \t\r\n\f^ALTER"),
        Arguments.of("-- c\n^ALTER"),
        Arguments.of("-- c\r^ALTER"),
        Arguments.of("-- c\n/* a /* nested */ b */ ^ALTER TABLE t"),
        Arguments.of("/* a */-- b\n  /**/^x"),
        Arguments.of("/* a /* b */ still a comment ; */^;"),
        Arguments.of("^- 1"),     // a single '-' is an operator, not a comment
        Arguments.of("^-1"),
        Arguments.of("^/ 2"),
        Arguments.of("-- only a comment^"),
        Arguments.of("/* unterminated /* nested */ ; ALTER^"),
        Arguments.of("^"));
  }

  @ParameterizedTest
  @MethodSource("skipSpaceCases")
  void skipSpace_commentsAndWhiteSpace_stopAtFirstSignificantChar(String marked) {
    assertThat(Lexer.skipSpace(text(marked), 0)).isEqualTo(mark(marked));
  }

  @Test
  void skipSpace_fromMiddle_startsThere() {
    String sql = "SELECT 1 /* c */ + 2";
    assertThat(Lexer.skipSpace(sql, 8)).isEqualTo(sql.indexOf('+'));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\0', textBlock = """
      # marked text (the text block reads \\ as one backslash) | E string
      '^                                         | false
      'abc'^ x                                   | false
      'it''s;'^ x                                | false
      '''^                                       | false
      ''''^                                      | false
      'a\\'^ x'                                  | false
      'a\\' x'^                                  | true
      'it\\'s;'^ x                               | true
      'a\\\\'^ x'                                | true
      'it''s'^                                   | true
      'unterminated ; more^                      | false
      'unterminated\\'^                          | true
      'ends in backslash\\^                      | true
      """)
  void skipSingleQuoted_standardAndEscapeStrings_endAfterClosingQuote(String marked, boolean escapes) {
    String sql = text(marked);
    assertThat(Lexer.skipSingleQuoted(sql, 0, escapes)).isEqualTo(mark(marked));
  }

  @Test
  void skipSingleQuoted_eStringAfterPrefix_skipsBackslashQuote() {
    String sql = "E'it\\'s;'; SELECT 2";
    assertThat(Lexer.skipSingleQuoted(sql, 1, true)).isEqualTo(sql.indexOf(';', 8));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\0', textBlock = """
      "a"^ x
      "a;""b"^.c
      \"\"\"\"^
      "Bestellungen"^ ADD
      "unterminated ; x^
      "a""^
      """)
  void skipQuotedIdentifier_doubledQuotes_endAfterClosingQuote(String marked) {
    assertThat(Lexer.skipQuotedIdentifier(text(marked), 0)).isEqualTo(mark(marked));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\0', textBlock = """
      # text     | offset after the opening tag, -1 for not a dollar quote
      $$         | 2
      $$x;$$     | 2
      $fn$ body  | 4
      $_$        | 3
      $a1$       | 4
      $ä$        | 3
      $1         | -1
      $1$        | -1
      $12 x      | -1
      $          | -1
      $a         | -1
      $a b$      | -1
      $a-b$      | -1
      $9a$       | -1
      """)
  void dollarTagEnd_tagsAndParameters_followScanL(String sql, int expected) {
    assertThat(Lexer.dollarTagEnd(sql, 0)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\0', textBlock = """
      $$x;$$^; SELECT 2
      $fn$ SELECT $$x;$$; $a$ ; $a$ $fn$^ LANGUAGE sql
      $fn$ $FN$ ; $FN$ $fn$^;
      $a$ $ab$ ; $a$^ x
      $$$$^x
      $$ unterminated ; SELECT 1^
      $fn$ body $$ only inner closes $$ ;^
      """)
  void skipDollarQuoted_nestedOtherTags_endAtOwnClosingTag(String marked) {
    String sql = text(marked);
    assertThat(Lexer.skipDollarQuoted(sql, 0, Lexer.dollarTagEnd(sql, 0))).isEqualTo(mark(marked));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\0', textBlock = """
      /* a */^ x
      /* a /* b */ c */^ x
      /* a /* b /* c */ */ ; */^;
      /**/^x
      /* unterminated /* nested */ x^
      /* a /* b */^
      """)
  void skipBlockComment_nested_endAfterOutermostClose(String marked) {
    assertThat(Lexer.skipBlockComment(text(marked), 0)).isEqualTo(mark(marked));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\0', textBlock = """
      -- c ; /* x^
      --^
      """)
  void skipLineComment_toEndOfText_whenNoNewline(String marked) {
    assertThat(Lexer.skipLineComment(text(marked), 0)).isEqualTo(mark(marked));
  }

  @Test
  void skipLineComment_stopsAtNewline() {
    assertThat(Lexer.skipLineComment("-- c;\nSELECT", 0)).isEqualTo(5);
    assertThat(Lexer.skipLineComment("-- c;\r\nSELECT", 0)).isEqualTo(5);
  }

  @ParameterizedTest
  @CsvSource({
      "ALTER, alter, true",
      "alter, alter, true",
      "AlTeR, alter, true",
      "ALTERX, alter, false",
      "ALTE, alter, false",
      // only ASCII letters fold, as for unquoted identifiers in PostgreSQL (UTF-8)
      "ÄLTER, älter, false",
      "äLTER, älter, true",
      "İD, id, false",
  })
  void wordEquals_asciiCaseFolding(String word, String lower, boolean expected) {
    assertThat(Lexer.wordEquals(word, 0, word.length(), lower)).isEqualTo(expected);
  }

  @Test
  void wordEquals_nonAsciiUpperCase_doesNotFold() {
    assertThat(Lexer.wordEquals("ZÄHLUNG", 0, 7, "zählung")).isFalse();
    assertThat(Lexer.wordEquals("ZäHLUNG", 0, 7, "zählung")).isTrue();
  }

  @Test
  void wordEquals_range_comparesOnlyRange() {
    String sql = "ALTER TABLE t";
    assertThat(Lexer.wordEquals(sql, 6, 11, "table")).isTrue();
    assertThat(Lexer.wordEquals(sql, 6, 10, "table")).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"a, true", "Z, true", "_, true", "ä, true", "é, true", "1, false", "$, false", "\", false",
      "-, false"})
  void isIdentifierStart_scanLRules(char c, boolean expected) {
    assertThat(Lexer.isIdentifierStart(c)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"a, true", "1, true", "$, true", "_, true", "ü, true", "., false", ";, false", "\", false"})
  void isIdentifierPart_scanLRules(char c, boolean expected) {
    assertThat(Lexer.isIdentifierPart(c)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
      "'ALTER TABLE t SET NOT NULL', 'not null', 0, 18",
      "'select x from Y', from, 0, 9",
      "'select x from Y', from, 10, -1",
      "'ab', abc, 0, -1",
      "'', a, 0, -1",
  })
  void indexOfIgnoreCase_asciiFolding(String sql, String needle, int from, int expected) {
    assertThat(Lexer.indexOfIgnoreCase(sql, needle, from)).isEqualTo(expected);
  }
}
