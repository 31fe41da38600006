package io.citussafe.rewriter;

import java.util.List;

/**
 * A DML statement as a {@code run_command_on_shards} call that runs it on every shard, on the
 * workers, as written: volatile calls are evaluated there, per row, as PostgreSQL would.
 */
final class PerShardCommand {

  private PerShardCommand() {
  }

  /**
   * The statement as a {@code run_command_on_shards} call that runs it on every shard, on the
   * workers: in the text the table becomes {@code %s} (with {@code AS <table name>} added when
   * there was no alias, so {@code orders.id} still resolves), each {@code %} is doubled, the
   * parameters are inlined and pgjdbc's {@code ??} escapes are undone (pgjdbc does not look into
   * dollar quotes). Not transactional: the caller allows it only in autocommit.
   */
  static DmlRewrite of(DmlStatement st, List<String> literals) {
    DmlShape sh = st.shape();
    String refusal = sh.kind == DmlShape.Kind.UPSERT ? "an INSERT would insert its rows into every shard"
        : sh.withStart >= 0 ? "a WITH prefix would run on every shard"
        : sh.fromStart >= 0 ? "FROM/USING tables would be read whole from every shard"
        : sh.currentOf ? "WHERE CURRENT OF refers to a cursor of this session, not of the shards'"
        : sh.returningStart >= 0 ? "run_command_on_shards returns only a command tag per shard, not RETURNING rows"
        : hasSubquery(sh) ? "a subquery would read the whole distributed table from every shard"
        : null;
    if (refusal != null) {
      return DmlRewrite.refused(refusal);
    }
    String sql = sh.sql;
    SliceWriter left = new SliceWriter(sql, literals).slice(0, sh.tableStart);
    SliceWriter right = new SliceWriter(sql, literals).slice(sh.tableEnd, sh.targetEnd);
    if (sh.alias == null) {
      // the shard's name replaces the table's, so orders.id needs the old name as an alias
      right.text(" AS " + sh.tableName);
    }
    right.slice(sh.targetEnd, sh.end);
    String body = formatEscape(JdbcPlaceholders.unescape(left.toString())) + "%s"
        + formatEscape(JdbcPlaceholders.unescape(right.toString()));
    String tag = "$citussafe$";
    // the tag must not occur in the text, nor be formed by the text's end and the closing tag
    for (int i = 1; (body + tag).indexOf(tag) != body.length(); i++) {
      tag = "$citussafe" + i + "$";
    }
    return DmlRewrite.of("SELECT shardid, success, result FROM run_command_on_shards("
        + SqlText.quoteLiteral(sh.table) + ", " + tag + body + tag + ")", new int[0], null);
  }

  /** {@code run_command_on_shards} substitutes {@code %s} printf-style: a literal % is %%. */
  private static String formatEscape(String text) {
    return text.replace("%", "%%");
  }

  private static boolean hasSubquery(DmlShape sh) {
    Scanner s = new Scanner(sh.sql, sh.keywordStart, sh.end);
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (s.isWord("select") || s.isWord("table")) {
        return true;
      }
    }
    return false;
  }
}
