package io.citussafe.examples.quarkus;

import io.citussafe.driver.micrometer.CitusSafeMeterBinder;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** citussafe's counts in Quarkus's MeterRegistry: Quarkus binds every MeterBinder bean. */
@Singleton
public class CitusSafeMeters {

  @Produces
  @Singleton
  MeterBinder citusSafeMeters() {
    return new CitusSafeMeterBinder();
  }
}
