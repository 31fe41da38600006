package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.Set;

/**
 * {@code ALTER SEQUENCE} on a sequence Citus propagated to the workers (one a Citus table's
 * default uses), which Citus refuses for every option ({@code Altering a distributed sequence is
 * currently not supported.}; {@code RENAME}, {@code OWNER TO}, {@code SET SCHEMA} and
 * {@code SET [UN]LOGGED} it takes). {@code RESTART [WITH n]} alone becomes {@code setval}, which
 * means the same. Any other option list replaces the sequence in one statement, as verified on
 * Citus 13.2.2 as the table's owner without superuser: a new sequence with the old one's
 * settings and value, the user's options (and the old one's {@code OWNED BY}, which Citus allows
 * only before the sequence is in use) applied to it, the defaults that used the old one moved to
 * it, its grants and comment copied, the old one dropped and the new one given its name. What
 * differs from PostgreSQL: the sequence is a new object (its oid), and on the workers it is not
 * {@code OWNED BY} the column. An identity column's sequence keeps Citus's error. (Dropping and
 * creating it again under its own name instead ends in a distributed deadlock: Citus creates it
 * on the workers over connections outside the transaction.)
 */
final class SequenceRule implements Rule<SequenceRule.Alter> {

  /**
   * @param sequence the sequence as written
   * @param restartWith {@code RESTART WITH n}: the n as written; {@code ""} for a bare RESTART; null
   *     for any other form
   * @param options the text after the sequence's name
   */
  record Alter(String sql, String sequence, String restartWith, String options) {

    /** An option list (not RESTART alone, RENAME, OWNER TO or SET …), which Citus refuses. */
    boolean optionList() {
      Scanner s = new Scanner(options);
      s.next();
      return restartWith == null && !(s.isWord("rename") || s.isWord("owner") || s.isWord("set"));
    }
  }

  @Override
  public Set<String> firstWords() {
    return Set.of("alter");
  }

  @Override
  public Alter match(StatementText statement) {
    Scanner s = statement.scanner();
    s.next();
    if (!s.accept("sequence")) {
      return null;
    }
    if (s.isWord("if")) {
      s.next();
      s.accept("exists");
    }
    String sequence = Names.readQualified(s);
    if (sequence == null) {
      return null;
    }
    String options = statement.text.substring(s.start()).strip();
    String restart = null;
    if (s.accept("restart")) {
      restart = "";
      s.accept("with");
      if (s.type() == Scanner.Type.NUMBER || s.isSymbol('-')) {
        int start = s.start();
        if (s.isSymbol('-')) {
          s.next();
        }
        s.next();
        restart = statement.text.substring(start, s.start()).strip();
      }
      if (s.type() != Scanner.Type.END) {
        // RESTART with other options: the option list
        restart = null;
      }
    }
    return new Alter(statement.text, sequence, restart, options);
  }

  @Override
  public Plan plan(Alter alter, Facts facts, Next next) throws SQLException {
    if (!facts.isDistributedObject(alter.sequence())) {
      return null;
    }
    String literal = SqlText.quoteLiteral(alter.sequence());
    if (alter.restartWith() == null) {
      return alter.optionList() && !alter.options().contains(TAG) ? replaced(alter)
          : Plan.of(new Step.User(alter.sql(), replacementHint(alter)));
    }
    String setval = alter.restartWith().isEmpty()
        ? "SELECT pg_catalog.setval(" + literal + ", seqstart, false) FROM pg_catalog.pg_sequence WHERE seqrelid = "
            + literal + "::regclass"
        : "SELECT pg_catalog.setval(" + literal + ", " + alter.restartWith() + ", false)";
    return Plan.of(new Step.Run(setval), new Step.Report("ran as " + setval + ": Citus does not alter a sequence "
        + "it propagated to the workers, and setval restarts it the same way"));
  }

  private static final String TAG = "$citussafe$";

