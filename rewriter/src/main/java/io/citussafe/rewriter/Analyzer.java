package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/**
 * Text → {@link Analysis}: splits the text into statements, notes what each does to the session,
 * and offers each statement to the rules that read its first keyword. Nothing here can fail on
 * odd input: what no rule reads passes through and the server answers it.
 */
final class Analyzer {

  private final Rules rules;

  Analyzer(Rules rules) {
    this.rules = rules;
  }

  Analysis analyze(String sql) {
    int[] bounds = Splitter.split(sql);
    int flags = 0;
    List<Analysis.Piece> pieces = new ArrayList<>(bounds.length / 2);
    List<String> changed = new ArrayList<>(1);
    boolean changesAny = false;
    for (int k = 0; k < bounds.length; k += 2) {
      StatementText statement = new StatementText(sql.substring(bounds[k], bounds[k + 1]));
      int pieceFlags = SessionFlags.of(statement) | SessionFlags.migrationLock(statement);
      if ((pieceFlags & Analysis.SCHEMA_CHANGE) != 0) {
        String table = SessionFlags.changedTable(statement);
        if (table == null) {
          changesAny = true;
        } else {
          changed.add(table);
        }
      }
      flags |= pieceFlags;
      pieces.add(new Analysis.Piece(statement, bounds[k], bounds[k + 1], matches(statement)));
    }
    if (pieces.size() != 1) {
      flags &= ~Analysis.LOCKING_DDL;
    }
    return Analysis.of(flags, pieces, changesAny ? List.of() : changed);
  }

  private List<Match<?>> matches(StatementText statement) {
    List<Integer> reading = rules.reading(statement.firstWord);
    if (reading.isEmpty()) {
      return List.of();
    }
    List<Match<?>> found = null;
    for (int index : reading) {
      Match<?> match = Match.of(index, rules.get(index), statement);
      if (match != null) {
        if (found == null) {
          found = new ArrayList<>(2);
        }
        found.add(match);
      }
    }
    return found == null ? List.of() : List.copyOf(found);
  }
}
