package io.citussafe.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The top command: only its subcommands do work. */
@Command(name = "citussafe", mixinStandardHelpOptions = true, versionProvider = Version.class,
    subcommands = {DemoCommand.class, PlanCommand.class, CheckCommand.class},
    description = {"Safe schema migrations on Citus: see what citussafe does to your migrations, before "
        + "and while they run.", ""},
    commandListHeading = "%nCommands:%n",
    footerHeading = "%n",
    footer = {"Run 'citussafe <command> --help' for a command's options."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FINDINGS, ExitCodes.HELP_USAGE, ExitCodes.HELP_RUNTIME})
final class CitussafeCommand implements Callable<Integer> {

  private final Io io;

  @Spec
  CommandSpec spec;

  CitussafeCommand(Io io) {
    this.io = io;
  }

  Io io() {
    return io;
  }

  @Override
  public Integer call() {
    io.err().println("citussafe: error: name a command: demo, plan or check");
    io.err().println("hint: see citussafe --help");
    return ExitCodes.USAGE;
  }
}
