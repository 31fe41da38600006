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

class ScannerTest {

  /** Tokens as {@code TYPE:text}, one per element. */
  private static List<String> tokens(String sql) {
    List<String> out = new ArrayList<>();
    Scanner s = new Scanner(sql);
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      out.add(t + ":" + s.text());
    }
    return out;
  }

  static Stream<Arguments> tokenCases() {
    return Stream.of(
        Arguments.of("SELECT $1, $a$x;$a$", List.of(
            "WORD:SELECT", "PARAMETER:$1", "SYMBOL:,", "STRING:$a$x;$a$")),
        Arguments.of("x = $12::int", List.of(
            "WORD:x", "SYMBOL:=", "PARAMETER:$12", "SYMBOL:::", "WORD:int")),
        Arguments.of("a$b$ $$", List.of("WORD:a$b$", "STRING:$$")),
        Arguments.of("E'it\\'s;' e'x' 'it''s;'", List.of(
            "STRING:E'it\\'s;'", "STRING:e'x'", "STRING:'it''s;'")),
        Arguments.of("B'101' X'ff' N'n' U&'d\\0061t'", List.of(
            "STRING:B'101'", "STRING:X'ff'", "STRING:N'n'", "STRING:U&'d\\0061t'")),
        Arguments.of("U&\"d;\" \"a;\"\"b\" u&x", List.of(
            "QUOTED_IDENTIFIER:U&\"d;\"", "QUOTED_IDENTIFIER:\"a;\"\"b\"", "WORD:u", "SYMBOL:&",
            "WORD:x")),
        Arguments.of("zählung \"Bestellungen\" _x1", List.of(
            "WORD:zählung", "QUOTED_IDENTIFIER:\"Bestellungen\"", "WORD:_x1")),
        Arguments.of("f(a => 'x', b := 1.5, .5)", List.of(
            "WORD:f", "SYMBOL:(", "WORD:a", "SYMBOL:=>", "STRING:'x'", "SYMBOL:,", "WORD:b",
            "SYMBOL::=", "NUMBER:1.5", "SYMBOL:,", "NUMBER:.5", "SYMBOL:)")),
        Arguments.of("? -- c ; x\n/* a /* b */ ; */ ;", List.of("PARAMETER:?", "SYMBOL:;")),
        Arguments.of("$ x", List.of("SYMBOL:$", "WORD:x")),
        Arguments.of("'unterminated ; x", List.of("STRING:'unterminated ; x")),
        Arguments.of("$$ unterminated", List.of("STRING:$$ unterminated")),
        Arguments.of("", List.of()));
  }

  @ParameterizedTest
  @MethodSource("tokenCases")
  void next_realSql_tokenTypesAndTexts(String sql, List<String> expected) {
    assertThat(tokens(sql)).containsExactlyElementsOf(expected);
  }

  @Test
  void depth_nestedParentheses_openCountsAfterItselfCloseBefore() {
    Scanner s = new Scanner("f(a, (b), c[1]) x");
    List<String> depths = new ArrayList<>();
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      depths.add(s.text() + s.depth());
    }
    assertThat(depths).containsExactly(
        "f0", "(0", "a1", ",1", "(1", "b2", ")1", ",1", "c1", "[1", "12", "]1", ")0", "x0");
  }

  @Test
  void depth_unbalancedClose_staysAtZero() {
    Scanner s = new Scanner(")) (");
    s.next();
    s.next();
    s.next();
    assertThat(s.depth()).isZero();
    s.next();
    assertThat(s.type()).isEqualTo(Scanner.Type.END);
    assertThat(s.depth()).isEqualTo(1);
  }

  @Test
  void next_range_stopsAtLimit() {
    String sql = "SELECT 1; SELECT 2";
    Scanner s = new Scanner(sql, 10, sql.length());
    assertThat(s.next()).isEqualTo(Scanner.Type.WORD);
    assertThat(s.start()).isEqualTo(10);
    s = new Scanner(sql, 0, 8);
    s.next();
    s.next();
    assertThat(s.text()).isEqualTo("1");
    assertThat(s.next()).isEqualTo(Scanner.Type.END);
    assertThat(s.next()).isEqualTo(Scanner.Type.END);
  }

  @Test
  void skipToClose_nested_landsAfterMatchingParenthesis() {
    Scanner s = new Scanner("(a, (b, c), d) e");
    s.next();
    int open = s.depth();
    s.next();
    s.skipToClose(open);
    assertThat(s.text()).isEqualTo("e");
  }

  static Stream<Arguments> stringValueCases() {
    return Stream.of(
        Arguments.of("'orders'", "orders"),
        Arguments.of("'it''s'", "it's"),
        Arguments.of("'sales.\"Orders\"'", "sales.\"Orders\""),
        Arguments.of("''", ""),
        Arguments.of("$$public.orders$$", "public.orders"),
        Arguments.of("$x$id$x$", "id"),
        Arguments.of("$$$$", ""),
        Arguments.of("B'101'", null),
        Arguments.of("U&'x'", null),
        // Bug: E'...' was documented as read when it has no escapes, but always gave null
        Arguments.of("E'orders'", "orders"),
        Arguments.of("e'it''s'", "it's"),
        Arguments.of("E''", ""),
        Arguments.of("E'a\\nb'", null),
        Arguments.of("E'", null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"$$", "$$orders", "$a$", "$a$x", "$a$x$a", "'", "'orders", "'orders''", "'''",
      "E'orders\\'", "E'orders''"})
  void stringValue_unterminated_isNull(String sql) {
    // Bug: an unterminated dollar quote had its "closing tag" cut off text that has none, which
    // threw StringIndexOutOfBoundsException for "$$" and "$a$" and gave "orde" for "$$orders";
    // an unterminated 'orders'' gave "orders'".
    Scanner s = new Scanner(sql);
    assertThat(s.next()).isEqualTo(Scanner.Type.STRING);
    assertThat(s.stringValue()).isNull();
  }

  @ParameterizedTest
  @MethodSource("stringValueCases")
  void stringValue_literals(String sql, String expected) {
    Scanner s = new Scanner(sql);
    s.next();
    assertThat(s.stringValue()).isEqualTo(expected);
  }

  @Test
  void stringValue_notAString_isNull() {
    Scanner s = new Scanner("orders");
    s.next();
    assertThat(s.stringValue()).isNull();
  }
}
