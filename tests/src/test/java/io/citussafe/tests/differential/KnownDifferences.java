package io.citussafe.tests.differential;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The differences the tester accepts, from {@code differential/known-differences.txt}: each entry
 * names the kind of difference, the statement it comes from, the route, why it is accepted, and
 * whether it is a refusal with a hint, a documented behaviour or a defect still open (with its
 * minimal reproducer). A difference no entry matches fails the test.
 */
final class KnownDifferences {

  static final String RESOURCE = "/differential/known-differences.txt";

  /**
   * @param id short name, in brackets in the file
   * @param status {@code refused}, {@code expected} or {@code open-defect}
   * @param route {@code citus}, {@code plain} or {@code any}
   * @param kind the {@link Difference.Kind} it covers
   * @param statement found in the statement whose outcome differs, or after which the state first differs
   * @param detail found in the difference's detail; null matches any
   */
  record Entry(String id, String status, String route, Difference.Kind kind, Pattern statement, Pattern detail,
      String reason) {

    boolean matches(Difference d, Route on) {
      if (d.kind() != kind || !(route.equals("any") || route.equals(on.citus() ? "citus" : "plain"))) {
        return false;
      }
      if (detail != null && !detail.matcher(d.detail()).find()) {
        return false;
      }
      return d.statement() != null && statement.matcher(d.statement()).find();
    }
  }

  private final List<Entry> entries;

  private KnownDifferences(List<Entry> entries) {
    this.entries = entries;
  }

  static KnownDifferences load() {
    try (InputStream in = KnownDifferences.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new KnownDifferences(parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Entry> entries() {
    return entries;
  }

  /** The first entry that covers the difference, or null for a defect nobody has written down. */
  Entry match(Difference d, Route on) {
    return entries.stream().filter(e -> e.matches(d, on)).findFirst().orElse(null);
  }

  private static List<Entry> parse(BufferedReader reader) throws IOException {
    List<Entry> entries = new ArrayList<>();
    List<String[]> fields = new ArrayList<>();
    String id = null;
    for (String line = reader.readLine(); ; line = reader.readLine()) {
      if (line == null || line.startsWith("[")) {
        if (id != null) {
          entries.add(entry(id, fields));
        }
        if (line == null) {
          return entries;
        }
        id = line.substring(1, line.indexOf(']'));
        fields.clear();
      } else if (!line.isBlank() && !line.startsWith("#")) {
        int colon = line.indexOf(':');
        if (colon < 0 || id == null) {
          throw new IllegalStateException(RESOURCE + ": expected 'key: value' in an entry, got: " + line);
        }
        fields.add(new String[] {line.substring(0, colon).strip(), line.substring(colon + 1).strip()});
      }
    }
  }

  private static Entry entry(String id, List<String[]> fields) {
    String status = field(id, fields, "status", true);
    if (!List.of("refused", "expected", "open-defect").contains(status)) {
      throw new IllegalStateException(RESOURCE + ": [" + id + "] status must be refused, expected or open-defect");
    }
    if (status.equals("open-defect") && field(id, fields, "reproducer", false) == null) {
      throw new IllegalStateException(RESOURCE + ": [" + id + "] an open defect needs its reproducer");
    }
    String detail = field(id, fields, "detail", false);
    return new Entry(id, status, field(id, fields, "route", true),
        Difference.Kind.valueOf(field(id, fields, "kind", true)),
        Pattern.compile(field(id, fields, "statement", true), Pattern.CASE_INSENSITIVE),
        detail == null ? null : Pattern.compile(detail, Pattern.CASE_INSENSITIVE), field(id, fields, "reason", true));
  }

  private static String field(String id, List<String[]> fields, String key, boolean required) {
    for (String[] f : fields) {
      if (f[0].equals(key)) {
        return f[1];
      }
    }
    if (required) {
      throw new IllegalStateException(RESOURCE + ": [" + id + "] has no " + key);
    }
    return null;
  }
}
