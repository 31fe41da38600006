package io.citussafe.cli;

import io.citussafe.cli.Finding.Level;

/**
 * One finding of {@code check} about a live cluster.
 *
 * @param table the table it is about, or null for a setting
 * @param fixText the fix to show, or null
 * @param fixSql the statement --fix runs for it, or null
 */
record ClusterFinding(Level level, String code, String table, String message, String fixText, String fixSql) {
}
