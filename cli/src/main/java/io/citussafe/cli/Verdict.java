package io.citussafe.cli;

import java.util.Locale;

/** What citussafe does with a statement: runs it as written, runs something else, or refuses it. */
enum Verdict {
  PASS, REWRITE, REFUSE;

  String lower() {
    return name().toLowerCase(Locale.ROOT);
  }
}
