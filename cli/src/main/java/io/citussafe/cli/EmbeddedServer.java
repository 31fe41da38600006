package io.citussafe.cli;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A throwaway PostgreSQL for the demo, from the binaries in zonky's Maven artifacts (inside this
 * jar): unpacked into a temporary folder, {@code initdb}, {@code pg_ctl start -w} on a free
 * loopback port, and stopped and deleted on {@link #close()} (or when the JVM exits).
 *
 * <p>PostgreSQL refuses to run as root ({@code initdb: cannot be run as root}); containers and CI
 * machines often are root. Then the server's commands run through {@code runuser -u <user> --}
 * as {@code postgres} when that user exists, else {@code nobody}, and the folders they write to
 * belong to that user. The tests' harness does the same; this copy is the command's own, since a
 * jar cannot use test code at run time.
 */
final class EmbeddedServer implements AutoCloseable {

  private static final boolean ROOT = isRoot();

  private final Path home;
  private final Path binDir;
  private final Path dataDir;
  private final int port;
  private final String serverUser;
  private final Thread cleanupHook;
  private boolean closed;

  private EmbeddedServer(Path home, int port, String serverUser) {
    this.home = home;
    this.binDir = home.resolve("bin");
    this.dataDir = home.resolve("data");
    this.port = port;
    this.serverUser = serverUser;
    this.cleanupHook = new Thread(this::stopAndDelete, "citussafe-embedded-postgres-cleanup");
  }

  /**
   * Unpacks, initialises and starts a server.
   *
   * @throws CliException when there are no binaries for this system or a step fails
   */
  static EmbeddedServer start(Progress progress) {
    String user = ROOT ? pickServerUser() : System.getProperty("user.name");
    Path home = serverOwnedTempDir("citussafe-demo-", user);
    EmbeddedServer server = new EmbeddedServer(home, freeLoopbackPort(), user);
    Runtime.getRuntime().addShutdownHook(server.cleanupHook);
    try {
      progress.phase("unpacking the embedded PostgreSQL");
      unpack(home);
      progress.phase("initialising a database cluster (initdb)");
      server.runAsServerUser(List.of(server.bin("initdb"), "-D", server.dataDir.toString(), "-A", "trust",
          "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"));
      String conf = "\n# written by citussafe demo\nport = " + server.port + "\nlisten_addresses = '127.0.0.1'\n"
          + "unix_socket_directories = '" + (home.toString().length() < 80 ? home.toString() : "") + "'\n"
          + "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
      // appending as root keeps the file's owner, so the server can still read it
      Files.writeString(server.dataDir.resolve("postgresql.conf"), conf, StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      progress.phase("starting PostgreSQL on 127.0.0.1:" + server.port);
      server.runAsServerUser(List.of(server.bin("pg_ctl"), "start", "-w", "-t", "60", "-D",
          server.dataDir.toString(), "-l", home.resolve("server.log").toString()));
      progress.done("embedded PostgreSQL started on 127.0.0.1:" + server.port);
      return server;
    } catch (IOException | RuntimeException e) {
      progress.done(null);
      server.close();
      if (e instanceof CliException c) {
        throw c;
      }
      throw CliException.runtime("could not start the embedded PostgreSQL: " + e.getMessage(),
          "run with --verbose for details, or point the demo at a server with --url", e);
    }
  }

  /** A pgjdbc URL of the server's {@code postgres} database as the {@code postgres} superuser. */
  String pgjdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopAndDelete();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs, and finds nothing left to do
    }
  }

  private void stopAndDelete() {
    try {
      if (Files.exists(dataDir.resolve("postmaster.pid"))) {
        runAsServerUser(List.of(bin("pg_ctl"), "stop", "-m", "fast", "-w", "-D", dataDir.toString()));
      }
    } catch (RuntimeException e) {
      // deleting the folder below is still worth doing
    }
    deleteRecursively(home);
  }

  private String bin(String program) {
    return binDir.resolve(program).toString();
  }

  private void runAsServerUser(List<String> command) {
    List<String> full = new ArrayList<>();
    if (ROOT) {
      full.addAll(List.of("runuser", "-u", serverUser, "--"));
    }
    full.addAll(command);
    Path output = null;
    try {
      // output to a file, not a pipe: pg_ctl leaves a daemon behind that would hold a pipe open
      output = Files.createTempFile("citussafe-demo", ".out");
      Process process = new ProcessBuilder(full).directory(home.toFile()).redirectErrorStream(true)
          .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      boolean exited = process.waitFor(2, TimeUnit.MINUTES);
      if (!exited) {
        process.destroyForcibly();
      }
      if (!exited || process.exitValue() != 0) {
        String text = Files.readString(output, StandardCharsets.UTF_8).strip();
        Path log = home.resolve("server.log");
        String serverLog = Files.exists(log) ? "\n" + Files.readString(log, StandardCharsets.UTF_8).strip() : "";
        throw new IllegalStateException(Paths.get(command.get(0)).getFileName() + " "
            + (exited ? "failed (exit " + process.exitValue() + ")" : "timed out") + ": " + text + serverLog);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + String.join(" ", full), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
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

  private static void unpack(Path root) throws IOException {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch");
    if (os.startsWith("windows")) {
      throw CliException.runtime("the demo's embedded PostgreSQL runs on Linux and macOS only",
          "run the demo against a server of yours: citussafe demo --url jdbc:citussafe:postgresql://host/db");
    }
    String system = os.startsWith("mac") ? "Darwin" : "Linux";
    try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, arch)) {
      if (txz == null) {
        throw CliException.runtime("no embedded PostgreSQL binaries for " + system + "/" + arch,
            "run the demo against a server of yours: citussafe demo --url jdbc:citussafe:postgresql://host/db");
      }
      try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(txz)))) {
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
          Path target = root.resolve(entry.getName()).normalize();
          if (!target.startsWith(root)) {
            throw new IOException("archive entry escapes its folder: " + entry.getName());
          }
          Files.createDirectories(target.getParent());
          if (entry.isDirectory()) {
            Files.createDirectories(target);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
          } else if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(target, Paths.get(entry.getLinkName()));
          } else if (entry.isLink()) {
            Files.createLink(target, root.resolve(entry.getLinkName()).normalize());
          } else {
            Files.copy(tar, target);
            // keep the archive's exec bits; everyone may read, as the server user may not be us
            Files.setPosixFilePermissions(target, permissions(entry.getMode() | 0444));
          }
        }
      }
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    StringBuilder rwx = new StringBuilder(9);
    String letters = "rwxrwxrwx";
    for (int bit = 8; bit >= 0; bit--) {
      rwx.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
    }
    return PosixFilePermissions.fromString(rwx.toString());
  }

  private static Path serverOwnedTempDir(String prefix, String user) {
    try {
      Path dir = Files.createTempDirectory(prefix);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      if (ROOT) {
        Files.getFileAttributeView(dir, PosixFileAttributeView.class)
            .setOwner(dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user));
      }
      return dir;
    } catch (IOException e) {
      throw CliException.runtime("could not create a temporary folder for PostgreSQL: " + e.getMessage(),
          "check that java.io.tmpdir (" + System.getProperty("java.io.tmpdir") + ") is writable");
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw CliException.runtime("could not find a free port on 127.0.0.1: " + e.getMessage(), null);
    }
  }

  private static boolean isRoot() {
    try {
      return new UnixSystem().getUid() == 0;
    } catch (Throwable e) {
      // not a Unix system: no root to avoid
      return false;
    }
  }

  private static String pickServerUser() {
    try {
      FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      return "postgres";
    } catch (UserPrincipalNotFoundException e) {
      return "nobody";
    } catch (IOException e) {
      throw new UncheckedIOException("could not look up the OS user postgres", e);
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
    } catch (IOException | UncheckedIOException e) {
      // best effort: a leftover temporary folder is harmless
    }
  }
}
