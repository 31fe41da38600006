package io.citussafe.cli;

import io.citussafe.cli.Finding.Level;
import io.citussafe.cli.Review.Statement;
import io.citussafe.rewriter.SqlText;
import java.util.ArrayList;
import java.util.List;

/** The review written for people ({@code text}), for CI ({@code json}) or as GitHub annotations ({@code github}). */
final class PlanReport {

  private static final int COLUMNS = 100;
  private static final String INDENT = "               ";

  private PlanReport() {
  }

  static String text(Review.Result result, Level failOn) {
    StringBuilder out = new StringBuilder();
    out.append("citussafe plan: offline review of ").append(plural(result.units().size(), "migration"))
        .append(" as they would run through jdbc:citussafe: on Citus (no database used)\n");
    Migrations.Unit current = null;
    for (Statement s : result.statements()) {
      if (s.unit() != current) {
        current = s.unit();
        out.append('\n').append(current.file());
        if (!current.label().equals(fileName(current.file()))) {
          out.append(" (").append(current.label().substring(fileName(current.file()).length()).trim()).append(')');
        }
        out.append(current.transactional() ? "  [in a transaction]" : "  [no transaction]").append('\n');
      }
      String number = String.format("%4d", s.line());
      out.append(number).append("  ").append(String.format("%-8s", s.verdict().lower())).append(' ')
          .append(shorten(SqlText.oneLine(s.sql()), COLUMNS - INDENT.length())).append('\n');
      if (!s.runs().isEmpty()) {
        out.append(INDENT).append("citussafe runs:\n");
        for (String run : s.runs()) {
          wrap(out, INDENT + "  " + run, INDENT + "      ");
        }
      }
      for (Finding f : s.findings()) {
        wrap(out, INDENT + f.level().lower() + " [" + f.code() + "]: " + f.message(), INDENT + "  ");
      }
    }
    out.append('\n').append(summary(result, failOn)).append('\n');
    return out.toString();
  }

  static String summary(Review.Result result, Level failOn) {
    return plural(result.units().size(), "migration") + ", " + plural(result.statements().size(), "statement") + ": "
        + result.count(Verdict.PASS) + " pass through, " + result.count(Verdict.REWRITE) + " rewritten, "
        + result.count(Verdict.REFUSE) + " refused. Findings: " + plural(result.count(Level.ERROR), "error") + ", "
        + plural(result.count(Level.WARNING), "warning") + ", " + result.count(Level.INFO) + " info"
        + (failOn == null ? " (--fail-on none)."
            : result.reaches(failOn) ? "; at or above --fail-on " + failOn.lower() + ": exit 1."
            : "; none at or above --fail-on " + failOn.lower() + ".");
  }

  static String json(Review.Result result, Level failOn) {
    Json j = new Json();
    j.open('{');
    j.field("tool").value("citussafe plan");
    j.field("assumes").value("Citus, statements run through jdbc:citussafe:");
    j.field("migrations").open('[');
    for (Migrations.Unit u : result.units()) {
      j.open('{');
      j.field("file").value(u.file());
      j.field("migration").value(u.label());
      j.field("transactional").value(u.transactional());
      j.close('}');
    }
    j.close(']');
    j.field("statements").open('[');
    for (Statement s : result.statements()) {
      j.open('{');
      j.field("file").value(s.unit().file());
      j.field("migration").value(s.unit().label());
      j.field("line").value(s.line());
      j.field("sql").value(s.sql());
      j.field("verdict").value(s.verdict().lower());
      j.field("runs").open('[');
      for (String run : s.runs()) {
        j.value(run);
      }
      j.close(']');
      j.field("findings").open('[');
      for (Finding f : s.findings()) {
        j.open('{');
        j.field("level").value(f.level().lower());
        j.field("code").value(f.code());
        j.field("message").value(f.message());
        j.close('}');
      }
      j.close(']');
      j.close('}');
    }
    j.close(']');
    j.field("summary").open('{');
    j.field("migrations").value(result.units().size());
    j.field("statements").value(result.statements().size());
    j.field("pass").value(result.count(Verdict.PASS));
    j.field("rewrite").value(result.count(Verdict.REWRITE));
    j.field("refuse").value(result.count(Verdict.REFUSE));
    j.field("error").value(result.count(Level.ERROR));
    j.field("warning").value(result.count(Level.WARNING));
    j.field("info").value(result.count(Level.INFO));
    j.field("failOn").value(failOn == null ? "none" : failOn.lower());
    j.field("failed").value(result.reaches(failOn));
    j.close('}');
    j.close('}');
    return j.toString() + "\n";
  }

  /** GitHub Actions workflow commands: one annotation per finding, on the statement's line. */
  static String github(Review.Result result, Level failOn) {
    StringBuilder out = new StringBuilder();
    for (Statement s : result.statements()) {
      for (Finding f : s.findings()) {
        annotation(out, f.level(), "file=" + property(s.unit().file()) + ",line=" + s.line() + ",", f.code(), f.message());
      }
    }
    out.append(summary(result, failOn)).append('\n');
    return out.toString();
  }

  /**
   * One GitHub Actions annotation: {@code ::error file=…,line=…,title=citussafe <code>::<message>}.
   *
   * @param where {@code file=…,line=…,} (escaped, ending in a comma), or empty for a finding without a file
   */
  static void annotation(StringBuilder out, Level level, String where, String code, String message) {
    String command = level == Level.ERROR ? "error" : level == Level.WARNING ? "warning" : "notice";
    out.append("::").append(command).append(' ').append(where).append("title=").append(property("citussafe " + code))
        .append("::").append(data(message)).append('\n');
  }

  private static String data(String text) {
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  static String property(String text) {
    return data(text).replace(":", "%3A").replace(",", "%2C");
  }

  static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }

  private static String fileName(String path) {
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return path.substring(slash + 1);
  }

  static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  /** Appends {@code text} wrapped at {@link #COLUMNS} on spaces, later lines starting with {@code indent}. */
  static void wrap(StringBuilder out, String text, String indent) {
    List<String> lines = new ArrayList<>();
    String rest = text;
    while (rest.length() > COLUMNS) {
      int cut = rest.lastIndexOf(' ', COLUMNS);
      if (cut <= indent.length()) {
        cut = rest.indexOf(' ', COLUMNS);
        if (cut < 0) {
          break;
        }
      }
      lines.add(rest.substring(0, cut));
      rest = indent + rest.substring(cut + 1);
    }
    lines.add(rest);
    for (String line : lines) {
      out.append(line).append('\n');
    }
  }
}
