package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Finds the function calls in the clauses of a {@link DmlShape} with JSqlParser. Each clause is
 * parsed on its own ({@code CCJSqlParser.Expression()} or {@code Statement()}, never
 * {@code CCJSqlParserUtil.parse}, which hands the work to a thread), after {@link #sanitize}
 * replaced what JSqlParser 5.3 misreads. The walk reuses {@link TablesNamesFinder}, JSqlParser's
 * own visitor of every expression and subquery; this subclass records calls on the way. That
 * visitor walks a joined item twice (as {@code Join.getFromItem()} and its alias
 * {@code getRightItem()}), so each node is recorded once, by identity.
 *
 * <p>Not functions here, although JSqlParser parses them as such: COALESCE, NULLIF, GREATEST,
 * LEAST, ROW, ANY/ALL/SOME and ARRAY are syntax without a {@code pg_proc} entry. COALESCE still
 * counts as an enclosing CASE for {@link DmlStatement.FunctionUse#insideCaseOrCoalesce()}.
 */
final class FunctionCollector extends TablesNamesFinder<Void> {

  private final List<DmlStatement.FunctionUse> uses = new ArrayList<>();
  private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
  private DmlStatement.Clause clause = DmlStatement.Clause.OTHER;
  /** The SET assignment being walked, or -1. */
  private int part = -1;
  private int caseDepth;
  /** CASE alone: Citus accepts an uncorrelated scalar subquery on a local table in COALESCE, not in CASE. */
  private int onlyCaseDepth;
  private List<String> tablesRead;
  /** The names of the statement's WITH queries, as stored: no table of Citus's or the user's. */
  private Set<String> withQueries = Set.of();

  private FunctionCollector() {
    init(false);
  }

  /**
   * The function uses of every clause, in text order; null when a clause cannot be parsed. The
   * tables read on the way are added to {@code sh.tablesRead}.
   */
  static List<DmlStatement.FunctionUse> collect(DmlShape sh) {
    FunctionCollector c = new FunctionCollector();
    c.tablesRead = sh.tablesRead;
    WithList with = sh.withStart >= 0 ? WithList.read(sh.sql) : null;
    if (with != null) {
      Set<String> names = new HashSet<>();
      for (String name : with.names()) {
        names.add(Names.stored(name));
      }
      c.withQueries = names;
    }
    String sql = sh.sql;
    boolean upsert = sh.kind == DmlShape.Kind.UPSERT;
    try {
      for (int[] body : sh.withBodies) {
        c.statement(sanitize(sql, body[0], body[1]), DmlStatement.Clause.OTHER);
      }
      if (sh.sourceStart >= 0) {
        c.statement(sanitize(sql, sh.sourceStart, sh.sourceEnd),
            sh.sourceIsValues ? DmlStatement.Clause.VALUES : DmlStatement.Clause.OTHER);
      }
      for (int i = 0; i < sh.assignments.size(); i++) {
        DmlShape.Assignment a = sh.assignments.get(i);
        if (!a.isDefault()) {
          c.part = i;
          c.expression(sanitize(sql, a.exprStart(), a.exprEnd()),
              upsert ? DmlStatement.Clause.DO_UPDATE_SET : DmlStatement.Clause.SET);
          c.part = -1;
        }
      }
      if (sh.fromStart >= 0) {
        int listStart = Lexer.skipSpace(sql, sh.fromStart + (sh.kind == DmlShape.Kind.DELETE ? 5 : 4));
        c.statement("SELECT 1 FROM " + sanitize(sql, listStart, sh.fromEnd), DmlStatement.Clause.OTHER);
      }
      if (sh.whereStart >= 0 && !sh.currentOf) {
        c.expression(sanitize(sql, sh.conditionStart, sh.conditionEnd),
            upsert ? DmlStatement.Clause.DO_UPDATE_WHERE : DmlStatement.Clause.WHERE);
      }
      if (sh.returningStart >= 0) {
        c.statement("SELECT " + sanitize(sql, sh.returningListStart, sh.returningEnd),
            DmlStatement.Clause.RETURNING);
      }
    } catch (ParseException e) {
      return null;
    }
    return List.copyOf(c.uses);
  }

  @Override
  public <S> Void visit(Table table, S context) {
    String name = table.getFullyQualifiedName();
    if (!tablesRead.contains(name)) {
      tablesRead.add(name);
    }
    if (clause == DmlStatement.Clause.SET && onlyCaseDepth > 0 && !withQueries.contains(Names.stored(name))) {
      uses.add(new DmlStatement.FunctionUse(DmlStatement.SUBQUERY_PREFIX + name, clause, part, false, false, true));
    }
    return super.visit(table, context);
  }

  private void expression(String text, DmlStatement.Clause inClause) throws ParseException {
    CCJSqlParser parser = CCJSqlParserUtil.newParser(text);
    Expression e = parser.Expression();
    requireEnd(parser);
    clause = inClause;
    e.accept(this, null);
  }

  private void statement(String text, DmlStatement.Clause inClause) throws ParseException {
    CCJSqlParser parser = CCJSqlParserUtil.newParser(text);
    Statement st = parser.Statement();
    requireEnd(parser);
    clause = inClause;
    st.accept(this, null);
  }

  /** {@code Expression()} stops quietly before text it cannot continue with ({@code a b}). */
  private static void requireEnd(CCJSqlParser parser) throws ParseException {
    int kind = parser.getToken(1).kind;
    if (kind != CCJSqlParserConstants.EOF && kind != CCJSqlParserConstants.ST_SEMICOLON) {
      throw new ParseException("unexpected text after the clause: " + parser.getToken(1).image);
    }
  }

  /**
   * {@code sql[from, to)} made readable for JSqlParser without changing its calls: comments
   * become a space, every string (dollar-quoted, {@code E'…'}, bit strings…) becomes
   * {@code 's'}, {@code U&"…"} becomes {@code "u"}, {@code $n} becomes {@code ?}, and pgjdbc's
   * escaped jsonb operators {@code ??}, {@code ??|}, {@code ??&} become {@code =}.
   */
  static String sanitize(String sql, int from, int to) {
    StringBuilder out = new StringBuilder(to - from);
    Scanner s = new Scanner(sql, from, to);
    int last = from;
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (s.start() > last) {
        out.append(' ');
      }
      char c = sql.charAt(s.start());
      if (t == Scanner.Type.STRING) {
        out.append("'s'");
      } else if (t == Scanner.Type.QUOTED_IDENTIFIER && c != '"') {
        out.append("\"u\"");
      } else if (t == Scanner.Type.PARAMETER && c == '?' && s.end() < to && sql.charAt(s.end()) == '?') {
        out.append(" = ");
        s.next();
        int after = s.end();
        if (after < to && (sql.charAt(after) == '|' || sql.charAt(after) == '&')) {
          s.next();
        }
      } else if (t == Scanner.Type.PARAMETER) {
        out.append('?');
      } else {
        out.append(sql, s.start(), s.end());
      }
      last = s.end();
    }
    return out.toString();
  }

  @Override
  public <S> Void visit(Function function, S context) {
    if (!seen.add(function)) {
      return null;
    }
    String name = name(function.getMultipartName());
    if (!Keywords.NOT_FUNCTIONS.contains(name)) {
      uses.add(new DmlStatement.FunctionUse(name, clause, part, true, ColumnFinder.inArguments(function),
          caseDepth > 0));
    }
    boolean coalesce = name.equals("coalesce");
    caseDepth += coalesce ? 1 : 0;
    try {
      super.visit(function, context);
      ColumnFinder.visitOtherArguments(function, this, context);
    } finally {
      caseDepth -= coalesce ? 1 : 0;
    }
    return null;
  }

  @Override
  public <S> Void visit(CaseExpression expression, S context) {
    if (!seen.add(expression)) {
      return null;
    }
    caseDepth++;
    onlyCaseDepth++;
    try {
      return super.visit(expression, context);
    } finally {
      caseDepth--;
      onlyCaseDepth--;
    }
  }

  @Override
  public <S> Void visit(TimeKeyExpression expression, S context) {
    String name = valueFunctionName(expression.getStringValue());
    if (Keywords.VALUE_FUNCTIONS.contains(name) && seen.add(expression)) {
      uses.add(new DmlStatement.FunctionUse(name, clause, part, true, false, caseDepth > 0));
    }
    return null;
  }

  @Override
  public <S> Void visit(Column column, S context) {
    String name = valueFunctionName(column);
    if (name != null) {
      if (seen.add(column)) {
        uses.add(new DmlStatement.FunctionUse(name, clause, part, true, false, caseDepth > 0));
      }
      return null;
    }
    return super.visit(column, context);
  }

  /**
   * A cast of a column expression to a date/time type runs a STABLE input or conversion function
   * (it depends on TimeZone or DateStyle), which Citus rejects in UPDATE … SET with column
   * references, as in {@code now() + (id || ' s')::interval}. It is recorded as a use named
   * {@code cast to <type>}, which the driver counts as STABLE; a cast that is in fact immutable
   * (from {@code timestamp} to {@code date}) then only costs an unneeded, still faithful, rewrite.
   */
  @Override
  public <S> Void visit(CastExpression expression, S context) {
    if (!seen.add(expression)) {
      return null;
    }
    String type = expression.getColDataType() == null ? ""
        : expression.getColDataType().getDataType().toLowerCase(java.util.Locale.ROOT);
    String bare = type.replace("\"", "").trim().split("[ (]")[0];
    if (Keywords.DATE_TIME_TYPES.contains(bare.startsWith("pg_catalog.") ? bare.substring(11) : bare)
        && ColumnFinder.in(expression.getLeftExpression())) {
      uses.add(new DmlStatement.FunctionUse(DmlStatement.CAST_PREFIX + type, clause, part, false, true,
          caseDepth > 0));
    }
    return super.visit(expression, context);
  }

  /** PostgreSQL 14+ runs {@code EXTRACT(field FROM x)} as the function {@code extract}. */
  @Override
  public <S> Void visit(ExtractExpression expression, S context) {
    if (!seen.add(expression)) {
      return null;
    }
    uses.add(new DmlStatement.FunctionUse("extract", clause, part, true,
        ColumnFinder.in(expression.getExpression()), caseDepth > 0));
    return super.visit(expression, context);
  }

  /** Aggregates with FILTER or OVER, e.g. in a subquery. */
  @Override
  public <S> Void visit(AnalyticExpression expression, S context) {
    if (!seen.add(expression)) {
      return null;
    }
    String name = name(List.of(expression.getName()));
    if (!Keywords.NOT_FUNCTIONS.contains(name)) {
      uses.add(new DmlStatement.FunctionUse(name, clause, part, false,
          ColumnFinder.in(expression.getExpression()), caseDepth > 0));
    }
    return super.visit(expression, context);
  }

  /** The last part of a function name as PostgreSQL stores it. */
  private static String name(List<String> parts) {
    return Names.stored(parts.get(parts.size() - 1));
  }

  private static String valueFunctionName(String text) {
    String name = lower(text.strip());
    int paren = name.indexOf('(');
    return paren < 0 ? name : name.substring(0, paren).strip();
  }

  /** The value function a bare unquoted {@code LOCALTIMESTAMP}-like "column" stands for, or null. */
  private static String valueFunctionName(Column column) {
    if (column.getTable() != null && column.getTable().getName() != null) {
      return null;
    }
    String name = lower(column.getColumnName());
    return Keywords.VALUE_FUNCTIONS.contains(name) ? name : null;
  }

  private static String lower(String s) {
    return Names.lower(s, 0, s.length());
  }
}
