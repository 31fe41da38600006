package io.citussafe.cli;

import java.io.PrintStream;

/**
 * Progress of long operations on stderr, so it never mixes with a report on stdout: a bar redrawn
 * in place when a person watches a terminal, plain lines otherwise (CI logs, pipes). No colour,
 * no escape sequences: the bar is redrawn with a carriage return and padding.
 */
final class Progress {

  private static final int WIDTH = 24;

  private final PrintStream err;
  private final boolean terminal;
  private final boolean quiet;
  private int drawn;

  private Progress(PrintStream err, boolean terminal, boolean quiet) {
    this.err = err;
    this.terminal = terminal;
    this.quiet = quiet;
  }

  static Progress on(Io io) {
    return new Progress(io.err(), io.terminal(), false);
  }

  /** A bar on a terminal, nothing otherwise: for operations that are quick unless the input is large. */
  static Progress barOnly(Io io) {
    return new Progress(io.err(), io.terminal(), !io.terminal());
  }

  /** Progress that says nothing (for short operations, and tests that compare stderr). */
  static Progress none() {
    return new Progress(System.err, false, true);
  }

  /** One step of a long operation: {@code done} of {@code total} finished, {@code what} next. */
  void step(int done, int total, String what) {
    if (quiet) {
      return;
    }
    if (terminal) {
      int filled = total == 0 ? WIDTH : done * WIDTH / total;
      draw("[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + total + "  " + what);
    } else {
      err.println("citussafe: " + what + " (" + (done + 1) + "/" + total + ")");
    }
  }

  /** A step inside a step (a table of many): drawn on a terminal only, so logs get no line per table. */
  void detail(int done, int total, String what) {
    if (terminal) {
      step(done, total, what);
    }
  }

  /** A phase without a count (starting a server): a line, or the bar's text. */
  void phase(String what) {
    if (quiet) {
      return;
    }
    if (terminal) {
      draw(what + " ...");
    } else {
      err.println("citussafe: " + what);
    }
  }

  /** The operation ended: the bar is cleared (a terminal) or a closing line is written (plain). */
  void done(String what) {
    if (quiet) {
      return;
    }
    if (terminal) {
      draw("");
      err.print('\r');
      err.flush();
      drawn = 0;
    } else if (what != null) {
      err.println("citussafe: " + what);
    }
  }

  private void draw(String text) {
    String line = text.length() > 100 ? text.substring(0, 99) + "…" : text;
    err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
    err.flush();
    drawn = line.length();
  }
}
