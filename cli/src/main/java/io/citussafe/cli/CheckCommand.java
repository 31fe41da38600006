package io.citussafe.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "check")
final class CheckCommand implements Callable<Integer> {
  @ParentCommand
  CitussafeCommand parent;

  @Override
  public Integer call() {
    return 0;
  }
}
