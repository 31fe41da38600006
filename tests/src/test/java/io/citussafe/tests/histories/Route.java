package io.citussafe.tests.histories;

/**
 * One way through a history: the server, the driver, citussafe's settings and, for the routes
 * that adopt Citus halfway, the layout the tables get once the first half of the migrations ran.
 */
enum Route {
  PLAIN_PGJDBC("PostgreSQL pgjdbc", false, false, "", null),
  PLAIN_CITUSSAFE("PostgreSQL citussafe", false, true, "", null),
  CITUS_PGJDBC("Citus pgjdbc, reference from half", true, false, "", Layout.REFERENCE),
  CITUS_CITUSSAFE("Citus citussafe, reference from half", true, true, "", Layout.REFERENCE),
  CITUS_NEW_TABLES_REFERENCE("Citus citussafe newTables=reference", true, true, "&citussafe.newTables=reference", null),
  CITUS_LARGE_DISTRIBUTED("Citus citussafe, large tables distributed from half", true, true,
      "&citussafe.newTables=reference", Layout.LARGE_DISTRIBUTED),
  /** From half on: create_distributed_table by the column of each table holding it, the others reference. */
  CITUS_DISTRIBUTION_COLUMN("Citus citussafe distributionColumn from half", true, true,
      "&citussafe.newTables=reference&citussafe.distributionColumn=", Layout.REFERENCE);

  final String title;
  final boolean citus;
  final boolean citusSafe;
  final String settings;
  final Layout layout;

  Route(String title, boolean citus, boolean citusSafe, String settings, Layout layout) {
    this.title = title;
    this.citus = citus;
    this.citusSafe = citusSafe;
    this.settings = settings;
    this.layout = layout;
  }

  /** The route's settings, the tenant column filled in where it takes one. */
  String settings(History history) {
    return this == CITUS_DISTRIBUTION_COLUMN ? settings + history.tenantColumn() : settings;
  }
}
