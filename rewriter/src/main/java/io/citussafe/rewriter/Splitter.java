package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a query string into its statements at top-level semicolons. Semicolons inside strings,
 * dollar quotes, comments, quoted identifiers, parentheses and SQL-standard function bodies
 * ({@code BEGIN ATOMIC … END}) do not split. Each piece keeps its exact original text, without
 * the semicolon; pieces holding only white space or comments are dropped.
 */
final class Splitter {

  private Splitter() {
  }

  /** Offsets {@code [start, end)} of each statement, as consecutive pairs. */
  static int[] split(String sql) {
    List<int[]> pieces = new ArrayList<>(2);
    Scanner scanner = new Scanner(sql);
    int pieceStart = 0;
    int atomicDepth = 0;
    boolean previousWasBegin = false;
    boolean sawToken = false;
    for (Scanner.Type t = scanner.next(); t != Scanner.Type.END; t = scanner.next()) {
      if (t == Scanner.Type.WORD) {
        if (atomicDepth > 0 && (scanner.isWord("case") || scanner.isWord("begin"))) {
          atomicDepth++;
        } else if (atomicDepth > 0 && scanner.isWord("end")) {
          atomicDepth--;
        } else if (previousWasBegin && scanner.isWord("atomic")) {
          atomicDepth++;
        }
        previousWasBegin = scanner.isWord("begin");
      } else {
        previousWasBegin = false;
      }
      if (scanner.isSymbol(';') && scanner.depth() == 0 && atomicDepth == 0) {
        if (sawToken) {
          pieces.add(new int[] {pieceStart, scanner.start()});
        }
        pieceStart = scanner.end();
        sawToken = false;
      } else {
        sawToken = true;
      }
    }
    if (sawToken) {
      pieces.add(new int[] {pieceStart, sql.length()});
    }
    int[] result = new int[pieces.size() * 2];
    for (int k = 0; k < pieces.size(); k++) {
      result[2 * k] = pieces.get(k)[0];
      result[2 * k + 1] = pieces.get(k)[1];
    }
    return result;
  }
}
