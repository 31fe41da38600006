package io.citussafe.tests.support;

import com.sun.security.auth.module.UnixSystem;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs external commands, as the OS user PostgreSQL runs as.
 *
 * <p>PostgreSQL refuses to run as root ({@code initdb: cannot be run as root}), and our machines
 * and CI run everything as root. So when the JVM is uid 0, server commands go through
 * {@code runuser -u <user> --} with the user {@code postgres} if it exists, else {@code nobody},
 * and every directory such a command writes to is chowned to that user first.
 */
final class OsCommands {

  private static final boolean ROOT = new UnixSystem().getUid() == 0;
  private static final String SERVER_USER = ROOT ? pickServerUser() : System.getProperty("user.name");

  private OsCommands() {}

  /** The OS user that server processes run as. */
  static String serverUser() {
    return SERVER_USER;
  }

  /**
   * Runs {@code command} as the server user, in {@code workDir} (which that user must be able to
   * enter: a server started from root's working directory warns it cannot change into it).
   *
   * @return the command's combined stdout and stderr
   * @throws IllegalStateException if the command fails or runs longer than two minutes; the
   *     message holds the command and its output
   */
  static String runAsServerUser(List<String> command, Path workDir) {
    if (!ROOT) {
      return run(command, workDir);
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", SERVER_USER, "--"));
    wrapped.addAll(command);
    return run(wrapped, workDir);
  }

  /** Like {@link #runAsServerUser} but as the JVM's own user. */
  static String run(List<String> command, Path workDir) {
    Path output = null;
    try {
      // Output goes to a file, not a pipe: pg_ctl leaves a daemon behind, and a daemon that
      // inherited our pipe would keep us reading forever.
      output = Files.createTempFile("citussafe-cmd", ".out");
      Process process = new ProcessBuilder(command)
          .directory(workDir == null ? null : workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      boolean exited = process.waitFor(2, TimeUnit.MINUTES);
      if (!exited) {
        process.destroyForcibly();
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (!exited || process.exitValue() != 0) {
        throw new IllegalStateException("Command " + (exited ? "failed (exit " + process.exitValue() + ")" : "timed out")
            + ": " + String.join(" ", command) + "\n--- output ---\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("Could not run: " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running: " + String.join(" ", command), e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException ignored) {
          // a stray temp file is harmless
        }
      }
    }
  }

  /**
   * Creates a fresh directory under {@code java.io.tmpdir} that the server user owns and may
   * write to.
   */
  static Path newServerOwnedTempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      if (ROOT) {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName(SERVER_USER));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a temp dir for " + SERVER_USER, e);
    }
  }

  private static String pickServerUser() {
    try {
      FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      return "postgres";
    } catch (UserPrincipalNotFoundException e) {
      return "nobody";
    } catch (IOException e) {
      throw new UncheckedIOException("Could not look up OS user 'postgres'", e);
    }
  }
}
