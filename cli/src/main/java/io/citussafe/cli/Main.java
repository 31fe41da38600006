package io.citussafe.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code java -jar citussafe-cli.jar <command>}. Errors end as one line and a hint on stderr, with
 * the exit codes of {@link ExitCodes}; the stack trace only with {@code --verbose}.
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    int code = run(args, System.out, System.err, System.in, System.console() != null);
    System.exit(code);
  }

  /** Runs one command; the streams are parameters so tests run it in-process. */
  static int run(String[] args, PrintStream out, PrintStream err, InputStream in, boolean terminal) {
    Io io = new Io(out, err, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), terminal);
    CitussafeCommand top = new CitussafeCommand(io);
    CommandLine cli = new CommandLine(top);
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setParameterExceptionHandler(Main::usageError);
    cli.setExecutionExceptionHandler((e, command, parseResult) -> failure(e, command, parseResult, err));
    return cli.execute(args);
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintStream err = ((CitussafeCommand) rootOf(command).getCommand()).io().err();
    err.println(command.getCommandName().equals("citussafe") ? "citussafe: error: " + e.getMessage()
        : "citussafe " + command.getCommandName() + ": error: " + e.getMessage());
    err.println("hint: see " + qualifiedName(command) + " --help");
    return ExitCodes.USAGE;
  }

  private static int failure(Exception e, CommandLine command, ParseResult parseResult, PrintStream err) {
    boolean verbose = parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose")
        || parseResult.hasMatchedOption("--verbose");
    String name = qualifiedName(command);
    if (e instanceof CliException c) {
      err.println(name + ": error: " + c.getMessage());
      if (c.hint() != null) {
        err.println("hint: " + c.hint());
      }
      if (verbose && c.getCause() != null) {
        c.getCause().printStackTrace(err);
      }
      return c.exitCode();
    }
    err.println(name + ": error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    err.println(verbose ? "hint: the stack trace follows" : "hint: run it again with --verbose to see the stack trace");
    if (verbose) {
      e.printStackTrace(err);
    }
    return ExitCodes.RUNTIME;
  }

  private static CommandLine rootOf(CommandLine command) {
    CommandLine root = command;
    while (root.getParent() != null) {
      root = root.getParent();
    }
    return root;
  }

  private static String qualifiedName(CommandLine command) {
    return command.getParent() == null ? "citussafe" : "citussafe " + command.getCommandName();
  }
}
