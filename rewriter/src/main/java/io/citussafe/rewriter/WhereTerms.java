package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.List;

/** The parts of a WHERE condition that the atomic rewrite can place apart: its top-level AND terms. */
final class WhereTerms {

  private WhereTerms() {
  }

  /**
   * The top-level {@code AND} terms of a condition; the whole condition as one term when it
   * cannot be split there safely (a top-level OR binds looser than AND; BETWEEN's AND and those
   * inside CASE are not conjunctions).
   */
  static List<int[]> andTerms(String sql, int from, int to) {
    List<int[]> terms = new ArrayList<>();
    Scanner s = new Scanner(sql, from, to);
    int termStart = -1;
    int lastEnd = from;
    int caseDepth = 0;
    boolean betweenPending = false;
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      termStart = termStart < 0 ? s.start() : termStart;
      if (s.depth() == 0 && t == Scanner.Type.WORD) {
        if (s.isWord("or")) {
          return List.of(new int[] {from, to});
        }
        if (s.isWord("case")) {
          caseDepth++;
        } else if (s.isWord("end") && caseDepth > 0) {
          caseDepth--;
        } else if (s.isWord("between")) {
          betweenPending = true;
        } else if (s.isWord("and") && caseDepth == 0) {
          if (betweenPending) {
            betweenPending = false;
          } else {
            terms.add(new int[] {termStart, lastEnd});
            termStart = -1;
            continue;
          }
        }
      }
      lastEnd = s.end();
    }
    if (termStart >= 0) {
      terms.add(new int[] {termStart, lastEnd});
    }
    return terms;
  }

  static boolean castsOrSelects(String sql, int from, int to) {
    Scanner s = new Scanner(sql, from, to);
    for (Scanner.Type t = s.next(); t != Scanner.Type.END; t = s.next()) {
      if (s.isSymbol("::") || s.isWord("cast") || s.isWord("select") || s.isWord("extract")) {
        return true;
      }
    }
    return false;
  }
}
