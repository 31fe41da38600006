package io.citussafe.tests.histories;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One public migration history of the list file: where it comes from (a git URL and the commit it
 * is pinned to), which tool applies it, and where its migrations are inside the repository.
 *
 * @param path the migrations folder (Flyway) or the master changelog (Liquibase); for Liquibase a
 *     {@code //} in it separates the folder the changelog's includes are relative to (its
 *     classpath root) from the changelog's path below it
 * @param options {@code key=value} pairs: {@code flyway.*} settings given to Flyway as they are,
 *     {@code param.<name>} Liquibase changelog parameters, {@code tenant} the column a multi-tenant
 *     history is distributed by
 */
record History(String name, String url, String commit, String tool, String path, Map<String, String> options,
    String notes) {

  /**
   * Reads the list file: one history a line, tab-separated {@code name url commit tool path [options
   * [notes]]}, options separated by {@code ;}; {@code #} starts a comment line.
   *
   * @throws IllegalArgumentException naming the line when a line has too few fields or an unknown tool
   */
  static List<History> read(Path file) throws IOException {
    List<History> histories = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      if (f.length < 5 || !(f[3].equals("flyway") || f[3].equals("liquibase"))) {
        throw new IllegalArgumentException(file + " line " + (i + 1)
            + ": expected name, url, commit, flyway|liquibase, path [, options [, notes]] separated by tabs: " + line);
      }
      Map<String, String> options = new LinkedHashMap<>();
      if (f.length > 5) {
        for (String option : f[5].split(";")) {
          int eq = option.indexOf('=');
          if (eq > 0) {
            options.put(option.substring(0, eq).trim(), option.substring(eq + 1).trim());
          }
        }
      }
      histories.add(new History(f[0], f[1], f[2], f[3], f[4], options, f.length > 6 ? f[6] : ""));
    }
    return histories;
  }

  /** The column of a multi-tenant history, or null. */
  String tenantColumn() {
    return options.get("tenant");
  }

  /** The options whose key starts with {@code prefix}, the prefix kept or cut. */
  Map<String, String> options(String prefix, boolean cut) {
    Map<String, String> selected = new LinkedHashMap<>();
    options.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        selected.put(cut ? k.substring(prefix.length()) : k, v);
      }
    });
    return selected;
  }

  /** The short commit, for tables. */
  String shortCommit() {
    return commit.substring(0, Math.min(10, commit.length()));
  }
}
