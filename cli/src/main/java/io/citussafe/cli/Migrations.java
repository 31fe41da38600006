package io.citussafe.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds migrations in files and folders and puts them in the order a tool runs them:
 * Flyway versioned scripts ({@code V<version>__<description>.sql}) by version, compared number by
 * number ({@code 1.10} after {@code 1.9}); then Flyway repeatables ({@code R__…}) by description;
 * then Liquibase formatted SQL changelogs and other {@code .sql} files, in the order found.
 */
final class Migrations {

  /**
   * One unit that runs as a whole: a Flyway script or a Liquibase changeset.
   *
   * @param file the path as the user named it, for reports and annotations
   * @param label how reports name it: the file name, with {@code changeset author:id} for Liquibase
   * @param transactional whether the tool runs it inside one transaction
   * @param text the SQL
   * @param firstLine the line of the file on which {@code text} starts (1-based)
   */
  record Unit(String file, String label, boolean transactional, String text, int firstLine) {
  }

  private static final Pattern VERSIONED = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__(.+)\\.sql");
  private static final Pattern REPEATABLE = Pattern.compile("R__(.+)\\.sql");
  private static final Pattern UNDO = Pattern.compile("U[0-9].*__.+\\.sql");
  private static final Pattern LIQUIBASE_HEADER = Pattern.compile("--\\s*liquibase\\s+formatted\\s+sql.*",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern CHANGESET = Pattern.compile("--\\s*changeset\\s+(\\S+)(.*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern FLYWAY_HINT = Pattern.compile("--\\s*flyway:\\s*executeInTransaction\\s*=\\s*(\\w+).*",
      Pattern.CASE_INSENSITIVE);

  private Migrations() {
  }

  /**
   * The units of every {@code .sql} file under {@code paths}, in run order.
   *
   * @throws CliException when a path does not exist, a file cannot be read, two scripts share a
   *     version, or no migration is found
   */
  static List<Unit> read(List<Path> paths) {
    List<Path[]> files = new ArrayList<>(); // {as named, real}
    for (Path path : paths) {
      if (!Files.exists(path)) {
        throw CliException.usage("no such file or folder: " + path, "name Flyway or Liquibase .sql files, or folders holding them");
      }
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".sql"))
              .sorted(Comparator.comparing(Path::toString))
              .forEach(p -> files.add(new Path[] {path.resolve(path.relativize(p)), p}));
        } catch (IOException e) {
          throw CliException.runtime("cannot read the folder " + path + ": " + e.getMessage(), "check its permissions");
        }
      } else {
        files.add(new Path[] {path, path});
      }
    }
    List<Object[]> versioned = new ArrayList<>(); // {BigInteger[] version, Unit}
    List<Object[]> repeatable = new ArrayList<>();
    List<Unit> others = new ArrayList<>();
    Map<String, String> versions = new LinkedHashMap<>();
    for (Path[] file : files) {
      String name = file[1].getFileName().toString();
      String text = readText(file[1]);
      String shown = file[0].toString();
      if (isLiquibase(text)) {
        others.addAll(liquibase(shown, name, text));
        continue;
      }
      Matcher v = VERSIONED.matcher(name);
      Matcher r = REPEATABLE.matcher(name);
      if (v.matches()) {
        BigInteger[] version = version(v.group(1));
        String key = versionKey(version);
        String previous = versions.put(key, shown);
        if (previous != null) {
          throw CliException.runtime("two migrations have version " + v.group(1) + ": " + previous + " and " + shown,
              "Flyway refuses this too; give one of them a new version");
        }
        versioned.add(new Object[] {version, flyway(shown, name, text, file[1])});
      } else if (r.matches()) {
        repeatable.add(new Object[] {r.group(1), flyway(shown, name, text, file[1])});
      } else if (!UNDO.matcher(name).matches()) {
        // a plain script, as psql runs it: each statement on its own
        others.add(new Unit(shown, name, false, text, 1));
      }
    }
    versioned.sort((a, b) -> compare((BigInteger[]) a[0], (BigInteger[]) b[0]));
    repeatable.sort(Comparator.comparing(a -> (String) a[0]));
    List<Unit> units = new ArrayList<>();
    versioned.forEach(a -> units.add((Unit) a[1]));
    repeatable.forEach(a -> units.add((Unit) a[1]));
    units.addAll(others);
    if (units.isEmpty()) {
      throw CliException.usage("no migrations found in " + paths,
          "plan reads Flyway scripts (V1__name.sql, R__name.sql), Liquibase formatted SQL and other .sql files");
    }
    return units;
  }

  private static String readText(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CliException.runtime("cannot read " + file + ": " + e.getMessage(), "check that it is a UTF-8 text file");
    }
  }

  /**
   * A Flyway script: transactional unless a {@code -- flyway:executeInTransaction=false} line or a
   * {@code <script>.conf} beside it ({@code executeInTransaction=false}) says otherwise.
   */
  private static Unit flyway(String shown, String name, String text, Path real) {
    boolean transactional = true;
    for (String line : text.split("\n", -1)) {
      Matcher hint = FLYWAY_HINT.matcher(line.trim());
      if (hint.matches()) {
        transactional = !hint.group(1).equalsIgnoreCase("false");
      }
    }
    Path conf = real.resolveSibling(name + ".conf");
    if (Files.isRegularFile(conf)) {
      Properties properties = new Properties();
      try (var in = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
        properties.load(in);
      } catch (IOException e) {
        throw CliException.runtime("cannot read " + conf + ": " + e.getMessage(), "check its permissions");
      }
      String value = properties.getProperty("executeInTransaction");
      if (value != null) {
        transactional = !value.trim().equalsIgnoreCase("false");
      }
    }
    return new Unit(shown, name, transactional, text, 1);
  }

  static boolean isLiquibase(String text) {
    for (String line : text.split("\n", -1)) {
      String trimmed = line.trim();
      if (!trimmed.isEmpty()) {
        return LIQUIBASE_HEADER.matcher(trimmed).matches();
      }
    }
    return false;
  }

  /**
   * The changesets of a Liquibase formatted SQL changelog, in file order. A changeset runs in a
   * transaction unless it says {@code runInTransaction:false}.
   */
  static List<Unit> liquibase(String shown, String name, String text) {
    List<Unit> units = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    String id = null;
    boolean transactional = true;
    StringBuilder body = new StringBuilder();
    int bodyLine = 0;
    for (int k = 0; k <= lines.length; k++) {
      Matcher changeset = k < lines.length ? CHANGESET.matcher(lines[k].trim()) : null;
      if (k == lines.length || changeset.matches()) {
        if (id != null) {
          units.add(new Unit(shown, name + " changeset " + id, transactional, body.toString(), bodyLine));
        }
        if (k == lines.length) {
          break;
        }
        id = changeset.group(1);
        transactional = !changeset.group(2).toLowerCase(Locale.ROOT).matches(".*\\brunintransaction:\\s*false\\b.*");
        body.setLength(0);
        bodyLine = k + 2;
      } else if (id != null) {
        // --rollback and --comment lines are comments, which the splitter skips
        body.append(lines[k]).append('\n');
      }
    }
    return units;
  }

  static BigInteger[] version(String text) {
    String[] parts = text.split("[._]");
    BigInteger[] version = new BigInteger[parts.length];
    for (int k = 0; k < parts.length; k++) {
      version[k] = new BigInteger(parts[k]);
    }
    return version;
  }

  /** Numbers compared in order; missing trailing parts count as 0, so {@code 1} and {@code 1.0} are equal. */
  static int compare(BigInteger[] a, BigInteger[] b) {
    for (int k = 0; k < Math.max(a.length, b.length); k++) {
      BigInteger x = k < a.length ? a[k] : BigInteger.ZERO;
      BigInteger y = k < b.length ? b[k] : BigInteger.ZERO;
      int c = x.compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static String versionKey(BigInteger[] version) {
    int end = version.length;
    while (end > 1 && version[end - 1].signum() == 0) {
      end--;
    }
    StringBuilder key = new StringBuilder();
    for (int k = 0; k < end; k++) {
      key.append(k == 0 ? "" : ".").append(version[k]);
    }
    return key.toString();
  }
}
