package io.citussafe.rewriter;

import java.util.List;

/**
 * The enabled user triggers of a table and of its partitions, with the statements that switch them
 * off ({@code ALTER TABLE … DISABLE TRIGGER …}) and on again as they were ({@code ENABLE},
 * {@code ENABLE ALWAYS}, {@code ENABLE REPLICA}). A partition's trigger cloned from its parent's
 * follows the parent's statement; a clone whose own state differs gets it back after.
 *
 * @param names each trigger as {@code table.trigger}, for messages
 * @param off the statements that switch them off
 * @param on the statements that put them back, parents first
 */
public record TriggerSwitches(List<String> names, List<String> off, List<String> on) {

  public static final TriggerSwitches NONE = new TriggerSwitches(List.of(), List.of(), List.of());

  public TriggerSwitches {
    names = List.copyOf(names);
    off = List.copyOf(off);
    on = List.copyOf(on);
  }

  public boolean isEmpty() {
    return names.isEmpty();
  }
}
