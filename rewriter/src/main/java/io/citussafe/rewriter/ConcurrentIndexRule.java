package io.citussafe.rewriter;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code CREATE [UNIQUE] INDEX CONCURRENTLY} on a Citus table, where Citus's concurrent path has
 * two defects: {@code IF NOT EXISTS} of an index that exists leaves the coordinator's index
 * invalid (the shards' stay valid), and the commands it sends to the shards do not carry the
 * session's search_path, so an operator class found only through it (an extension's
 * {@code gin_trgm_ops} installed in the migration's schema) does not exist there. So: an index
 * that exists is not touched (what PostgreSQL does, skipping), and each unqualified operator class
 * outside {@code pg_catalog} is qualified with the schema the session finds it in, once.
 */
final class ConcurrentIndexRule implements Rule<ConcurrentIndexRule.Index> {

  /** An operator class the statement names without a schema, at {@code start} of the text. */
  record OperatorClass(int start, int end, String name) {
  }

  /**
   * @param name the index's name as stored, null when the statement names none
   * @param method the access method, lower case
   */
  record Index(String sql, String name, boolean ifNotExists, String table, String method,
      List<OperatorClass> operatorClasses) {
  }

  /** What the skipped statement answers: no rows and no count, as CREATE INDEX does. */
  static final String NO_OP = "DO $$BEGIN END$$";

  private static final String[] ORDERING = {"asc", "desc", "nulls", "first", "last"};

  @Override
  public Set<String> firstWords() {
    return Set.of("create");
  }

  @Override
  public Index match(StatementText statement) {
    Scanner s = statement.scanner();
    s.next();
    s.accept("unique");
    if (!s.accept("index") || !s.accept("concurrently")) {
      return null;
    }
    boolean ifNotExists = Names.acceptIfNotExists(s);
    String name = s.isWord("on") ? null : Names.stored(s);
    if (name != null) {
      s.next();
    }
    if (!s.accept("on")) {
      return null;
    }
    s.accept("only");
    String table = Names.readQualified(s);
    String method = "btree";
    if (s.accept("using")) {
      method = Names.stored(s);
      s.next();
    }
    if (table == null || method == null || !s.isSymbol('(')) {
      return null;
    }
    return new Index(statement.text, name, ifNotExists, table, method, operatorClasses(s));
  }

  /**
   * Standing on the element list's {@code (}: the operator classes named without a schema. An
   * element is a column, a function call or a parenthesised expression, then optionally
   * {@code COLLATE c}, an operator class (with parameters) and the ordering words.
   */
  private static List<OperatorClass> operatorClasses(Scanner s) {
    List<OperatorClass> found = new ArrayList<>();
    int depth = s.depth() + 1;
    boolean keyRead = false;
    boolean collation = false;
    OperatorClass candidate = null;
    for (s.next(); s.type() != Scanner.Type.END && s.depth() >= depth; s.next()) {
      if (s.depth() > depth || s.isSymbol('(') || s.isSymbol(')')) {
        keyRead = true;
        continue;
      }
      if (s.isSymbol('.')) {
        // a qualified name: the part after the dot belongs to it
        candidate = null;
        s.next();
        continue;
      }
      if (candidate != null) {
        found.add(candidate);
        candidate = null;
      }
      if (s.isSymbol(',')) {
        keyRead = false;
      } else if (!keyRead) {
        keyRead = true;
      } else if (collation) {
        collation = false;
      } else if (s.isWord("collate")) {
        collation = true;
      } else if (s.isIdentifier() && !isOrdering(s) && Names.stored(s) != null) {
        candidate = new OperatorClass(s.start(), s.end(), Names.stored(s));
      }
    }
    if (candidate != null) {
      found.add(candidate);
    }
    return found;
  }

  private static boolean isOrdering(Scanner s) {
    return Keywords.isAnyWord(s, ORDERING);
  }

  @Override
  public Plan plan(Index index, Facts facts, Next next) throws SQLException {
    if (!facts.isCitus() || !facts.tableNow(index.table()).isCitusTable()) {
      return null;
    }
    // inside a transaction block PostgreSQL refuses CONCURRENTLY before it looks for the index
    if (index.ifNotExists() && index.name() != null && !facts.inTransaction()
        && facts.relationBeside(index.table(), index.name())) {
      return Plan.of(new Step.Answer(NO_OP), new Step.Report("skipped: " + Names.quoted(index.name())
          + " already exists beside " + index.table() + ", and Citus's CREATE INDEX CONCURRENTLY IF NOT EXISTS "
          + "would mark that index invalid on the coordinator while its shards' copies stay valid"));
    }
    StringBuilder sql = new StringBuilder(index.sql().length() + 16);
    List<String> qualified = new ArrayList<>();
    int cursor = 0;
    for (OperatorClass opclass : index.operatorClasses()) {
      String schema = facts.operatorClassSchema(opclass.name(), index.method());
      if (schema != null && !schema.equals("pg_catalog")) {
        String name = Names.quoted(schema) + "." + index.sql().substring(opclass.start(), opclass.end());
        sql.append(index.sql(), cursor, opclass.start()).append(name);
        cursor = opclass.end();
        qualified.add(name);
      }
    }
    if (qualified.isEmpty()) {
      return null;
    }
    String rewritten = sql.append(index.sql(), cursor, index.sql().length()).toString();
    List<Step> steps = new ArrayList<>(next.plan(rewritten));
    steps.add(new Step.Report("qualified the operator class as " + String.join(", ", qualified) + ": Citus runs "
        + "CREATE INDEX CONCURRENTLY on the shards without this session's search_path, where it would not be found"));
    return Plan.of(steps);
  }
}
