package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the rewrites of {@link DmlStatement} by slicing the original text at the offsets of its
 * {@link DmlShape}, never by deparsing: expressions keep their exact text, comments inside them
 * included, and placeholders their order. Generated names start with {@code citussafe_} so they
 * cannot capture the user's unqualified column references.
 */
final class DmlRewriter {

  private static final String ROWS = "citussafe_rows";

  private DmlRewriter() {
  }

  static DmlRewrite atomic(DmlShape sh, List<String> keyColumns, Map<String, String> columnTypes) {
    List<String> keys = quoteAll(keyColumns);
    String refusal = sh.kind == DmlStatement.Kind.UPSERT
        ? "an INSERT … ON CONFLICT is not rewritten this way; only its DO UPDATE timestamps are"
        : refusal(sh, keyColumns, true);
    if (refusal != null) {
      return DmlRewrite.refused(refusal);
    }
    String sql = sh.sql;
    String q = sh.qualifier();
    StringBuilder out = new StringBuilder(sql.length() * 2 + 128);
    out.append(sql, 0, sh.firstToken).append("WITH ").append(ROWS).append(" AS MATERIALIZED (SELECT ");
    appendKeys(out, q, keys);
    appendNewValues(out, sh, columnTypes, null, null);
    out.append(" FROM ").append(sql, sh.targetStart, sh.targetEnd);
    if (sh.whereStart >= 0) {
      out.append(' ').append(sql, sh.whereStart, sh.conditionEnd);
    }
    out.append(") ").append(sql, sh.keywordStart, sh.targetEnd);
    if (sh.kind == DmlStatement.Kind.UPDATE) {
      out.append(" SET ");
      appendSetFromRows(out, sh);
      out.append(" FROM ").append(ROWS);
    } else {
      out.append(" USING ").append(ROWS);
    }
    out.append(" WHERE ");
    appendJoin(out, q, keys);
    if (sh.returningStart >= 0) {
      out.append(' ');
      appendReturning(out, sh, q);
    }
    return DmlRewrite.of(out.append(sql, sh.end, sql.length()).toString());
  }

  static DmlRewrite batch(DmlShape sh, List<String> keyColumns, int batchRows, boolean rewriteValues,
      List<String> parameterLiterals, Map<String, String> columnTypes, boolean watermark) {
    if (batchRows <= 0) {
      throw new IllegalArgumentException("batch rows must be positive but was: " + batchRows);
    }
    List<String> keys = quoteAll(keyColumns);
    String sql = sh.sql;
    int[] offsets = JdbcPlaceholders.offsets(sql);
    SqlText.requireCount(offsets.length, parameterLiterals);
    List<String> literals = List.copyOf(parameterLiterals);
    String refusal = sh.kind != DmlStatement.Kind.UPDATE ? "only an UPDATE runs in key-ordered batches"
        : sh.returningStart >= 0 ? "an UPDATE with RETURNING does not run in batches: each batch returns its keys"
        : refusal(sh, keyColumns, rewriteValues);
    if (refusal != null) {
      return DmlRewrite.refused(refusal);
    }
    String q = sh.qualifier();
    StringBuilder out = new StringBuilder(sql.length() * 2 + 192);
    out.append(sql, 0, sh.firstToken).append("WITH ").append(ROWS).append(" AS MATERIALIZED (SELECT ");
    appendKeys(out, q, keys);
    if (rewriteValues) {
      appendNewValues(out, sh, columnTypes, offsets, literals);
    }
    out.append(" FROM ").append(sql, sh.targetStart, sh.targetEnd);
    if (sh.whereStart >= 0) {
      out.append(" WHERE (");
      JdbcPlaceholders.appendSlice(out, sql, sh.conditionStart, sh.conditionEnd, offsets, literals);
      out.append(')');
      if (watermark) {
        out.append(" AND ");
      }
    } else if (watermark) {
      out.append(" WHERE ");
    }
    if (watermark) {
      appendWatermark(out, q, keys);
    }
    out.append(" ORDER BY ");
    appendQualified(out, q, keys, ", ");
    out.append(" LIMIT ").append(batchRows).append(") ").append(sql, sh.keywordStart, sh.targetEnd).append(" SET ");
    if (rewriteValues) {
      appendSetFromRows(out, sh);
    } else {
      List<DmlShape.Assignment> set = sh.assignments;
      JdbcPlaceholders.appendSlice(out, sql, set.get(0).start(), set.get(set.size() - 1).exprEnd(),
          offsets, literals);
    }
    out.append(" FROM ").append(ROWS).append(" WHERE ");
    appendJoin(out, q, keys);
    out.append(" RETURNING ");
    appendQualified(out, q, keys, ", ");
    return DmlRewrite.of(out.toString());
  }

