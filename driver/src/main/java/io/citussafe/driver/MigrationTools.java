package io.citussafe.driver;

/**
 * Knows whether a migration tool is at work on the current thread. Flyway (with its default
 * transactional lock on PostgreSQL) takes its lock and writes its history table on one connection
 * but runs each migration on a second connection that never takes the lock. The tool taking its
 * lock marks the thread; a transaction that then starts on another connection of the same thread
 * is a migration transaction when the tool's own code is on the call stack. Threads that never saw
 * the lock taken (application threads, also those that read the history table for a health or
 * info endpoint) pay one thread-local read per transaction and never walk the stack.
 */
final class MigrationTools {

  private static final ThreadLocal<Boolean> SEEN_ON_THREAD = new ThreadLocal<>();
  private static final StackWalker STACK = StackWalker.getInstance();

  private MigrationTools() {
  }

  /** A migration tool took its lock on this thread. */
  static void lockTaken() {
    SEEN_ON_THREAD.set(Boolean.TRUE);
  }

  /** A migration tool released its lock on this thread: its run is over. */
  static void lockReleased() {
    SEEN_ON_THREAD.remove();
  }

  /**
   * True when a migration tool took its lock on this thread and the tool is on the call stack
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
