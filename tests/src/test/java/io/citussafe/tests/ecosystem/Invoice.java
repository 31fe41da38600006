package io.citussafe.tests.ecosystem;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.ColumnDefault;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.UuidGenerator;
import org.hibernate.type.SqlTypes;

/**
 * A plain JPA entity over a distributed table, for {@link HibernateTest}. The table exists before
 * Hibernate starts with {@code id, tenant_id, amount, attributes, created_at}; {@code region} and
 * {@code uid} are new, so {@code hbm2ddl.auto=update} adds them.
 */
@Entity
@Table(name = "invoices")
public class Invoice {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE)
  private Long id;

  @Column(name = "tenant_id", nullable = false)
  private long tenantId;

  @Column(nullable = false, precision = 12, scale = 2)
  private BigDecimal amount;

  /** jsonb in the table; Hibernate binds it through pgjdbc's PGobject. */
  @JdbcTypeCode(SqlTypes.JSON)
  @Column(columnDefinition = "jsonb")
  private Map<String, Object> attributes;

  /** New and non-null: the default fills the rows the table already has. */
  @Column(nullable = false)
  @ColumnDefault("'eu'")
  private String region;

  @CreationTimestamp
  @Column(name = "created_at")
  private Instant createdAt;

  @UuidGenerator
  private UUID uid;

  protected Invoice() {}

  Invoice(long tenantId, BigDecimal amount, String region, Map<String, Object> attributes) {
    this.tenantId = tenantId;
    this.amount = amount;
    this.region = region;
    this.attributes = attributes;
  }

  Long id() {
    return id;
  }

  long tenantId() {
    return tenantId;
  }

  BigDecimal amount() {
    return amount;
  }

  Map<String, Object> attributes() {
    return attributes;
  }

  String region() {
    return region;
  }

  Instant createdAt() {
    return createdAt;
  }

  UUID uid() {
    return uid;
  }
}
