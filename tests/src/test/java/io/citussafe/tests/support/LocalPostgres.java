package io.citussafe.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A throwaway PostgreSQL server: {@code initdb}, {@code pg_ctl start -w}, and {@code pg_ctl stop}
 * at JVM exit, all from one bin directory, as {@link OsCommands#serverUser()}.
 *
 * <p>Layout: {@code <tmp>/citussafe-pg-<name>-N/} is owned by the server user and holds
 * {@code data/}, {@code server.log} and the Unix socket. There is no sleeping anywhere: {@code
 * pg_ctl -w} returns once the server accepts connections.
 */
final class LocalPostgres {

  /** Settings every test server gets: loopback only, and durability off because data is thrown away. */
  private static final Map<String, String> BASE_SETTINGS = Map.of(
      "fsync", "off",
      "synchronous_commit", "off",
      "full_page_writes", "off",
      "max_connections", "200");

  private final Path binDir;
  private final Path dataDir;
  private final Path logFile;
  private final int port;

  private LocalPostgres(Path binDir, Path dataDir, Path logFile, int port) {
    this.binDir = binDir;
    this.dataDir = dataDir;
    this.logFile = logFile;
    this.port = port;
  }

  int port() {
    return port;
  }

  /**
   * Initialises and starts a server on {@code port} (see {@link #freeLoopbackPorts}).
   *
   * @param extraSettings postgresql.conf settings on top of the base ones, values already quoted
   *     as the file wants them
   * @throws IllegalStateException if initdb or the start fails; the message holds the output and
   *     the server log
   */
  static LocalPostgres start(Path binDir, String name, int port, Map<String, String> extraSettings) {
    return start(binDir, name, port, extraSettings, null);
  }

  /**
   * As {@link #start(Path, String, int, Map)}; with a {@code superuserPassword}, TCP connections
   * must give their role's password (scram-sha-256), so wrong passwords fail as on a real server.
   */
  static LocalPostgres start(Path binDir, String name, int port, Map<String, String> extraSettings,
      String superuserPassword) {
    Path home = OsCommands.newServerOwnedTempDir("citussafe-pg-" + name + "-");
    Path dataDir = home.resolve("data");
    Path logFile = home.resolve("server.log");
    LocalPostgres server = new LocalPostgres(binDir, dataDir, logFile, port);
    // Registered before starting, so a server that came up although pg_ctl reported a failure
    // is still stopped; stopping a server that is not running only fails quietly.
    Cleanup.deleteAtExit(home);
    Cleanup.atExit("stop PostgreSQL in " + dataDir, server::stop);

    List<String> initdb = new ArrayList<>(List.of(bin(binDir, "initdb"), "-D", dataDir.toString(),
        "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"));
    if (superuserPassword == null) {
      initdb.addAll(List.of("-A", "trust"));
    } else {
      Path passwordFile = home.resolve("superuser.password");
      try {
        Files.writeString(passwordFile, superuserPassword + "\n", StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("Could not write " + passwordFile, e);
      }
      initdb.addAll(List.of("--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + passwordFile));
    }
    OsCommands.runAsServerUser(initdb, home);

    Map<String, String> settings = new LinkedHashMap<>(BASE_SETTINGS);
    settings.put("port", Integer.toString(port));
    settings.put("listen_addresses", "'127.0.0.1'");
    // The socket path is limited to ~107 bytes; with a long java.io.tmpdir go TCP-only.
    settings.put("unix_socket_directories", home.toString().length() < 80 ? "'" + home + "'" : "''");
    settings.putAll(extraSettings);
    StringBuilder conf = new StringBuilder("\n# added by the citussafe test harness\n");
    settings.forEach((key, value) -> conf.append(key).append(" = ").append(value).append('\n'));
    try {
      // Appending as root keeps the file's owner, so the server can still read it.
      Files.writeString(dataDir.resolve("postgresql.conf"), conf, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write postgresql.conf in " + dataDir, e);
    }

    try {
      OsCommands.runAsServerUser(List.of(bin(binDir, "pg_ctl"), "start", "-w", "-t", "60",
          "-D", dataDir.toString(), "-l", logFile.toString()), home);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(e.getMessage() + "\n--- " + logFile + " ---\n" + readLog(logFile), e);
    }
    return server;
  }

  /**
   * Picks {@code count} distinct free TCP ports on 127.0.0.1. All sockets are held open until
   * every port is chosen, so the ports differ from each other; another process may still take
   * one before our server binds it, which is rare enough to accept.
   */
  static int[] freeLoopbackPorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find a free loopback port", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // the port is released either way
        }
      }
    }
  }

  private void stop() {
    if (Files.exists(dataDir.resolve("postmaster.pid"))) {
      OsCommands.runAsServerUser(List.of(bin(binDir, "pg_ctl"), "stop", "-m", "fast", "-w",
          "-D", dataDir.toString()), dataDir.getParent());
    }
  }

  private static String bin(Path binDir, String program) {
    return binDir.resolve(program).toString();
  }

  private static String readLog(Path logFile) {
    try {
      return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "(no log)";
    } catch (IOException e) {
      return "(could not read log: " + e + ")";
    }
  }
}
