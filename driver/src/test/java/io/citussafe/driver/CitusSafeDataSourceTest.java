package io.citussafe.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.beans.BeanInfo;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import javax.naming.NamingException;
import javax.naming.Reference;
import org.junit.jupiter.api.Test;
import org.postgresql.PGProperty;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * CitusSafeDataSource against pgjdbc's PGSimpleDataSource, read from pgjdbc itself: every bean
 * property pgjdbc has, with its type and default, so a pool configured for pgjdbc needs only the
 * class name changed. Connecting is tested on real databases in {@code tests/}.
 */
class CitusSafeDataSourceTest {

  @Test
  void everyBeanPropertyOfPgSimpleDataSource_isThereWithTheSameTypeAndDefault() throws Exception {
    Map<String, PropertyDescriptor> pgjdbc = writable(PGSimpleDataSource.class);
    Map<String, PropertyDescriptor> ours = writable(CitusSafeDataSource.class);
    assertThat(pgjdbc).as("pgjdbc's bean properties").hasSizeGreaterThan(80).containsKeys("serverName",
        "serverNames", "portNumber", "portNumbers", "databaseName", "user", "password", "sslmode",
        "applicationName", "options", "loginTimeout", "socketTimeout", "ssl", "sslfactory");
    assertThat(ours.keySet()).containsAll(pgjdbc.keySet());

    PGSimpleDataSource pgDefaults = new PGSimpleDataSource();
    CitusSafeDataSource ourDefaults = new CitusSafeDataSource();
    for (PropertyDescriptor theirs : pgjdbc.values()) {
      PropertyDescriptor mine = ours.get(theirs.getName());
      assertThat(mine.getPropertyType()).as(theirs.getName()).isEqualTo(theirs.getPropertyType());
      Method read = theirs.getReadMethod();
      if (read != null && !theirs.getName().equals("url") && !theirs.getName().equals("URL")) {
        assertThat(mine.getReadMethod().invoke(ourDefaults)).as("default of " + theirs.getName())
            .isEqualTo(read.invoke(pgDefaults));
      }
    }
  }

  @Test
  void everyCitusSafeSetting_isABeanPropertyToo() throws IntrospectionException {
    Map<String, PropertyDescriptor> ours = writable(CitusSafeDataSource.class);
    for (CitusSafeProperty property : CitusSafeProperty.values()) {
      assertThat(ours).containsKey(property.key().substring(CitusSafeProperty.PREFIX.length()));
    }
  }

  @Test
  void beanProperties_makeTheSameUrlAsPgjdbc_withTheCitusSafePrefixAndSettings() {
    PGSimpleDataSource pg = new PGSimpleDataSource();
    CitusSafeDataSource ours = new CitusSafeDataSource();
    for (var dataSource : new org.postgresql.ds.common.BaseDataSource[] {pg, ours}) {
      dataSource.setServerNames(new String[] {"db1", "db2"});
      dataSource.setPortNumbers(new int[] {5432, 5433});
      dataSource.setDatabaseName("app");
      dataSource.setSslMode("require");
      dataSource.setApplicationName("orders");
      dataSource.setOptions("-c search_path=app");
    }
    ours.setNewTables("reference");

    assertThat(ours.getUrl()).isEqualTo("jdbc:citussafe:" + pg.getUrl().substring("jdbc:".length())
        + "&citussafe.newTables=reference");
  }

