package io.citussafe.cli;

import java.io.BufferedReader;
import java.io.PrintStream;

/**
 * Where a command reads and writes: results on {@code out}, progress, errors and questions on
 * {@code err}, answers from {@code in}. {@code terminal} is true when a person is at the console
 * ({@code System.console() != null}): only then does progress draw a bar.
 */
record Io(PrintStream out, PrintStream err, BufferedReader in, boolean terminal) {
}
