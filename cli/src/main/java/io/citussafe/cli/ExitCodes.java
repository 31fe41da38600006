package io.citussafe.cli;

/** The exit codes of every command, as {@code --help} and the README list them. */
final class ExitCodes {

  /** Done; nothing at or above {@code --fail-on} was found. */
  static final int OK = 0;
  /** plan or check found something at or above {@code --fail-on}; demo: a step did not go as expected. */
  static final int FINDINGS = 1;
  /** A wrong option or argument, or no migrations where plan was pointed. */
  static final int USAGE = 2;
  /** The work could not be done: no connection, an unreadable file, a server error, no embedded PostgreSQL. */
  static final int RUNTIME = 3;

  /** The lines of the exit-code list in every command's --help. */
  static final String HELP_OK = "0:Done; nothing at or above --fail-on was found.";
  static final String HELP_FINDINGS = "1:plan/check: findings at or above --fail-on; demo: a step did not go as expected.";
  static final String HELP_USAGE = "2:Usage error: a wrong option or argument, or no migrations found.";
  static final String HELP_RUNTIME = "3:Could not do the work: no connection, an unreadable file, a server error.";

  private ExitCodes() {
  }
}