  /** {@code SELECT count(*) FROM t [AS a] [WHERE (cond)]}, parameters inlined: a backfill's size. */
  static String count(DmlShape sh, List<String> parameterLiterals) {
    String sql = sh.sql;
    int[] offsets = JdbcPlaceholders.offsets(sql);
    SqlText.requireCount(offsets.length, parameterLiterals);
    StringBuilder out = new StringBuilder("SELECT count(*) FROM ").append(sql, sh.targetStart, sh.targetEnd);
    if (sh.whereStart >= 0) {
      out.append(" WHERE (");
      JdbcPlaceholders.appendSlice(out, sql, sh.conditionStart, sh.conditionEnd, offsets,
          List.copyOf(parameterLiterals));
      out.append(')');
    }
    return out.toString();
  }

  static DmlRewrite perShard(DmlShape sh, List<String> parameterLiterals) {
    String sql = sh.sql;
    int[] offsets = JdbcPlaceholders.offsets(sql);
    SqlText.requireCount(offsets.length, parameterLiterals);
    List<String> literals = List.copyOf(parameterLiterals);
    String refusal = sh.kind == DmlStatement.Kind.UPSERT ? "an INSERT would insert its rows into every shard"
        : sh.withStart >= 0 ? "a WITH prefix would run on every shard"
        : sh.fromStart >= 0 ? "FROM/USING tables would be read whole from every shard"
        : sh.currentOf ? "WHERE CURRENT OF refers to a cursor of this session, not of the shards'"
        : sh.returningStart >= 0 ? "run_command_on_shards returns only a command tag per shard, not RETURNING rows"
        : hasSubquery(sh) ? "a subquery would read the whole distributed table from every shard"
        : null;
    if (refusal != null) {
      return DmlRewrite.refused(refusal);
    }
    StringBuilder left = new StringBuilder(sh.tableStart);
    JdbcPlaceholders.appendSlice(left, sql, 0, sh.tableStart, offsets, literals);
    StringBuilder right = new StringBuilder(sql.length());
    JdbcPlaceholders.appendSlice(right, sql, sh.tableEnd, sh.targetEnd, offsets, literals);
    if (sh.alias == null) {
      // the shard's name replaces the table's, so orders.id needs the old name as an alias
      right.append(" AS ").append(sh.tableName);
    }
    JdbcPlaceholders.appendSlice(right, sql, sh.targetEnd, sh.end, offsets, literals);
    String body = formatEscape(JdbcPlaceholders.unescape(left.toString())) + "%s"
        + formatEscape(JdbcPlaceholders.unescape(right.toString()));
    String tag = "$citussafe$";
    // the tag must not occur in the text, nor be formed by the text's end and the closing tag
    for (int i = 1; (body + tag).indexOf(tag) != body.length(); i++) {
      tag = "$citussafe" + i + "$";
    }
    return DmlRewrite.of("SELECT shardid, success, result FROM run_command_on_shards("
        + SqlText.quoteLiteral(sh.table) + ", " + tag + body + tag + ")");
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

  static DmlRewrite upsertTimestamps(DmlShape sh, List<String> literals) {
    if (sh.kind != DmlStatement.Kind.UPSERT) {
      return DmlRewrite.refused("only the DO UPDATE of an INSERT … ON CONFLICT gets timestamp parameters");
    }
    String sql = sh.sql;
    List<TimestampCall> calls = new ArrayList<>(2);
    for (DmlShape.Assignment a : sh.assignments) {
      findTimestampCalls(sql, a.exprStart(), a.exprEnd(), calls);
    }
    if (sh.whereStart >= 0) {
      findTimestampCalls(sql, sh.conditionStart, sh.conditionEnd, calls);
    }
    if (calls.isEmpty()) {
      return DmlRewrite.refused("DO UPDATE calls none of now(), CURRENT_TIMESTAMP, transaction_timestamp(), "
          + "statement_timestamp(), LOCALTIMESTAMP, CURRENT_DATE, CURRENT_TIME, LOCALTIME");
    }
    if (literals == null) {
      int[] offsets = JdbcPlaceholders.offsets(sql);
      if (offsets.length > 0 && offsets[offsets.length - 1] > calls.get(0).start) {
        return DmlRewrite.refused("a ? parameter follows " + calls.get(0).expression
            + ", so parameters added for the timestamps would not come after the user's");
      }
    } else {
      SqlText.requireCount(calls.size(), literals);
    }
    StringBuilder out = new StringBuilder(sql.length() + 24 * calls.size());
    List<String> expressions = new ArrayList<>(calls.size());
    int cursor = 0;
    for (int k = 0; k < calls.size(); k++) {
      TimestampCall call = calls.get(k);
      out.append(sql, cursor, call.start).append("CAST(").append(literals == null ? "?" : literals.get(k))
          .append(" AS ").append(call.type).append(')');
      cursor = call.end;
      expressions.add(call.expression);
    }
    out.append(sql, cursor, sql.length());
    return new DmlRewrite(out.toString(), literals == null ? expressions : List.of(), null);
  }

  private record TimestampCall(int start, int end, String expression, String type) {
  }

  /**
   * Calls with one value per transaction (per statement for {@code statement_timestamp()}) in
   * {@code sql[from, to)}: {@code [pg_catalog.]now()}, {@code transaction_timestamp()},
   * {@code statement_timestamp()}, and the value functions, which are reserved words, with their
   * optional precision ({@code CURRENT_TIMESTAMP(3)}).
   */
  private static void findTimestampCalls(String sql, int from, int to, List<TimestampCall> out) {
    Scanner s = new Scanner(sql, from, to);
    boolean previousDot = false;
    int qualifierStart = -1;
    int previousPgCatalog = -1;
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      String type = null;
      boolean emptyParentheses = false;
      if (s.isWord("now") || s.isWord("transaction_timestamp") || s.isWord("statement_timestamp")) {
        type = "timestamptz";
        emptyParentheses = true;
      } else if (!previousDot && s.isWord("current_timestamp")) {
        type = "timestamptz";
      } else if (!previousDot && s.isWord("localtimestamp")) {
        type = "timestamp";
      } else if (!previousDot && s.isWord("current_time")) {
        type = "timetz";
      } else if (!previousDot && s.isWord("localtime")) {
        type = "time";
      } else if (!previousDot && s.isWord("current_date")) {
        type = "date";
      }
      int start = previousDot ? qualifierStart : s.start();
      int end = type == null || start < 0 ? -1 : callEnd(sql, s, to, emptyParentheses, !s.isWord("current_date"));
      if (end > 0) {
        out.add(new TimestampCall(start, end, sql.substring(start, end), type));
        while (s.end() < end) {
          s.next();
        }
      }
      qualifierStart = s.isSymbol('.') ? previousPgCatalog : -1;
      previousDot = s.isSymbol('.');
      previousPgCatalog = s.isWord("pg_catalog") ? s.start() : -1;
    }
  }

