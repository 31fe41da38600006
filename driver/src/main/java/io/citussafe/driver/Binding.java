package io.citussafe.driver;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * The user's bound parameters of a prepared statement that a rule may run in another form. Only
 * such statements have one; the others bind straight to pgjdbc. It keeps each parameter's setter
 * (to bind it again when the statement is prepared with a new plan's text, e.g. after DDL made
 * the old plan stale), binds it to every placeholder of the prepared text that takes it (a
 * rewrite may repeat the WHERE), and gives the values as literals for per-shard and batched runs.
 */
final class Binding {

  /** Binds one value to one placeholder of a pgjdbc statement. */
  @FunctionalInterface
  interface Setter {
    void bind(PreparedStatement target, int index) throws SQLException;
  }

  /** A value of a kind with no faithful literal (streams, blobs, arrays…). */
  static final Object UNWRITABLE = new Object();

  private Setter[] setters = new Setter[8];
  private Object[] values = new Object[8];
  /** For each user parameter (0-based), the placeholders (1-based) that take it; null: one to one. */
  private int[][] targets;

  /** Binds parameter {@code index} (1-based) to the prepared text's placeholders and keeps it. */
  void set(PreparedStatement delegate, int index, Object value, Setter setter) throws SQLException {
    if (index >= 1) {
      if (index > setters.length) {
        setters = Arrays.copyOf(setters, Math.max(index, setters.length * 2));
        values = Arrays.copyOf(values, setters.length);
      }
      setters[index - 1] = setter;
      values[index - 1] = value;
    }
    if (targets == null || index < 1 || index > targets.length) {
      // out of range: pgjdbc reports it as it would without us
      setter.bind(delegate, index);
      return;
    }
    for (int target : targets[index - 1]) {
      setter.bind(delegate, target);
    }
  }

  /**
   * Uses a newly prepared text: {@code parameterMap} gives, for each of its placeholders, the user
   * parameter it takes (null: one to one). Binds every kept value to it.
   */
  void rebind(PreparedStatement delegate, int[] parameterMap, int userParameters) throws SQLException {
    targets = parameterMap == null ? null : targetsOf(parameterMap, userParameters);
    for (int i = 0; i < setters.length; i++) {
      if (setters[i] == null) {
        continue;
      }
      if (targets == null) {
        setters[i].bind(delegate, i + 1);
      } else if (i < targets.length) {
        for (int target : targets[i]) {
          setters[i].bind(delegate, target);
        }
      }
    }
  }

  private static int[][] targetsOf(int[] parameterMap, int userParameters) {
    int[] counts = new int[userParameters];
    for (int user : parameterMap) {
      counts[user - 1]++;
    }
    int[][] out = new int[userParameters][];
    for (int i = 0; i < userParameters; i++) {
      out[i] = new int[counts[i]];
      counts[i] = 0;
    }
    for (int placeholder = 0; placeholder < parameterMap.length; placeholder++) {
      int user = parameterMap[placeholder] - 1;
      out[user][counts[user]++] = placeholder + 1;
    }
    return out;
  }

  void clear() {
    Arrays.fill(setters, null);
    Arrays.fill(values, null);
  }

  /** The values of parameters 1..count as literals, or null when one is unset or not writable. */
  List<String> literals(int count, ParameterLiterals.Context context) {
    String[] out = new String[count];
    for (int i = 0; i < count; i++) {
      if (i >= setters.length || setters[i] == null || values[i] == UNWRITABLE) {
        return null;
      }
      String literal = ParameterLiterals.literal(values[i], context);
      if (literal == null) {
        return null;
      }
      out[i] = literal;
    }
    return List.of(out);
  }
}
