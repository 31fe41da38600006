package io.citussafe.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The metadata cache: expiry by citussafe.metadataTtl and invalidation, with time injected. */
class ClusterTest {

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private final AtomicInteger loads = new AtomicInteger();

  private Cluster cluster(String ttl) throws CitusSafeException {
    Properties properties = new Properties();
    properties.setProperty("citussafe.metadataTtl", ttl);
    return new Cluster(Settings.parse(properties), ticker);
  }

  private String load() {
    return "value " + loads.incrementAndGet();
  }

  @Test
  void cached_loadsOnceWithinTheTtl() throws Exception {
    Cluster cluster = cluster("60s");
    assertThat(cluster.<String>cached("k", this::load)).isEqualTo("value 1");
    nanos.addAndGet(Duration.ofSeconds(59).toNanos());
    assertThat(cluster.<String>cached("k", this::load)).isEqualTo("value 1");
    assertThat(loads).hasValue(1);
  }

  @Test
  void cached_reloadsAfterTheTtl() throws Exception {
    Cluster cluster = cluster("60s");
    cluster.cached("k", this::load);
    nanos.addAndGet(Duration.ofSeconds(61).toNanos());
    assertThat(cluster.<String>cached("k", this::load)).isEqualTo("value 2");
  }

  @Test
  void invalidate_dropsEveryEntry() throws Exception {
    Cluster cluster = cluster("1h");
    cluster.cached("a", this::load);
    cluster.cached("b", this::load);
    cluster.invalidate();
    assertThat(cluster.<String>cached("a", this::load)).isEqualTo("value 3");
    assertThat(cluster.<String>cached("b", this::load)).isEqualTo("value 4");
  }

  @Test
  void cached_failedLoadIsNotCached() throws Exception {
    Cluster cluster = cluster("1h");
    assertThatThrownBy(() -> cluster.cached("k", () -> {
      throw new CitusSafeException("boom", SqlState.OBJECT_NOT_IN_PREREQUISITE_STATE);
    })).hasMessage("boom");
    assertThat(cluster.<String>cached("k", this::load)).isEqualTo("value 1");
  }

  @Test
  void of_sharesOneClusterPerDatabaseAndSettings() throws CitusSafeException {
    Settings defaults = Settings.parse(new Properties());
    Properties shortTtl = new Properties();
    shortTtl.setProperty("citussafe.metadataTtl", "1s");
    Cluster a = Cluster.of("jdbc:postgresql://h:5432/db?user=a", defaults);
    assertThat(Cluster.of("jdbc:postgresql://h:5432/db?user=b&ssl=false", defaults)).isSameAs(a);
    assertThat(Cluster.of("jdbc:postgresql://h:5432/other", defaults)).isNotSameAs(a);
    assertThat(Cluster.of("jdbc:postgresql://h:5432/db", Settings.parse(shortTtl))).isNotSameAs(a);
  }
}
