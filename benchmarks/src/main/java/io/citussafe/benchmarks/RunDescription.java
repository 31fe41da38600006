package io.citussafe.benchmarks;

import static io.citussafe.benchmarks.Cells.format1;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What the figures were measured on and when: the first table of the report. Taken from the
 * machine, the build and the servers by {@link #of}; a test makes one of fixed values.
 *
 * @param machine CPU model, cores, memory and operating system
 * @param loads the system load average when each JMH run started, and at the end
 * @param jdk the JVM's name and version
 * @param versions {@code versions.properties}: the versions of citussafe, pgjdbc, the peers and JMH
 * @param commit {@code " (commit abc1234)"}, or empty outside a git checkout
 * @param postgres the embedded PostgreSQL's version
 * @param citus the Citus cluster's version and shard count, or null when there was no cluster
 * @param noCitus why there was no Citus cluster, or null when there was one
 */
record RunDescription(ZonedDateTime started, ZonedDateTime finished, String machine, List<Double> loads, String jdk,
    Properties versions, String commit, String postgres, String citus, String noCitus) {

  /** This machine, this build, and the servers at {@code postgresUrl} and {@code citusUrl} (null: none). */
  static RunDescription of(ZonedDateTime started, ZonedDateTime finished, List<Double> loads, String postgresUrl,
      String citusUrl, String noCitus) {
    String machine = cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + memoryGiB() + " GiB, "
        + System.getProperty("os.name") + ' ' + System.getProperty("os.version");
    String jdk = System.getProperty("java.vm.name") + ' ' + System.getProperty("java.runtime.version");
    String postgres = serverVersion(postgresUrl, "SHOW server_version");
    String citus = citusUrl == null ? null
        : serverVersion(citusUrl, "SELECT citus_version()") + "; coordinator and 2 workers on loopback, "
            + serverVersion(citusUrl, "SHOW citus.shard_count") + " shards per table";
    return new RunDescription(started, finished, machine, List.copyOf(loads), jdk, readVersions(), gitCommit(), postgres,
        citus, noCitus);
  }

  boolean citusSkipped() {
    return citus == null;
  }

  void render(StringBuilder md, RunSize size) {
    md.append("\n## The run\n\n");
    md.append("| | |\n|---|---|\n");
    md.append("| date | ").append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")))
        .append(", ").append(Math.max(1, Duration.between(started, finished).toMinutes())).append(" minutes |\n");
    md.append("| machine | ").append(machine).append(" |\n");
    md.append("| shared | load average ").append(format1(Collections.min(loads))).append(" to ")
        .append(format1(Collections.max(loads))).append(" (median ").append(format1(Samples.percentile(loads, 50)))
        .append(") when the runs started: other work shared the cores |\n");
    md.append("| JDK | ").append(jdk).append(" |\n");
    md.append("| citussafe | ").append(versions.getProperty("citussafe")).append(commit).append(" |\n");
    md.append("| pgjdbc | ").append(versions.getProperty("pgjdbc")).append(" |\n");
    md.append("| peers | P6Spy ").append(versions.getProperty("p6spy")).append(", datasource-proxy ")
        .append(versions.getProperty("datasource-proxy")).append(", AWS Advanced JDBC Wrapper ")
        .append(versions.getProperty("aws-advanced-jdbc-wrapper")).append(" |\n");
    md.append("| PostgreSQL | ").append(postgres).append(" (embedded, loopback) |\n");
    md.append("| Citus | ").append(citus == null ? "none: " + noCitus : citus).append(" |\n");
    md.append("| JMH | ").append(versions.getProperty("jmh")).append(size.quick() ? " (--quick: a check of the "
        + "report, not a measurement)" : "").append(", ").append(size.rounds)
        .append(" forks per combination (one per round); ns benchmarks 3 × 0.5 s warm-up, 5 × 0.5 s measured "
            + "per fork, with `-prof gc` and `-prof io.citussafe.benchmarks.CpuTimeProfiler`; end to end 3 × 1 s, "
            + "5 × 1 s; Citus single shots, 1 warm-up and 3 measured per fork |\n");
    md.append("| figures | medians of the measured iterations of both forks; ± is half their interquartile range; "
        + "\"added\" is a wrapper's median minus the median of the same benchmark without it, from the same run; "
        + "over the stub in CPU time per operation, which a neighbour's load does not inflate |\n");
    md.append("\nRe-run: `mvn -B -q -ntp -pl benchmarks -am package -DskipTests && "
        + "java -cp benchmarks/target/benchmarks.jar io.citussafe.benchmarks.Report`\n");
  }

  private static Properties readVersions() {
    Properties versions = new Properties();
    try (InputStream in = RunDescription.class.getResourceAsStream("versions.properties")) {
      if (in != null) {
        versions.load(in);
      }
    } catch (IOException e) {
      // the versions are named as unknown ("null") in the table
    }
    return versions;
  }

  private static String cpu() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private static long memoryGiB() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return Math.round(sun.getTotalMemorySize() / (double) (1L << 30));
    }
    return -1;
  }

  private static String gitCommit() {
    try {
      Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? " (commit " + out + ")" : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static String serverVersion(String url, String query) {
    try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(query)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
