package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/**
 * The upsert an ORM sends ({@code INSERT … ON CONFLICT … DO UPDATE SET updated_at = now()}), which
 * Citus rejects because {@code now()} is not IMMUTABLE: the timestamps become parameters whose
 * values the driver reads in the statement's own transaction.
 */
final class UpsertTimestamps {

  private UpsertTimestamps() {
  }

  /**
   * For an upsert: each {@code now()}, {@code CURRENT_TIMESTAMP}, {@code transaction_timestamp()},
   * {@code statement_timestamp()}, {@code LOCALTIMESTAMP}, {@code CURRENT_DATE},
   * {@code CURRENT_TIME} or {@code LOCALTIME} in DO UPDATE SET or its WHERE becomes
   * {@code CAST(? AS <its type>)} (or the given literal), and
   * {@link DmlRewrite#appendedParameters()} lists their texts in order. Each of these has one
   * value per transaction (per statement for {@code statement_timestamp()}), so binding the value
   * read in the same transaction stores what PostgreSQL would have stored; a new placeholder per
   * execution keeps that true when pgjdbc prepares the statement on the server.
   *
   * @param literals one literal per call, or null for placeholders
   * @throws IllegalArgumentException when literals are given and differ in number from the calls
   */
  static DmlRewrite of(DmlStatement st, List<String> literals) {
    DmlShape sh = st.shape();
    if (sh.kind != DmlShape.Kind.UPSERT) {
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
    int[] offsets = JdbcPlaceholders.offsets(sql);
    if (literals == null) {
      if (offsets.length > 0 && offsets[offsets.length - 1] > calls.get(0).start) {
        return DmlRewrite.refused("a ? parameter follows " + calls.get(0).expression
            + ", so parameters added for the timestamps would not come after the user's");
      }
    } else if (literals.size() != calls.size()) {
      throw new IllegalArgumentException("the statement has " + calls.size() + " timestamp calls but "
          + literals.size() + " literals were given");
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
    int[] map = new int[offsets.length];
    for (int i = 0; i < map.length; i++) {
      map[i] = i + 1;
    }
    return new DmlRewrite(out.toString(), map, literals == null ? expressions : List.of(), null, null);
  }

  private record TimestampCall(int start, int end, String expression, String type) {
  }

  /**
   * Calls with one value per transaction (per statement for {@code statement_timestamp()}) in
   * {@code sql[from, to)}: {@code [pg_catalog.]now()}, {@code transaction_timestamp()},
   * {@code statement_timestamp()}, and the value functions with their optional precision.
   */
  private static void findTimestampCalls(String sql, int from, int to, List<TimestampCall> out) {
    for (CallSpans.Call call : CallSpans.find(sql, from, to)) {
      // another schema's now() is not PostgreSQL's
      if (!Lexer.wordEquals(sql, call.start(), Math.min(call.end(), call.start() + call.name().length()), call.name())
          && !Lexer.wordEquals(sql, call.start(), Math.min(call.end(), call.start() + 10), "pg_catalog")) {
        continue;
      }
      String type;
      switch (call.name()) {
        case "now":
        case "transaction_timestamp":
        case "statement_timestamp":
          type = sql.substring(call.start(), call.end()).replaceAll("\\s", "").endsWith("()") ? "timestamptz" : null;
          break;
        case "current_timestamp":
          type = "timestamptz";
          break;
        case "localtimestamp":
          type = "timestamp";
          break;
        case "current_time":
          type = "timetz";
          break;
        case "localtime":
          type = "time";
          break;
        case "current_date":
          type = sql.substring(call.start(), call.end()).indexOf('(') < 0 ? "date" : null;
          break;
        default:
          type = null;
          break;
      }
      if (type != null && (out.isEmpty() || out.get(out.size() - 1).end <= call.start())) {
        out.add(new TimestampCall(call.start(), call.end(), sql.substring(call.start(), call.end()), type));
      }
    }
  }
}