  @Test
  void setUrl_takesBackWhatGetUrlGives_andPgjdbcUrls() {
    CitusSafeDataSource first = new CitusSafeDataSource();
    first.setUrl("jdbc:citussafe:postgresql://db:6432/app?sslmode=require&citussafe.mode=dry-run&applicationName=x");
    assertThat(first.getServerNames()).containsExactly("db");
    assertThat(first.getPortNumbers()).containsExactly(6432);
    assertThat(first.getSslMode()).isEqualTo("require");
    assertThat(first.getMode()).isEqualTo("dry-run");

    CitusSafeDataSource second = new CitusSafeDataSource();
    second.setUrl(first.getUrl());
    assertThat(second.getUrl()).isEqualTo(first.getUrl());

    // a pgjdbc URL means what it means to pgjdbc's own data source (which also spells out every default)
    CitusSafeDataSource fromPgjdbc = new CitusSafeDataSource();
    fromPgjdbc.setURL("jdbc:postgresql://db/app?ssl=true");
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL("jdbc:postgresql://db/app?ssl=true");
    assertThat(fromPgjdbc.getUrl()).isEqualTo("jdbc:citussafe:" + pg.getUrl().substring("jdbc:".length()));

    assertThatThrownBy(() -> new CitusSafeDataSource().setUrl("jdbc:mysql://db/app"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:citussafe:postgresql:").hasMessageContaining("jdbc:mysql:");
  }

  /** Regression: the message of a URL of another driver quoted it whole, with its password. */
  @Test
  void setUrl_otherDriversUrlWithPassword_messageNamesTheDriverOnly() {
    assertThatThrownBy(() -> new CitusSafeDataSource().setUrl("jdbc:mysql://db/app?user=u&password=hunter2"))
        .hasMessageEndingWith("but was one starting with jdbc:mysql:").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> new CitusSafeDataSource().setUrl("password=hunter2"))
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void setProperty_takesPgjdbcAndCitusSafeNames_andRefusesOthersListingTheValidNames() throws SQLException {
    CitusSafeDataSource dataSource = new CitusSafeDataSource();
    dataSource.setProperty("sslmode", "verify-full");
    dataSource.setProperty("citussafe.lockTimeout", "2s");
    assertThat(dataSource.getSslMode()).isEqualTo("verify-full");
    assertThat(dataSource.getProperty("sslmode")).isEqualTo("verify-full");
    assertThat(dataSource.getLockTimeout()).isEqualTo("2s");
    assertThat(dataSource.getProperty("citussafe.lockTimeout")).isEqualTo("2s");

    for (String unknown : new String[] {"sslmod", "citussafe.lockTimout"}) {
      assertThatThrownBy(() -> dataSource.setProperty(unknown, "x"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("\"" + unknown + "\"")
          .hasMessageContaining(PGProperty.SSL_MODE.getName())
          .hasMessageContaining(CitusSafeProperty.LOCK_TIMEOUT.key())
          .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22023"));
    }
  }

  @Test
  void jndiReference_givesAnEqualDataSourceThroughCitusSafesFactory() throws Exception {
    CitusSafeDataSource bound = configured();
    Reference reference = bound.getReference();
    assertThat(reference.getFactoryClassName()).isEqualTo(CitusSafeObjectFactory.class.getName());

    Object looked = new CitusSafeObjectFactory().getObjectInstance(reference, null, null, null);

    assertThat(looked).isInstanceOf(CitusSafeDataSource.class);
    CitusSafeDataSource found = (CitusSafeDataSource) looked;
    assertThat(found.getUrl()).isEqualTo(bound.getUrl());
    assertThat(found.getUser()).isEqualTo("app");
    assertThat(found.getPassword()).isEqualTo("secret");
    assertThat(new CitusSafeObjectFactory().getObjectInstance(new PGSimpleDataSource().getReference(), null, null,
        null)).as("pgjdbc's own references are pgjdbc's factory's").isNull();
  }

  @Test
  void serialization_keepsEveryProperty() throws Exception {
    CitusSafeDataSource original = configured();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(original);
    }
    CitusSafeDataSource copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (CitusSafeDataSource) in.readObject();
    }
    assertThat(copy.getUrl()).isEqualTo(original.getUrl());
    assertThat(copy.getPassword()).isEqualTo("secret");
  }

  @Test
  void aWrappingDataSource_isNeitherBoundNorSerialized_andSaysWhy() {
    CitusSafeDataSource wrapping = new CitusSafeDataSource(new PGSimpleDataSource());
    assertThatThrownBy(wrapping::getReference).isInstanceOf(NamingException.class).hasMessageContaining("wrap");
    assertThatThrownBy(() -> new ObjectOutputStream(new ByteArrayOutputStream()).writeObject(wrapping))
        .isInstanceOf(NotSerializableException.class);
  }

  private static CitusSafeDataSource configured() {
    CitusSafeDataSource dataSource = new CitusSafeDataSource();
    dataSource.setServerNames(new String[] {"db1", "db2"});
    dataSource.setPortNumbers(new int[] {5432, 6432});
    dataSource.setDatabaseName("app");
    dataSource.setUser("app");
    dataSource.setPassword("secret");
    dataSource.setSslMode("require");
    dataSource.setTcpKeepAlive(true);
    dataSource.setMode("dry-run");
    dataSource.setNewTables("reference");
    return dataSource;
  }

  private static Map<String, PropertyDescriptor> writable(Class<?> type) throws IntrospectionException {
    BeanInfo info = Introspector.getBeanInfo(type);
    Map<String, PropertyDescriptor> out = new TreeMap<>();
    for (PropertyDescriptor descriptor : info.getPropertyDescriptors()) {
      if (descriptor.getWriteMethod() != null) {
        out.put(descriptor.getName(), descriptor);
      }
    }
    return out;
  }
}
