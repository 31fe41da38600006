package io.citussafe.tests.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class or method only when a Citus cluster is available (see
 * {@link PostgresServers#citus()}); otherwise JUnit reports it skipped, with the reason.
 * A cluster that exists but fails to start fails the test instead.
 */
@Documented
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(CitusAvailableCondition.class)
public @interface RequiresCitus {}
