package io.citussafe.rewriter;

/**
 * One {@code DO} block that puts a new sequence in the place of one Citus will not alter: a
 * sequence a Citus table uses is refused every {@code ALTER SEQUENCE} option, and a column it is
 * {@code OWNED BY} is refused every type change, also with the default dropped. The new sequence
 * gets the old one's settings and value, the defaults that used the old one are dropped, the old
 * one is dropped (with it the ownership Citus checks), the user's statement runs, then the new one
 * takes the options, the old one's {@code OWNED BY} (Citus allows it only before the sequence is
 * in use), the defaults, grants, comment and name. Verified on Citus 13.2.2 as the table owner
 * without superuser. It is a new object: on the workers it is not {@code OWNED BY} the column.
 */
final class SequenceReplacement {

  static final String TAG = "$citussafe$";

  private SequenceReplacement() {
  }

  /**
   * @param sequence the sequence as written
   * @param options the options of the user's {@code ALTER SEQUENCE}, or null
   * @param statement the user's statement to run while no sequence is in the way (a type change),
   *     or null; when the old sequence is not OWNED BY a column, only the defaults are dropped around it
   */
  static String block(String sequence, String options, String statement) {
    StringBuilder b = new StringBuilder("DO ").append(TAG)
        .append("DECLARE old pg_catalog.regclass := ").append(SqlText.quoteLiteral(sequence)).append("; ")
        .append("s pg_catalog.pg_sequence; n record; c record; fresh text; owned text; x text; ")
        .append("old_defaults text[] := '{}'; after text[] := '{}'; BEGIN ");
    if (options != null) {
      b.append("IF EXISTS (SELECT 1 FROM pg_catalog.pg_depend WHERE classid = 'pg_catalog.pg_class'::pg_catalog.regclass ")
          .append("AND objid = old AND deptype = 'i') THEN RAISE EXCEPTION USING ERRCODE = 'feature_not_supported', ")
          .append("MESSAGE = 'Altering a distributed sequence is currently not supported.', HINT = 'citussafe replaces ")
          .append("a sequence for ALTER SEQUENCE, but not an identity column''s: drop the identity (ALTER TABLE … ")
          .append("ALTER COLUMN … DROP IDENTITY) and add a sequence default'; END IF; ");
    }
    b.append("SELECT * INTO s FROM pg_catalog.pg_sequence WHERE seqrelid = old; ")
        .append("SELECT ns.nspname, r.relname INTO n FROM pg_catalog.pg_class r JOIN pg_catalog.pg_namespace ns ")
        .append("ON ns.oid = r.relnamespace WHERE r.oid = old; ")
        .append("fresh := pg_catalog.format('%I.%I', n.nspname, pg_catalog.left(n.relname, 53) || '_citussafe'); ")
        .append("SELECT pg_catalog.format(' OWNED BY %s.%I', d.refobjid::pg_catalog.regclass, a.attname) INTO owned ")
        .append("FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid ")
        .append("AND a.attnum = d.refobjsubid WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass ")
        .append("AND d.objid = old AND d.deptype = 'a' AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass; ")
        // the defaults that use it: dropped now, set again after (on the new sequence, or as they were)
        .append("FOR c IN SELECT ad.adrelid::pg_catalog.regclass AS t, a.attname, ")
        .append("pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS e FROM pg_catalog.pg_depend d ")
        .append("JOIN pg_catalog.pg_attrdef ad ON d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass AND ad.oid = d.objid ")
        .append("JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum ")
        .append("WHERE d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = old LOOP ")
        .append("EXECUTE pg_catalog.format('ALTER TABLE %s ALTER COLUMN %I DROP DEFAULT', c.t, c.attname); ")
        .append("old_defaults := old_defaults || pg_catalog.format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT %s', ")
        .append("c.t, c.attname, c.e); ")
        .append("after := after || pg_catalog.format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT %s', c.t, c.attname, ")
        .append("pg_catalog.replace(c.e, pg_catalog.quote_literal(old::text) || '::regclass', ")
        .append("pg_catalog.quote_literal(fresh) || '::regclass')); END LOOP; ");
    if (statement != null) {
      // a sequence no column owns is not in the way once the defaults are off
      b.append("IF owned IS NULL THEN EXECUTE ").append(SqlText.quoteLiteral(statement)).append("; ")
          .append("FOREACH x IN ARRAY old_defaults LOOP EXECUTE x; END LOOP; RETURN; END IF; ");
    }
    b.append("EXECUTE pg_catalog.format('CREATE SEQUENCE %s AS %s INCREMENT BY %s MINVALUE %s MAXVALUE %s START WITH %s ")
        .append("CACHE %s %sCYCLE', fresh, s.seqtypid::pg_catalog.regtype, s.seqincrement, s.seqmin, s.seqmax, s.seqstart, ")
        .append("s.seqcache, CASE WHEN s.seqcycle THEN '' ELSE 'NO ' END); ")
        // the value first, so that the options meet it as they would have met the old one's
        .append("EXECUTE pg_catalog.format('SELECT pg_catalog.setval(%L, last_value, is_called) FROM %s', fresh, old); ")
        .append("FOR c IN SELECT a.grantee, a.privilege_type, a.is_grantable FROM pg_catalog.pg_class r, ")
        .append("pg_catalog.aclexplode(r.relacl) a WHERE r.oid = old AND a.grantee <> r.relowner LOOP ")
        .append("after := after || pg_catalog.format('GRANT %s ON SEQUENCE %s TO %s%s', c.privilege_type, fresh, ")
        .append("CASE WHEN c.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(c.grantee::pg_catalog.regrole::text) END, ")
        .append("CASE WHEN c.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END); END LOOP; ")
        .append("after := after || pg_catalog.format('COMMENT ON SEQUENCE %s IS %L', fresh, ")
        .append("pg_catalog.obj_description(old, 'pg_class')); ")
        .append("EXECUTE pg_catalog.format('DROP SEQUENCE %s', old); ");
    if (statement != null) {
      b.append("EXECUTE ").append(SqlText.quoteLiteral(statement)).append("; ");
    }
    // the user's own OWNED BY replaces the old one's
    String given = options == null ? "''" : SqlText.quoteLiteral(" " + options);
    b.append("x := ").append(given).append(options != null && ownedGiven(options) ? "" : " || coalesce(owned, '')")
        .append("; IF x <> '' THEN EXECUTE 'ALTER SEQUENCE ' || fresh || x; END IF; ")
        .append("FOREACH x IN ARRAY after LOOP EXECUTE x; END LOOP; ")
        .append("EXECUTE pg_catalog.format('ALTER SEQUENCE %s RENAME TO %I', fresh, n.relname); END").append(TAG);
    return b.toString();
  }

  private static boolean ownedGiven(String options) {
    Scanner s = new Scanner(options);
    for (s.next(); s.type() != Scanner.Type.END; s.next()) {
      if (s.isWord("owned")) {
        return true;
      }
    }
    return false;
  }

  /** The sequence of a default {@code nextval('name'::regclass)} as pg_get_expr writes it, or null. */
  static String ofDefault(String expression) {
    String prefix = "nextval('";
    String suffix = "'::regclass)";
    if (!expression.startsWith(prefix) || !expression.endsWith(suffix)) {
      return null;
    }
    String name = expression.substring(prefix.length(), expression.length() - suffix.length());
    return name.contains("'") && !name.contains("''") ? null : name.replace("''", "'");
  }
}
