package io.citussafe.cli;

import io.citussafe.rewriter.SqlText;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code citussafe plan <files or folders>}: the offline review. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = Version.class,
    header = "Review migration files offline: what citussafe does with each statement.",
    description = {
        "Offline review of migrations, no database: reads Flyway scripts (V<version>__<name>.sql by version, "
            + "then R__ repeatables) and Liquibase formatted SQL changelogs, splits them as the driver does, and "
            + "says for each statement whether citussafe passes it through, rewrites it (and into what) or "
            + "refuses it on Citus, with advice for what it cannot fix. Table state carries across files: a "
            + "table distributed in V3 is distributed in V7.",
        "",
        "A Flyway script runs in a transaction unless it has a line '-- flyway:executeInTransaction=false' or "
            + "a <script>.conf beside it with executeInTransaction=false; a Liquibase changeset unless it says "
            + "runInTransaction:false. Other .sql files run statement by statement, as psql runs them.",
        "",
        "Finding levels: error = fails on Citus even through citussafe; warning = runs, but needs care; "
            + "info = citussafe rewrites it.",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCodes.HELP_OK, ExitCodes.HELP_FINDINGS, ExitCodes.HELP_USAGE, ExitCodes.HELP_RUNTIME})
final class PlanCommand implements Callable<Integer> {

  enum Format { text, json, github }

  enum FailOn { error, warning, info, none }

  @ParentCommand
  CitussafeCommand parent;

  @Parameters(paramLabel = "<file or folder>", arity = "1..*",
      description = "Migration files, or folders searched for .sql files.")
  List<Path> paths;

  @Option(names = "--format", paramLabel = "<format>", defaultValue = "text",
      description = "text (default), json for CI, or github for GitHub Actions annotations.")
  Format format;

  @Option(names = "--fail-on", paramLabel = "<level>", defaultValue = "error",
      description = "Exit 1 when a finding is at or above this level: error (default), warning, info, or none.")
  FailOn failOn;

  @Option(names = "--distribution-column", paramLabel = "<column>",
      description = "Review as with citussafe.distributionColumn=<column>: the adoption plan (tables distributed by "
          + "the column and co-located, reference tables, every key and foreign key that changes, the tables that "
          + "block the layout and why).")
  String distributionColumn;

  @Option(names = "--verbose", description = "Show stack traces of unexpected errors.")
  boolean verbose;

  @Override
  public Integer call() {
    Io io = parent.io();
    List<Migrations.Unit> units = Migrations.read(paths);
    Review.Result result = Review.run(units, format == Format.text ? Progress.barOnly(io) : Progress.none(),
        distributionColumn == null ? null : SqlText.storedName(distributionColumn));
    Finding.Level level = failOn == FailOn.none ? null : Finding.Level.valueOf(failOn.name().toUpperCase(Locale.ROOT));
    String report = switch (format) {
      case text -> PlanReport.text(result, level);
      case json -> PlanReport.json(result, level);
      case github -> PlanReport.github(result, level);
    };
    io.out().print(report);
    io.out().flush();
    return result.reaches(level) ? ExitCodes.FINDINGS : ExitCodes.OK;
  }
}
