package io.citussafe.driver;

/**
 * Knows whether a migration tool is at work on the current thread. Flyway (with its default
 * transactional lock on PostgreSQL) reads and writes its history table on one connection but runs
 * each migration on a second connection that never names that table. A statement naming the
 * history table marks the thread; a transaction that then starts on another connection of the
 * same thread is a migration transaction when the tool's own code is on the call stack. Threads
 * that never saw such a statement (application threads) pay one thread-local read per
 * transaction and never walk the stack.
 */
final class MigrationTools {

  private static final ThreadLocal<Boolean> SEEN_ON_THREAD = new ThreadLocal<>();
  private static final StackWalker STACK = StackWalker.getInstance();

  private MigrationTools() {
  }

  /** A migration tool's bookkeeping statement ran on this thread. */
  static void seenOnThisThread() {
    SEEN_ON_THREAD.set(Boolean.TRUE);
  }

  /**
   * True when this thread saw a migration tool's statement and the tool is on the call stack
   * now; when the tool is gone, the thread's mark is dropped so later transactions skip the walk.
   */
  static boolean runningOnThisThread() {
    if (SEEN_ON_THREAD.get() == null) {
      return false;
    }
    boolean running = STACK.walk(frames -> frames.anyMatch(frame -> isMigrationTool(frame.getClassName())));
    if (!running) {
      SEEN_ON_THREAD.remove();
    }
    return running;
  }

  static boolean isMigrationTool(String className) {
    return className.startsWith("org.flywaydb.") || className.startsWith("liquibase.");
  }
}
