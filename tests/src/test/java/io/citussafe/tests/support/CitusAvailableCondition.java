package io.citussafe.tests.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Backs {@link RequiresCitus}. */
final class CitusAvailableCondition implements ExecutionCondition {

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String reason = PostgresServers.citusUnavailableReason();
    return reason == null
        ? ConditionEvaluationResult.enabled("Citus cluster available")
        : ConditionEvaluationResult.disabled("CITUS TESTS SKIPPED: " + reason);
  }
}
