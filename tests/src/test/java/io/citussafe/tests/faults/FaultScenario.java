package io.citussafe.tests.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * One step of one multi-step rewrite, and what a fault there must leave: the statement, whether it
 * fails on a statement timeout (the last lock-light step does not: the user's change stands, and the
 * timed-out step is undone), which step
 * waits at the gate, the text the error must name, and the table's structure after the fault (by
 * kind of fault) and after the statement ran again. Structures are sorted lists as
 * {@link RewriteFaultsTest#structure} reads them: {@code col:<name>} ({@code !} when NOT NULL),
 * {@code con:<name>} ({@code ?} when not validated), {@code seq:<name>}.
 */
record FaultScenario(String name, boolean citusOnly, boolean fails, String settings, String statement, Gate gate, String pattern,
    String step, String afterTerminated, String afterTimeout, String terminatedSays, String timeoutSays,
    String done) {

  enum Gate { DDL, TABLE, SHARD }

  static final String BASE = "col:id!,col:n!,col:note,col:touched,con:t_n_check,con:t_pkey";
  /** Rows: untouched | updated once, by {@link #UPDATE}. */
  static final String ROWS = "SELECT count(*) FILTER (WHERE n = 0 AND touched IS NULL) || '|'"
      + " || count(*) FILTER (WHERE n = 1 AND touched IS NOT NULL) FROM t";
  static final String UPDATE = "UPDATE t SET n = n + 1, touched = clock_timestamp() WHERE touched IS NULL";
  static final String TOGETHER = "nothing of the statement stays";

  @Override
  public String toString() {
    return name;
  }

  static List<FaultScenario> all() {
    List<FaultScenario> all = new ArrayList<>();
    all.add(new FaultScenario("atomic DML rewrite", true, true, "", UPDATE, Gate.TABLE, null, null, "40|0", "40|0",
        null, null, "0|40"));
    all.add(new FaultScenario("per-shard execution", true, true, "&citussafe.bulkUpdate=per-shard", UPDATE, Gate.SHARD,
        null, null, null, null, "Per-shard mode is not transactional", "interrupted while the shards ran it", "0|40"));
    lockLight(all);
    String split = "ALTER TABLE t ADD COLUMN c int DEFAULT 1, ADD CONSTRAINT t_c_positive CHECK (c > 0)";
    String splitDone = "col:c," + BASE + ",con:t_c_positive";
    all.add(together("split ALTER, step 1", split, "%ADD COLUMN c int DEFAULT 1", "step 1 of 2", splitDone));
    all.add(together("split ALTER, step 2", split, "%ADD CONSTRAINT t_c_positive%", "step 2 of 2", splitDone));
    String serial = "ALTER TABLE t ADD COLUMN pos bigserial";
    String serialDone = BASE.replace("col:touched", "col:pos!,col:touched") + ",seq:t_pos_seq";
    all.add(together("serial column, ADD COLUMN", serial, "%ADD COLUMN pos bigint%", "step 1 of", serialDone));
    all.add(together("serial column, CREATE SEQUENCE", serial, "CREATE SEQUENCE%", "step 2 of", serialDone));
    all.add(together("serial column, OWNED BY", serial, "ALTER SEQUENCE%OWNED BY%", "step 3 of", serialDone));
    all.add(together("serial column, SET DEFAULT", serial, "%SET DEFAULT nextval%", "step 4 of", serialDone));
    all.add(together("serial column, SET NOT NULL", serial, "%ALTER COLUMN pos SET NOT NULL%", "step 6 of",
        serialDone));
    String rename = "ALTER TABLE t RENAME CONSTRAINT t_n_check TO t_n_nonnegative";
    String renameDone = BASE.replace("con:t_n_check,con:t_pkey", "con:t_n_nonnegative,con:t_pkey");
    all.add(together("rename CHECK, DROP", rename, "%DROP CONSTRAINT t_n_check%", "step 1 of 2", renameDone));
    all.add(together("rename CHECK, ADD", rename, "%ADD CONSTRAINT t_n_nonnegative%", "step 2 of 2", renameDone));
    all.add(new FaultScenario("rename PRIMARY KEY as ALTER INDEX", true, true, "",
        "ALTER TABLE t RENAME CONSTRAINT t_pkey TO t_pk", Gate.DDL, "ALTER INDEX%", null, BASE, BASE, null, null,
        BASE.replace("t_pkey", "t_pk")));
    return all;
  }

  /** Steps in one transaction: whichever fails, nothing stays. */
  private static FaultScenario together(String name, String statement, String pattern, String step, String done) {
    return new FaultScenario(name, true, true, "", statement, Gate.DDL, pattern, step, BASE, BASE, TOGETHER, TOGETHER,
        done);
  }

  /**
   * Lock-light SET NOT NULL, on plain PostgreSQL too: four steps each committed on its own. A fault
   * before the SET NOT NULL is undone (a terminated session cannot undo: the error names what is
   * left and how to remove it); a fault at the last step leaves the user's change standing.
   */
  private static void lockLight(List<FaultScenario> all) {
    String sql = "ALTER TABLE t ALTER COLUMN note SET NOT NULL";
    String settings = "&citussafe.lockLightMinRows=0";
    String helper = "con:citussafe_note_not_null";
    String withHelper = "col:id!,col:n!,col:note,col:touched," + helper + ",con:t_n_check,con:t_pkey";
    String done = BASE.replace("col:note", "col:note!");
    String nothing = "nothing had changed yet";
    String left = "remove it with ALTER TABLE t DROP CONSTRAINT IF EXISTS citussafe_note_not_null";
    all.add(new FaultScenario("lock-light, ADD CHECK NOT VALID", false, true, settings, sql, Gate.DDL,
        "%ADD CONSTRAINT citussafe_note_not_null%", "lock-light step 1 of 4", BASE, BASE, nothing, nothing, done));
    all.add(new FaultScenario("lock-light, VALIDATE", false, true, settings, sql, Gate.DDL,
        "%VALIDATE CONSTRAINT citussafe_note_not_null%", "lock-light step 2 of 4",
        withHelper.replace(helper, helper + "?"), BASE, left, "were undone", done));
    all.add(new FaultScenario("lock-light, SET NOT NULL", false, true, settings, sql, Gate.DDL,
        "%ALTER COLUMN note SET NOT NULL%", "lock-light step 3 of 4", withHelper, BASE, left, "were undone", done));
    // the user's change stands: a timeout is undone (the helper removed) and the statement succeeds; a
    // terminated session leaves the helper and says so; the statement run again removes it
    all.add(new FaultScenario("lock-light, DROP helper", false, false, settings, sql, Gate.DDL,
        "%DROP CONSTRAINT citussafe_note_not_null%", "lock-light step 4 of 4",
        withHelper.replace("col:note", "col:note!"), done, "own change had committed before and stands; removing "
        + "the helper failed too", null, done));
  }
}