  /**
   * End of the call whose name is the scanner's current token: after {@code ()} when
   * {@code emptyParentheses}, else after an optional {@code (precision)}; -1 when the tokens
   * that follow do not fit.
   */
  private static int callEnd(String sql, Scanner s, int to, boolean emptyParentheses, boolean precision) {
    Scanner ahead = new Scanner(sql, s.end(), to);
    ahead.next();
    if (!ahead.isSymbol('(')) {
      return emptyParentheses ? -1 : s.end();
    }
    if (!emptyParentheses && !precision) {
      return -1;
    }
    ahead.next();
    if (!emptyParentheses) {
      if (ahead.type() != Scanner.Type.NUMBER) {
        return -1;
      }
      ahead.next();
    }
    return ahead.isSymbol(')') ? ahead.end() : -1;
  }

  /** The reason shared by the atomic and batch rewrites, or null. */
  private static String refusal(DmlShape sh, List<String> keyColumns, boolean rewriteValues) {
    if (sh.withStart >= 0) {
      return "the statement has a WITH prefix, which the rewrite does not merge with its own";
    }
    if (sh.fromStart >= 0) {
      return "the statement joins other tables (" + (sh.kind == DmlStatement.Kind.DELETE ? "USING" : "FROM")
          + "), which the rewrite does not handle";
    }
    if (sh.currentOf) {
      return "WHERE CURRENT OF refers to a cursor position, which the rewrite cannot keep";
    }
    if (keyColumns.isEmpty()) {
      return "table " + sh.table + " has no primary key or unique not-null key to match its rows by";
    }
    for (DmlShape.Assignment a : sh.assignments) {
      if (rewriteValues && a.tuple()) {
        return "a tuple assignment SET (a, b) = … cannot be split into one value per column";
      }
      if (rewriteValues && a.subscripted()) {
        return "an assignment to an array element or a field (SET a[1] = …) is not rewritten";
      }
      for (String column : a.columns()) {
        if (keyColumns.contains(column)) {
          return "the statement changes key column \"" + column + "\", by which the rewrite matches rows";
        }
      }
    }
    return null;
  }

