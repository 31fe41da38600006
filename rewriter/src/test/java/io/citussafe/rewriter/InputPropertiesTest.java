package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the lexer, splitter and classifier over generated text: every character there is
 * (NUL, lone surrogates), and text built from what the lexer cares about — unterminated quotes,
 * comments and dollar quotes, nested comments, {@code E''} escapes, 63-byte and non-ASCII
 * identifiers, keywords as quoted names. jqwik shrinks a failing text to a few characters.
 *
 * <p>What the driver calls per statement is {@link Rewriter#analyze} and, when the analysis needs
 * one, {@link Rewriter#plan}: the properties go through those two, and through the pieces they are
 * made of ({@link Scanner}, {@link Splitter}, {@link PlainDml}, {@link Scanner#stringValue}).
 */
class InputPropertiesTest {

  private static final Rewriter REWRITER = Rewriter.create(0, Options.DEFAULTS);
  private static final Analyzer ANALYZER = new Analyzer(new Rules(Options.DEFAULTS));

  /** Facts in which every table exists, for each kind of table, on Citus and plain PostgreSQL. */
  private static final List<Facts> FACTS = List.of(
      new EveryTableFacts(true, false, TableFacts.Kind.DISTRIBUTED),
      new EveryTableFacts(true, true, TableFacts.Kind.REFERENCE),
      new EveryTableFacts(true, false, TableFacts.Kind.CITUS_LOCAL),
      new EveryTableFacts(false, true, TableFacts.Kind.LOCAL));

  static final String IDENTIFIER_63 = "a".repeat(63);
  static final String IDENTIFIER_64 = "b".repeat(64);
  /** 32 two-byte characters: 64 bytes in UTF-8, one more than PostgreSQL keeps of a name. */
  static final String IDENTIFIER_NON_ASCII_64_BYTES = "ä".repeat(32);

  /** Pieces of SQL the lexer treats specially, whole or cut off. */
  private static final String[] FRAGMENTS = {
      "'", "''", "E'", "e'", "\\", "\\'", "E'\\''", "E'\\\\'", "\"", "\"\"", "$$", "$a$", "$A$", "$_$", "$1", "$",
      "$a", "--", "\n", "\r", "/*", "*/", "/* /* */", "/* /* */ */", ";", ";", ";", "(", ")", "[", "]", " ", " ",
      "\t", "\f", "\u0000", "\uD800", "\uDC00", "\uDBFF\uDFFF", "\uFEFF", "SELECT", "select *", "FROM",
      "ALTER TABLE", "t", "\"T\"", ".", "*", "SET NOT NULL", "NOT", "NULL", "CHECK", "TYPE", "DATA", "DROP",
      "COLUMN", "ADD PRIMARY KEY", "VALIDATE", "create_distributed_table", "create_reference_table",
      "truncate_local_data_after_distributing_table", "CREATE", "UNIQUE", "INDEX", "CONCURRENTLY", "ON", "ONLY",
      "IF EXISTS", "BEGIN", "ATOMIC", "END", "CASE", "DO", "U&", "::", "=>", ":=", ",", "ä", "\uD834\uDD1E", "x",
      "1", "1e5", ".5", "table_name", "'orders'", "$$orders$$", "pg_catalog", "UPDATE", "SET", "WHERE", "DELETE",
      "INSERT INTO", "VALUES", "now()", "random()", "gen_random_uuid()", "clock_timestamp()", "ON CONFLICT",
      "DO UPDATE SET", "nextval('s')", "RENAME CONSTRAINT", "ADD COLUMN", "bigserial", "GENERATED ALWAYS AS IDENTITY",
      "\"select\"", "\"table\"", "\"order\"", "\"user\"", "\"end\"", "\"begin\"", "\"atomic\"", "\"from\"",
      "\"with \"\" quote\"", "?", "{fn now()}", "{call f(?)}", "zählung", "注文", "\"注文\"", IDENTIFIER_63,
      "\"" + IDENTIFIER_64 + "\"", IDENTIFIER_NON_ASCII_64_BYTES,
  };

  /** Beginnings of statements the rules look into, so their readers see the random rest. */
  private static final String[] PREFIXES = {
      "", "", "", "SELECT create_distributed_table(", "SELECT * FROM create_reference_table(",
      "select pg_catalog.create_distributed_table('orders', ", "SELECT run_command_on_workers(",
      "ALTER TABLE orders ", "ALTER TABLE IF EXISTS ONLY public.\"Orders\" ALTER COLUMN ",
      "CREATE UNIQUE INDEX CONCURRENTLY i ON ", "UPDATE orders SET ", "DELETE FROM orders WHERE ",
      "INSERT INTO orders VALUES (", "INSERT INTO orders (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET ",
      "CREATE TABLE t (", "CREATE TRIGGER tr BEFORE UPDATE ON orders ", "ALTER SEQUENCE s ",
  };

  /** Complete statements with every kind of tricky content, none ending in a line comment. */
  private static final String[] STATEMENTS = {
      "SELECT 'a;b'", "SELECT E'it\\'s;'", "SELECT e'\\\\'", "SELECT 'it''s;'", "SELECT \"x;\"\"y\"",
      "SELECT U&\"a;b\"", "SELECT U&'\\0041;'", "SELECT $$;$$", "SELECT $fn$ $$;$$ $fn$", "SELECT $_$ ; $_$",
      "SELECT $1, $2", "SELECT a$$", "SELECT 1 /* ; /* ; */ ; */ + 2", "SELECT 1 -- x;\n + 1",
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 1 END; END",
      "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); NOTIFY c)",
      "DO $$ BEGIN PERFORM 1; END $$", "ALTER TABLE zählung ALTER COLUMN a SET NOT NULL",
      "ALTER TABLE \"Bestellungen\" ADD CHECK (menge > 0)", "SELECT create_distributed_table('orders', 'id')",
      "INSERT INTO t VALUES (')', '(')", "BEGIN", "END", "UPDATE orders SET at = clock_timestamp() WHERE id = ?",
      "ALTER TABLE \"select\" ADD COLUMN \"from\" int", "CREATE TABLE \"" + IDENTIFIER_63 + "\" (\"" + IDENTIFIER_64
          + "\" int)", "SELECT '\u0000'", "SELECT '\uD800;'", "SELECT 1 AS \"注文;\"",
  };

  private static final String[] NOISE = {"", " ", "\n", "\t", "-- c ; 'x\n", "/* ; /* ' */ $$ */"};

  @Provide
  Arbitrary<String> anyCharacters() {
    // every char value, surrogates and NUL included, and now and then one of the fragments
    Arbitrary<String> chars = Arbitraries.strings().all().ofMaxLength(60);
    return Arbitraries.oneOf(chars, fragments()).list().ofMaxSize(6).map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<String> fragments() {
    Arbitrary<String> body = Arbitraries.of(FRAGMENTS).list().ofMaxSize(40).map(parts -> {
      StringBuilder sql = new StringBuilder();
      for (String part : parts) {
        sql.append(part).append(part.length() % 3 == 0 ? " " : "");
      }
      return sql.toString();
    });
    return Combinators.combine(Arbitraries.of(PREFIXES), body).as(String::concat);
  }

  @Property(tries = 3000, seed = "20261201")
  void analyzeAndPlan_anyCharacters_throwNothing(@ForAll("anyCharacters") String sql) {
    assertWellFormed(sql);
  }

  @Property(tries = 10000, seed = "20261202")
  void analyzeAndPlan_sqlFragments_throwNothing(@ForAll("fragments") String sql) {
    assertWellFormed(sql);
  }

  /** Found by a run with a random seed: a zero-length quoted column name in ADD COLUMN. */
  @Example
  void analyzeAndPlan_zeroLengthQuotedName_throwNothing() {
    assertWellFormed("ALTER TABLE orders ADD COLUMN\"\"'");
    assertWellFormed("ALTER TABLE orders ADD COLUMN \"\" int CHECK (x > 0)");
  }

  /**
   * The analysis never throws; its pieces are the text's own; each plan either comes back or a
   * fact's SQLException passes through (none here: these facts never fail), and a refusal has a
   * SQLSTATE and says something.
   */
  static void assertWellFormed(String sql) {
    Analysis analysis;
    try {
      analysis = REWRITER.analyze(sql);
    } catch (RuntimeException e) {
      throw new AssertionError("analyze threw for: " + sql, e);
    }
    for (Analysis.Piece piece : analysis.pieces()) {
      assertThat(sql.substring(piece.start(), piece.end())).as(sql).isEqualTo(piece.statement().text);
    }
    if (!analysis.needsPlan()) {
      return;
    }
    for (Facts facts : FACTS) {
      Plan plan;
      try {
        plan = REWRITER.plan(analysis, sql, facts);
      } catch (SQLException | RuntimeException e) {
        throw new AssertionError("plan threw for: " + sql, e);
      }
      assertThat(plan.steps()).as(sql).isNotEmpty();
      for (Step step : plan.steps()) {
        if (step instanceof Step.Fail refusal) {
          assertThat(refusal.sqlState()).as(sql).isNotNull();
          assertThat(refusal.message()).as(sql).isNotBlank();
        }
      }
      assertThat(plan.describe()).as(sql).isNotNull();
    }
  }

  @Property(tries = 5000, seed = "20261203")
  void split_anyText_piecesAndSeparatorsGiveTheTextBack(@ForAll("splittable") String sql) {
    int[] offsets = Splitter.split(sql);
    assertThat(offsets.length % 2).as(sql).isZero();
    StringBuilder joined = new StringBuilder();
    int previousEnd = 0;
    for (int k = 0; k < offsets.length; k += 2) {
      int start = offsets[k];
      int end = offsets[k + 1];
      assertThat(start).as(sql).isBetween(previousEnd, end - 1);
      assertThat(end).as(sql).isLessThanOrEqualTo(sql.length());
      joined.append(separator(sql, previousEnd, start));
      // a piece holds something besides white space and comments
      assertThat(Lexer.skipSpace(sql, start)).as("piece %s of %s", k / 2, sql).isLessThan(end);
      // splitting is local: a piece, split on its own, is exactly one piece
      String piece = sql.substring(start, end);
      assertThat(Splitter.split(piece)).as("piece %s of %s", k / 2, sql).containsExactly(0, piece.length());
      joined.append(piece);
      previousEnd = end;
    }
    joined.append(separator(sql, previousEnd, sql.length()));
    assertThat(joined.toString()).isEqualTo(sql);
  }

  @Provide
  Arbitrary<String> splittable() {
    return Arbitraries.oneOf(anyCharacters(), fragments());
  }

  /**
   * The text between pieces, before the first and after the last: it must be only semicolons,
   * white space and whole comments, so no statement text was dropped.
   */
  private static String separator(String sql, int from, int to) {
    int i = from;
    while (i < to) {
      i = Lexer.skipSpace(sql, i);
      if (i == to) {
        break;
      }
      if (i > to || sql.charAt(i) != ';') {
        fail("text outside pieces at [%s, %s) of <%s>: <%s>", from, to, sql, sql.substring(from, to));
      }
      i++;
    }
    return sql.substring(from, to);
  }

  @Property(tries = 3000, seed = "20261204")
  void split_joinedStatements_eachStatementIsOnePiece(
      @ForAll("statementLists") List<String> statements, @ForAll("noise") String noise) {
    StringBuilder sql = new StringBuilder();
    List<int[]> expected = new ArrayList<>();
    for (String statement : statements) {
      if (!expected.isEmpty()) {
        sql.append(';').append(noise);
      }
      int start = sql.length();
      sql.append(statement);
      expected.add(new int[] {start, sql.length()});
    }
    String text = sql.append(noise).toString();
    int[] offsets = Splitter.split(text);
    assertThat(offsets.length / 2).as(text).isEqualTo(expected.size());
    for (int k = 0; k < expected.size(); k++) {
      // a piece is the statement with at most the noise around it
      assertThat(offsets[2 * k]).as("piece %s of %s", k, text).isLessThanOrEqualTo(expected.get(k)[0]);
      assertThat(offsets[2 * k + 1]).as("piece %s of %s", k, text).isGreaterThanOrEqualTo(expected.get(k)[1])
          .isLessThanOrEqualTo(k + 1 < expected.size() ? expected.get(k + 1)[0] : text.length());
    }
    assertWellFormed(text);
  }

  @Provide
  Arbitrary<List<String>> statementLists() {
    return Arbitraries.of(STATEMENTS).list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.of(NOISE).list().ofMaxSize(3).map(parts -> String.join("", parts));
  }

  @Property(tries = 5000, seed = "20261205")
  void scanner_anyText_tokensAdvanceAndOnlySpaceLiesBetween(@ForAll("splittable") String sql) {
    Scanner scanner = new Scanner(sql);
    int previousEnd = 0;
    for (Scanner.Type t = scanner.next(); t != Scanner.Type.END; t = scanner.next()) {
      assertThat(scanner.start()).as(sql).isGreaterThanOrEqualTo(previousEnd);
      assertThat(scanner.end()).as(sql).isGreaterThan(scanner.start()).isLessThanOrEqualTo(sql.length());
      assertThat(Lexer.skipSpace(sql, previousEnd)).as("between tokens of %s", sql).isEqualTo(scanner.start());
      assertThat(scanner.depth()).isNotNegative();
      previousEnd = scanner.end();
    }
    assertThat(Lexer.skipSpace(sql, previousEnd)).as(sql).isEqualTo(sql.length());
  }

  @Property(tries = 3000, seed = "20261206")
  void stringValue_quotedAnyText_isTheTextItself(@ForAll("literalBodies") String body,
      @ForAll @IntRange(max = 2) int form) {
    String value = switch (form) {
      case 0 -> body;
      case 1 -> body.replace("$q$", "");
      default -> body.replace("\\", "");
    };
    String literal = quoted(value, form);
    Scanner scanner = new Scanner("SELECT " + literal + " AS x");
    scanner.next();
    scanner.next();
    assertThat(scanner.type()).isEqualTo(Scanner.Type.STRING);
    assertThat(scanner.stringValue()).as(literal).isEqualTo(value);
    assertThat(scanner.next()).isEqualTo(Scanner.Type.WORD);
    // cut off anywhere inside, the literal has a value only when what is left is itself a whole
    // literal of that value: an unterminated one has none (the server reports it)
    for (int cut = 1; cut < literal.length() - 1; cut++) {
      String left = literal.substring(0, cut);
      Scanner unterminated = new Scanner(left);
      unterminated.next();
      String leftValue = unterminated.stringValue();
      if (leftValue != null) {
        assertThat(quoted(leftValue, form)).as(left).isEqualTo(left.substring(0, unterminated.end()));
      }
    }
  }

  private static String quoted(String value, int form) {
    return switch (form) {
      case 0 -> "'" + value.replace("'", "''") + "'";
      case 1 -> "$q$" + value + "$q$";
      default -> "E'" + value.replace("'", "''") + "'";
    };
  }

  @Provide
  Arbitrary<String> literalBodies() {
    return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(30),
        Arbitraries.of(FRAGMENTS).list().ofMaxSize(8).map(parts -> String.join("", parts)));
  }

  @Property(tries = 10000, seed = "20261207")
  void plainDml_fragmentsAfterDml_fastAnswerAgreesWithTheFullAnalysis(
      @ForAll("dmlStarts") String start, @ForAll("fragments") String rest) {
    String sql = start + rest;
    if (PlainDml.isPlain(sql, false)) {
      assertThat(ANALYZER.analyze(sql).isPassThrough()).as("said plain, but the analysis reads: %s", sql).isTrue();
    }
  }

  @Provide
  Arbitrary<String> dmlStarts() {
    return Arbitraries.of("SELECT ", "select * from t where ", "INSERT INTO t VALUES (", "insert into t (a) values (?",
        "UPDATE t SET a = ", "update t set a = 1 where b = ", "DELETE FROM t WHERE ", "delete from t where id = ");
  }
}
