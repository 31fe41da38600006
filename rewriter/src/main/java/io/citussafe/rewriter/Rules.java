package io.citussafe.rewriter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry: every rule, in the order in which they are tried on a statement. A new rule is
 * one line here. Earlier rules may hand statements they generate to the later ones.
 */
final class Rules {

  private final List<Rule<?>> all;
  private final Map<String, List<Integer>> byFirstWord = new HashMap<>();

  Rules(Options options) {
    this(List.of(
        new TimeKeywordRule(),
        new CitusLocalSubqueryRule(),
        new DistributionDdlRule(options),
        new LocalForeignKeyRule(),
        new ConversionCommentsRule(),
        new SplitAlterRule(),
        // after the split: an ALTER that drops a key and adds it back with ON DELETE CASCADE (Marquez)
        new KeyToCitusLocalRule(),
        new CheckNameRule(),
        new RenameConstraintRule(options),
        new ComputedColumnRule(),
        new AddIdentityRule(),
        new QuotedSequenceDefaultRule(),
        new SequenceRule(),
        new ColumnConversionRule(),
        new ColumnTypeRule(),
        new NewTablesRule(options),
        new AttachPartitionRule(),
        new CitusRefusalHintRule(options),
        new TriggerRule(),
        new TriggerCommandRule(),
        new ConcurrentIndexRule(),
        new DistributionGraphRule(options),
        new DistributeRule(options),
        new CitusOnlyCallRule(options),
        new StaleHeapRule(),
        new LockLightRule(options),
        new RecursiveInsertRule(),
        new CorrelatedExistsRule(),
        new ConflictTargetRule(options),
        new RejectedDmlRule(options),
        new InsertSubqueryRule()));
  }

  Rules(List<Rule<?>> rules) {
    this.all = List.copyOf(rules);
    for (int i = 0; i < all.size(); i++) {
      for (String word : all.get(i).firstWords()) {
        byFirstWord.computeIfAbsent(word, w -> new ArrayList<>()).add(i);
      }
    }
  }

  /** The rule's name for logs and metrics: its class name without the {@code Rule} suffix. */
  static String name(Rule<?> rule) {
    String name = rule.getClass().getSimpleName();
    return name.endsWith("Rule") ? name.substring(0, name.length() - 4) : name;
  }

  /** Every rule's {@link #name}, in order. */
  List<String> names() {
    List<String> names = new ArrayList<>(all.size());
    for (Rule<?> rule : all) {
      names.add(name(rule));
    }
    return List.copyOf(names);
  }

  Rule<?> get(int index) {
    return all.get(index);
  }

  int size() {
    return all.size();
  }

  /** The rules that read statements starting with {@code firstWord}, by index, in order. */
  List<Integer> reading(String firstWord) {
    return byFirstWord.getOrDefault(firstWord, List.of());
  }
}
