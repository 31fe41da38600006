package io.citussafe.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** SQL pieces that every listing of {@code check} shares: which tables, their names, the schema filter. */
final class CatalogSql {

  /** A Citus table that is sharded: distributed (hash) or reference. */
  static final String SHARDED = "(p.partmethod = 'h' OR (p.partmethod = 'n' AND p.repmodel = 't'))";
  static final String KIND = "CASE WHEN p.partmethod = 'h' THEN 'distributed' ELSE 'reference' END";

  /** The schema-qualified, quoted name of the relation {@code oid}, whatever the search_path. */
  static String qualified(String oid) {
    return "(SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(r.relname)"
        + " FROM pg_catalog.pg_class r JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace WHERE r.oid = " + oid + ")";
  }

  /** Only tables in the schemas of the text[] parameters, bound twice; an empty list means every schema. */
  static String inSchemas(String namespace) {
    return " AND (cardinality(?::text[]) = 0 OR " + namespace + "::regnamespace::text = ANY (?::text[]))";
  }

  /** The query with both parameters bound to the schema list (empty: every schema). */
  static PreparedStatement filtered(Connection c, String sql, List<String> schemas) throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    java.sql.Array array = c.createArrayOf("text", schemas.toArray());
    s.setArray(1, array);
    s.setArray(2, array);
    return s;
  }

  private CatalogSql() {
  }
}