  /** One DO block, so that everything is read and done at once, in the statement's transaction. */
  private static Plan replaced(Alter alter) {
    String sequence = alter.sequence();
    String name = Names.lastPart(sequence);
    String fresh = Names.qualifier(sequence) + Names.defaultName(name, null, "citussafe");
    boolean ownedGiven = false;
    Scanner s = new Scanner(alter.options());
    for (s.next(); s.type() != Scanner.Type.END; s.next()) {
      ownedGiven |= s.isWord("owned");
    }
    String block = "DO " + TAG + "DECLARE old pg_catalog.regclass := " + SqlText.quoteLiteral(sequence) + "; "
        + "fresh text := " + SqlText.quoteLiteral(fresh) + "; s pg_catalog.pg_sequence; owned text; c record; "
        + "BEGIN "
        + "IF EXISTS (SELECT 1 FROM pg_catalog.pg_depend WHERE classid = 'pg_catalog.pg_class'::pg_catalog.regclass "
        + "AND objid = old AND deptype = 'i') THEN RAISE EXCEPTION USING ERRCODE = 'feature_not_supported', "
        + "MESSAGE = 'Altering a distributed sequence is currently not supported.', HINT = 'citussafe replaces a "
        + "sequence for ALTER SEQUENCE, but not an identity column''s: drop the identity (ALTER TABLE … ALTER COLUMN "
        + "… DROP IDENTITY) and add a sequence default'; END IF; "
        + "SELECT * INTO s FROM pg_catalog.pg_sequence WHERE seqrelid = old; "
        + "EXECUTE pg_catalog.format('CREATE SEQUENCE %s AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s "
        + "CACHE %s %sCYCLE', fresh, s.seqtypid::pg_catalog.regtype, s.seqincrement, s.seqmin, s.seqmax, s.seqstart, "
        + "s.seqcache, CASE WHEN s.seqcycle THEN '' ELSE 'NO ' END); "
        // the value first, so that the options meet it as they would have met the old one's
        + "EXECUTE pg_catalog.format('SELECT pg_catalog.setval(%L, last_value, is_called) FROM %s', fresh, old); "
        + (ownedGiven ? "" : "SELECT pg_catalog.format(' OWNED BY %s.%I', d.refobjid::pg_catalog.regclass, a.attname) "
            + "INTO owned FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid "
            + "AND a.attnum = d.refobjsubid WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass "
            + "AND d.objid = old AND d.deptype = 'a' AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass; ")
        // Citus refuses OWNED BY a Citus table's column once the sequence is in use: with the options
        + "EXECUTE 'ALTER SEQUENCE ' || fresh || ' ' || " + SqlText.quoteLiteral(alter.options())
        + " || coalesce(owned, ''); "
        + "FOR c IN SELECT ad.adrelid::pg_catalog.regclass AS t, a.attname, "
        + "pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS e FROM pg_catalog.pg_depend d "
        + "JOIN pg_catalog.pg_attrdef ad ON d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass AND ad.oid = d.objid "
        + "JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum "
        + "WHERE d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = old LOOP "
        + "EXECUTE pg_catalog.format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT %s', c.t, c.attname, "
        + "pg_catalog.replace(c.e, pg_catalog.quote_literal(old::text) || '::regclass', "
        + "pg_catalog.quote_literal(fresh) || '::regclass')); END LOOP; "
        + "FOR c IN SELECT a.grantee, a.privilege_type, a.is_grantable FROM pg_catalog.pg_class r, "
        + "pg_catalog.aclexplode(r.relacl) a WHERE r.oid = old AND a.grantee <> r.relowner LOOP "
        + "EXECUTE pg_catalog.format('GRANT %s ON SEQUENCE %s TO %s%s', c.privilege_type, fresh, CASE WHEN c.grantee = 0 "
        + "THEN 'PUBLIC' ELSE pg_catalog.quote_ident(c.grantee::pg_catalog.regrole::text) END, CASE WHEN c.is_grantable "
        + "THEN ' WITH GRANT OPTION' ELSE '' END); END LOOP; "
        + "EXECUTE pg_catalog.format('COMMENT ON SEQUENCE %s IS %L', fresh, pg_catalog.obj_description(old, 'pg_class')); "
        + "EXECUTE pg_catalog.format('DROP SEQUENCE %s', old); "
        + "EXECUTE 'ALTER SEQUENCE ' || fresh || ' RENAME TO ' || " + SqlText.quoteLiteral(Names.quoted(name)) + "; "
        + "END" + TAG;
    return Plan.of(new Step.Run(block), new Step.Report("replaced the sequence " + sequence + " by a new one with "
        + "this change, in one statement: Citus does not alter a sequence it propagated to the workers. The value, "
        + "the defaults that use it, its OWNED BY, grants and comment carried over and it has its old name; it is a "
        + "new object, and on the workers it is not OWNED BY the column"));
  }

  /** What to run instead, with the user's names: a new sequence takes the old one's place. */
  private static String replacementHint(Alter alter) {
    String sequence = alter.sequence();
    String name = Names.quoted(Names.lastPart(sequence) + "_new");
    String replacement = Names.qualifier(sequence) + name;
    String literal = SqlText.quoteLiteral(replacement);
    return "Citus does not alter a sequence it propagated to the workers (a Citus table's default uses " + sequence
        + "). To set its next value use SELECT setval(" + SqlText.quoteLiteral(sequence) + ", <n>, false), which "
        + "citussafe also runs for ALTER SEQUENCE … RESTART. For this change, replace the sequence in one "
        + "transaction: CREATE SEQUENCE " + replacement + " (with the settings of " + sequence + " you keep, as "
        + "pg_sequences shows them); ALTER SEQUENCE " + replacement + " " + alter.options() + "; SELECT setval("
        + literal + ", last_value, is_called) FROM " + sequence + "; for each column whose default uses "
        + sequence + ": ALTER TABLE <table> ALTER COLUMN <column> SET DEFAULT nextval(" + literal + "); DROP "
        + "SEQUENCE " + sequence + "; ALTER SEQUENCE " + replacement + " RENAME TO " + Names.quoted(Names.lastPart(
        sequence)) + ". (OWNED BY works only there, before the new sequence is in use; on the workers it stays "
        + "unowned. Grant again what was granted on " + sequence + ".) Statement: " + alter.sql();
  }
}