  private static List<String> quoteAll(List<String> keyColumns) {
    List<String> quoted = new ArrayList<>(keyColumns.size());
    for (String key : keyColumns) {
      quoted.add(SqlText.quoteIdentifier(key));
    }
    return quoted;
  }

  /** {@code q.k1 AS citussafe_k1, q.k2 AS citussafe_k2}. */
  private static void appendKeys(StringBuilder out, String q, List<String> keys) {
    for (int i = 0; i < keys.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(q).append('.').append(keys.get(i)).append(" AS citussafe_k").append(i + 1);
    }
  }

  /** {@code , e1 AS citussafe_v1, CAST(e2 AS type) AS citussafe_v2}; DEFAULT stays in SET. */
  private static void appendNewValues(StringBuilder out, DmlShape sh, Map<String, String> columnTypes,
      int[] offsets, List<String> literals) {
    int n = 0;
    for (DmlShape.Assignment a : sh.assignments) {
      if (a.isDefault()) {
        continue;
      }
      String type = columnTypes.get(a.columns().get(0));
      out.append(", ").append(type == null ? "" : "CAST(");
      JdbcPlaceholders.appendSlice(out, sh.sql, a.exprStart(), a.exprEnd(), offsets, literals);
      out.append(type == null ? "" : " AS " + type + ")").append(" AS citussafe_v").append(++n);
    }
  }

  /** {@code c1 = citussafe_rows.citussafe_v1, c2 = DEFAULT}, targets as written. */
  private static void appendSetFromRows(StringBuilder out, DmlShape sh) {
    int n = 0;
    String separator = "";
    for (DmlShape.Assignment a : sh.assignments) {
      out.append(separator).append(sh.sql, a.start(), a.targetEnd()).append(" = ");
      separator = ", ";
      if (a.isDefault()) {
        out.append(sh.sql, a.exprStart(), a.exprEnd());
      } else {
        out.append(ROWS).append(".citussafe_v").append(++n);
      }
    }
  }

  /** {@code q.k1 = citussafe_rows.citussafe_k1 AND …}. */
  private static void appendJoin(StringBuilder out, String q, List<String> keys) {
    for (int i = 0; i < keys.size(); i++) {
      out.append(i == 0 ? "" : " AND ").append(q).append('.').append(keys.get(i))
          .append(" = ").append(ROWS).append(".citussafe_k").append(i + 1);
    }
  }

  private static void appendQualified(StringBuilder out, String q, List<String> keys, String separator) {
    for (int i = 0; i < keys.size(); i++) {
      out.append(i == 0 ? "" : separator).append(q).append('.').append(keys.get(i));
    }
  }

  /** {@code q.k > ?}, or {@code (q.k1, q.k2) > (?, ?)}: row comparison orders as ORDER BY k1, k2. */
  private static void appendWatermark(StringBuilder out, String q, List<String> keys) {
    if (keys.size() == 1) {
      out.append(q).append('.').append(keys.get(0)).append(" > ?");
      return;
    }
    out.append('(');
    appendQualified(out, q, keys, ", ");
    out.append(") > (");
    for (int i = 0; i < keys.size(); i++) {
      out.append(i == 0 ? "?" : ", ?");
    }
    out.append(')');
  }

  /**
   * The RETURNING clause as written, except that an item {@code *} becomes {@code q.*}: the
   * joined CTE's columns must not show up in the user's result.
   */
  private static void appendReturning(StringBuilder out, DmlShape sh, String q) {
    String sql = sh.sql;
    out.append(sql, sh.returningStart, sh.returningListStart);
    Scanner s = new Scanner(sql, sh.returningListStart, sh.returningEnd);
    int cursor = sh.returningListStart;
    int itemTokens = 0;
    int star = -1;
    for (Scanner.Type t = s.next(); ; t = s.next()) {
      if (t == Scanner.Type.END || (s.depth() == 0 && s.isSymbol(','))) {
        if (itemTokens == 1 && star >= 0) {
          out.append(sql, cursor, star).append(q).append(".*");
          cursor = star + 1;
        }
        if (t == Scanner.Type.END) {
          break;
        }
        itemTokens = 0;
        star = -1;
        continue;
      }
      itemTokens++;
      star = s.isSymbol('*') ? s.start() : star;
    }
    out.append(sql, cursor, sh.returningEnd);
  }
}
