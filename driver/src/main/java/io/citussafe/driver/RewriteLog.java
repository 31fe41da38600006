package io.citussafe.driver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every change of behaviour is told: the SLF4J logger {@code citussafe.rewrite} (INFO), and
 * a warning on the statement, starting with {@code citussafe:}, before the server's own.
 */
final class RewriteLog {

  static final Logger LOG = LoggerFactory.getLogger("citussafe.rewrite");

  /** Where a warning for the user's statement goes. */
  @FunctionalInterface
  interface Reporter {
    void addWarning(String message);
  }

  private RewriteLog() {
  }

  static void report(Reporter statement, String sql, String what) {
    LOG.info("{}\n  -> {}", sql, what);
    statement.addWarning("citussafe: " + what);
  }
}
