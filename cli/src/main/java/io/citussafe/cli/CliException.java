package io.citussafe.cli;

/**
 * A failure the command explains in one line plus a hint, with the exit code it ends with; the
 * stack trace is shown only with {@code --verbose}.
 */
final class CliException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String hint;
  private final int exitCode;

  CliException(String message, String hint, int exitCode, Throwable cause) {
    super(message, cause);
    this.hint = hint;
    this.exitCode = exitCode;
  }

  /** A wrong option, argument or input: exit {@value ExitCodes#USAGE}. */
  static CliException usage(String message, String hint) {
    return new CliException(message, hint, ExitCodes.USAGE, null);
  }

  /** The work could not be done (no connection, unreadable file, server error): exit {@value ExitCodes#RUNTIME}. */
  static CliException runtime(String message, String hint) {
    return new CliException(message, hint, ExitCodes.RUNTIME, null);
  }

  static CliException runtime(String message, String hint, Throwable cause) {
    return new CliException(message, hint, ExitCodes.RUNTIME, cause);
  }

  String hint() {
    return hint;
  }

  int exitCode() {
    return exitCode;
  }
}
