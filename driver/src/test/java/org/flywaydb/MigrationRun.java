package org.flywaydb;

import java.util.concurrent.Callable;

/**
 * Stands in for a migration tool on the call stack: the driver recognises Flyway by its package, so
 * what runs inside {@link #call} runs as if Flyway's code had called it.
 */
public final class MigrationRun {

  private MigrationRun() {
  }

  public static <T> T call(Callable<T> work) throws Exception {
    return work.call();
  }
}
