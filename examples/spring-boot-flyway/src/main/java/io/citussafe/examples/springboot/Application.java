package io.citussafe.examples.springboot;

import io.citussafe.driver.micrometer.CitusSafeMeterBinder;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** Starts, lets Flyway migrate the database, and serves {@link OrderStatistics}. */
@SpringBootApplication
public class Application {

  public static void main(String[] args) {
    SpringApplication.run(Application.class, args);
  }

  /** citussafe's counts (statements passed through and rewritten, caches, lock waits) in Boot's MeterRegistry. */
  @Bean
  MeterBinder citusSafeMeters() {
    return new CitusSafeMeterBinder();
  }
}
