package io.citussafe.tests.ecosystem;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.tests.support.PostgresServers;
import io.citussafe.tests.support.RequiresCitus;
import io.citussafe.tests.support.Schema;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.dialect.PostgreSQLDriverKind;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.type.SqlTypes;
import org.junit.jupiter.api.Test;

/**
 * Hibernate ORM 7 with {@code hibernate.hbm2ddl.auto=update} and a plain JPA entity
 * ({@link Invoice}) over a table that is already distributed and holds rows.
 *
 * <p>What Hibernate 7.4 emits for the new non-null column (StandardTableMigrator,
 * ColumnDefinitions): one statement, {@code alter table if exists s.invoices add column region
 * varchar(255) default 'eu' not null}. Without a {@code @ColumnDefault} it emits the same without
 * the default, which fails on any non-empty table, Citus or not; that is Hibernate's behaviour,
 * not the driver's, so the entity declares the default. The same holds for a new
 * {@code @CreationTimestamp} column, which Hibernate 7 makes {@code not null}: {@code created_at}
 * therefore exists before Hibernate starts, as it would after a real migration.
 */
class HibernateTest {

  private static final int PRE_EXISTING = 100;
  private static final int NEW_INVOICES = 20;

  @Test
  void schemaUpdate_distributedTable_plainPostgres() throws SQLException {
    Schema schema = PostgresServers.plain().newAppUserSchema("hibernate");

    runAgainst(schema, false);
  }

  @Test
  @RequiresCitus
  void schemaUpdate_distributedTable_citus() throws SQLException {
    Schema schema = PostgresServers.citus().newAppUserSchema("hibernate_citus");

    runAgainst(schema, true);
  }

  private static void runAgainst(Schema schema, boolean citus) throws SQLException {
    createDistributedInvoices(schema);

    try (EntityManagerFactory factory = entityManagerFactory(schema)) {
      SessionFactoryImplementor sessionFactory = factory.unwrap(SessionFactoryImplementor.class);
      assertThat(sessionFactory.getJdbcServices().getDialect()).isInstanceOfSatisfying(PostgreSQLDialect.class,
          dialect -> assertThat(dialect.getDriverKind()).isEqualTo(PostgreSQLDriverKind.PG_JDBC));
      // PG_JDBC makes the dialect register pgjdbc's own types, jsonb through PGobject among them.
      assertThat(sessionFactory.getTypeConfiguration().getJdbcTypeRegistry().getDescriptor(SqlTypes.JSON)
          .getClass().getSimpleName()).isEqualTo("PostgreSQLJsonPGObjectJsonbType");

      List<Long> ids = new ArrayList<>();
      try (EntityManager em = factory.createEntityManager()) {
        em.unwrap(Session.class).doWork(connection -> {
          assertThat(connection.getClass().getName()).startsWith("io.citussafe.driver.");
          assertThat(connection.getMetaData().getDriverName()).isEqualTo("PostgreSQL JDBC Driver");
          assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        });
        em.getTransaction().begin();
        for (int i = 0; i < NEW_INVOICES; i++) {
          Invoice invoice = new Invoice(i % 3, BigDecimal.valueOf(10 + i), i % 2 == 0 ? "us" : "eu",
              Map.of("channel", i % 2 == 0 ? "web" : "shop", "items", i));
          em.persist(invoice);
          ids.add(invoice.id());
        }
        em.getTransaction().commit();
      }
      assertThat(ids).doesNotContainNull().doesNotHaveDuplicates().hasSize(NEW_INVOICES);

      try (EntityManager em = factory.createEntityManager()) {
        Invoice first = em.find(Invoice.class, ids.get(0));
        assertThat(first.uid()).isNotNull();
        assertThat(first.createdAt()).isNotNull();
        assertThat(first.region()).isEqualTo("us");
        assertThat(first.attributes()).containsEntry("channel", "web").containsEntry("items", 0);
        Invoice old = em.find(Invoice.class, 1_000_001L);
        assertThat(old.region()).isEqualTo("eu");
        assertThat(old.attributes()).containsEntry("source", "import");
        assertThat(em.createQuery("select count(i) from Invoice i where i.region = 'eu'", Long.class)
            .getSingleResult()).isEqualTo(PRE_EXISTING + NEW_INVOICES / 2);
      }
    }

    try (Connection c = schema.pgjdbcConnection(); Statement s = c.createStatement()) {
      assertThat(Incident.string(s, "SELECT string_agg(column_name || ':' || data_type || ':' || is_nullable"
          + " || ':' || coalesce(column_default, '-'), ',' ORDER BY column_name)"
          + " FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'invoices'"
          + " AND column_name IN ('attributes', 'region', 'uid')"))
          .isEqualTo("attributes:jsonb:YES:-,region:character varying:NO:'eu'::character varying,uid:uuid:YES:-");
      assertThat(Incident.number(s, "SELECT count(*) FROM invoices")).isEqualTo(PRE_EXISTING + NEW_INVOICES);
      assertThat(Incident.number(s, "SELECT count(*) FROM invoices WHERE attributes @> '{\"channel\": \"web\"}'"))
          .isEqualTo(NEW_INVOICES / 2);
      assertThat(Incident.number(s, "SELECT count(DISTINCT uid) FROM invoices")).isEqualTo(NEW_INVOICES);
      if (citus) {
        assertThat(Incident.string(s, "SELECT partmethod::text FROM pg_dist_partition"
            + " WHERE logicalrelid = 'invoices'::regclass")).isEqualTo("h");
        assertThat(Incident.number(s, "SELECT pg_relation_size('invoices'::regclass)")).isZero();
      }
    }
  }

  /** The table as an earlier migration left it: with rows, then distributed through citussafe. */
  private static void createDistributedInvoices(Schema schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(schema.citusSafeUrl()); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE invoices (id bigint PRIMARY KEY, tenant_id bigint NOT NULL,"
          + " amount numeric(12, 2) NOT NULL, attributes jsonb,"
          + " created_at timestamp(6) with time zone NOT NULL DEFAULT now())");
      s.execute("INSERT INTO invoices (id, tenant_id, amount, attributes)"
          + " SELECT 1000000 + g, g % 5, g, '{\"source\": \"import\"}'"
          + " FROM generate_series(1, " + PRE_EXISTING + ") g");
      s.execute("SELECT create_distributed_table('invoices', 'id')");
    }
  }

  private static EntityManagerFactory entityManagerFactory(Schema schema) {
    return new PersistenceConfiguration("citussafe-hibernate")
        .managedClass(Invoice.class)
        .property(PersistenceConfiguration.JDBC_URL, schema.citusSafeUrl())
        .property(PersistenceConfiguration.JDBC_DRIVER, "io.citussafe.driver.CitusSafeDriver")
        .property(PersistenceConfiguration.JDBC_USER, schema.user())
        .property("hibernate.hbm2ddl.auto", "update")
        // Hibernate logs and ignores failed schema updates unless told otherwise.
        .property("hibernate.hbm2ddl.halt_on_error", "true")
        // Other tests' schemas on the same server have tables of the same names.
        .property("hibernate.default_schema", schema.name())
        .property("hibernate.connection.pool_size", "2")
        .createEntityManagerFactory();
  }
}
