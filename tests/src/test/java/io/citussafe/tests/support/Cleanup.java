package io.citussafe.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;

/**
 * Work to do when the JVM exits, run newest first by a single shutdown hook.
 *
 * <p>One hook rather than one per resource because the JVM runs hooks concurrently and in no
 * order, while ours depend on each other: a server must be stopped with {@code pg_ctl} before
 * the extracted binaries that contain {@code pg_ctl} are deleted.
 */
final class Cleanup {

  private static final Deque<Task> TASKS = new ArrayDeque<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::runAll, "citussafe-test-cleanup"));
  }

  private Cleanup() {}

  /** Registers {@code action}; {@code what} names it if it fails. */
  static synchronized void atExit(String what, Runnable action) {
    TASKS.push(new Task(what, action));
  }

  /** Registers deletion of {@code dir} and everything in it. */
  static void deleteAtExit(Path dir) {
    atExit("delete " + dir, () -> deleteRecursively(dir));
  }

  private static synchronized void runAll() {
    while (!TASKS.isEmpty()) {
      Task task = TASKS.pop();
      try {
        task.action.run();
      } catch (RuntimeException e) {
        // Keep going: one failed step must not leave the other servers running.
        System.err.println("citussafe tests: cleanup failed: " + task.what + ": " + e.getMessage());
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e.toString(), e);
    }
  }

  private record Task(String what, Runnable action) {}
}
