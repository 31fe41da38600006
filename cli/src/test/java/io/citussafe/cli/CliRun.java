package io.citussafe.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The command run in-process, its output captured: what {@code java -jar citussafe-cli.jar …} prints. */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(String... args) {
    return withInput("", false, args);
  }

  /** With {@code input} on stdin, as if a person ({@code terminal}) or a pipe were typing it. */
  static CliRun withInput(String input, boolean terminal, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), terminal);
    }
    return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
  }
}
