package io.citussafe.tests.histories;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown the runner writes: one row per history, then where and why each route stopped. */
final class Report {

  private final List<String> rows = new ArrayList<>();
  private final List<String> details = new ArrayList<>();

  void add(History history, Map<Route, Outcome> outcomes) {
    StringBuilder row = new StringBuilder("| [" + history.name() + "](" + history.url().replaceAll("\\.git$", "")
        + "/tree/" + history.commit() + ") `" + history.shortCommit() + "` | " + history.tool() + " | ");
    // what the tool applied on plain PostgreSQL through pgjdbc, when it applied everything, is the history
    Outcome first = outcomes.values().iterator().next();
    long total = first.complete() ? first.applied() : first.total();
    row.append(total).append(" |");
    for (Route route : Route.values()) {
      Outcome o = outcomes.get(route);
      row.append(' ').append(o == null ? "–" : o.applied() + (o.complete() ? " ✓" : " ✗")).append(" |");
      if (route == Route.PLAIN_CITUSSAFE) {
        row.append(' ').append(o == null || o.identical() == null ? "–" : o.identical() ? "yes" : "**no**").append(" |");
      }
    }
    rows.add(row.toString());
    details.add("#### " + history.name() + (history.notes().isEmpty() ? "" : " — " + history.notes()));
    details.add("");
    for (Outcome o : outcomes.values()) {
      StringBuilder d = new StringBuilder("- " + o.route().title + ": " + o.applied() + " of " + total + " in "
          + String.format(Locale.ROOT, "%.1f s", o.millis() / 1000.0));
      if (!o.layout().isEmpty()) {
        d.append(" (").append(o.layout()).append(')');
      }
      if (o.stop() != null) {
        Stop s = o.stop();
        d.append(". Stopped at `").append(s.migration()).append("`: ").append(s.sqlState().isEmpty() ? "" : s.sqlState() + " ")
            .append(code(s.message()));
        if (!s.hint().isEmpty()) {
          d.append(" — ").append(code(s.hint()));
        }
        if (!s.statement().isEmpty()) {
          d.append("; statement `").append(code(shorten(s.statement(), 240))).append('`');
        }
      }
      details.add(d.toString());
    }
    details.add("");
  }

  String markdown() {
    StringBuilder md = new StringBuilder("| History (commit) | Tool | Migrations |");
    StringBuilder rule = new StringBuilder("|---|---|---|");
    for (Route route : Route.values()) {
      md.append(' ').append(route.title).append(" |");
      rule.append("---|");
      if (route == Route.PLAIN_CITUSSAFE) {
        md.append(" same schema |");
        rule.append("---|");
      }
    }
    md.append('\n').append(rule).append('\n');
    rows.forEach(r -> md.append(r).append('\n'));
    md.append('\n');
    details.forEach(d -> md.append(d).append('\n'));
    return md.toString();
  }

  private static String code(String text) {
    return text.replace('`', '\'').replace('|', '¦').replaceAll("\\s+", " ");
  }

  private static String shorten(String text, int max) {
    String s = text.replaceAll("\\s+", " ").strip();
    return s.length() <= max ? s : s.substring(0, max) + " …";
  }
}
