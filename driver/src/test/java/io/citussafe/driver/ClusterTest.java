package io.citussafe.driver;

import io.citussafe.rewriter.SqlState;
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
  void forgetAll_dropsEveryEntry() throws Exception {
    Cluster cluster = cluster("1h");
    cluster.cached("a", this::load);
    cluster.cached("b", this::load);
    cluster.forget(null);
    assertThat(cluster.<String>cached("a", this::load)).isEqualTo("value 3");
    assertThat(cluster.<String>cached("b", this::load)).isEqualTo("value 4");
  }

  @Test
  void forgetTable_dropsThatTableUnderEveryNameOnly() throws Exception {
    Cluster cluster = cluster("1h");
    Cluster.TableKey orders = new Cluster.TableKey("table", "{public}", "Orders", "orders");
    Cluster.TableKey qualified = new Cluster.TableKey("columns", null, "public.orders", "orders");
    Cluster.TableKey items = new Cluster.TableKey("table", "{public}", "items", "items");
    cluster.cached(orders, this::load);
    cluster.cached(qualified, this::load);
    cluster.cached(items, this::load);
    cluster.forget("public.\"orders\"");
    assertThat(cluster.peek(orders)).isNull();
    assertThat(cluster.peek(qualified)).isNull();
    assertThat(cluster.peek(items)).isEqualTo("value 3");
  }

  @Test
  void cached_loadOverlappingAnInvalidation_notKept() throws Exception {
    // a load that started before DDL must not put the pre-DDL facts back
    Cluster cluster = cluster("1h");
    String loaded = cluster.cached("k", () -> {
      cluster.forget("t");
      return load();
    });
    assertThat(loaded).isEqualTo("value 1");
    assertThat(cluster.peek("k")).isNull();
  }

  @Test
  void plan_keptPerGenerationAndRetiredByDdl() throws Exception {
    Cluster cluster = cluster("1h");
    io.citussafe.rewriter.Plan plan = io.citussafe.rewriter.Plan.asWritten("UPDATE t SET a = now()");
    long generation = cluster.generation();
    cluster.keepPlan("UPDATE t SET a = now()", "{public}", generation, plan);
    assertThat(cluster.plan("UPDATE t SET a = now()", "{public}")).isSameAs(plan);
    assertThat(cluster.plan("UPDATE t SET a = now()", "{other}")).isNull();
    cluster.forget("t");
    assertThat(cluster.plan("UPDATE t SET a = now()", "{public}")).isNull();
    // made before the DDL: never kept
    cluster.keepPlan("UPDATE t SET a = now()", "{public}", generation, plan);
    assertThat(cluster.plan("UPDATE t SET a = now()", "{public}")).isNull();
  }

  @Test
  void plan_cacheSizeZero_nothingKept() throws Exception {
    Properties properties = new Properties();
    properties.setProperty("citussafe.cacheSize", "0");
    Cluster cluster = new Cluster(Settings.parse(properties), ticker);
    cluster.keepPlan("x", "s", cluster.generation(), io.citussafe.rewriter.Plan.asWritten("x"));
    assertThat(cluster.plan("x", "s")).isNull();
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
