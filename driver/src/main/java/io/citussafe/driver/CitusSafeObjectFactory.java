package io.citussafe.driver;

import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.Reference;
import javax.naming.spi.ObjectFactory;

/**
 * Makes a {@link CitusSafeDataSource} from its JNDI {@link Reference}, as pgjdbc's
 * {@code PGObjectFactory} does for its data sources: an application server binds the data source
 * and its lookups get an equal one, with pgjdbc's properties and the citussafe settings.
 */
public final class CitusSafeObjectFactory implements ObjectFactory {

  /** The data source, or null when {@code reference} is not a citussafe data source's. */
  @Override
  public Object getObjectInstance(Object reference, Name name, Context context, Hashtable<?, ?> environment) {
    if (!(reference instanceof Reference ref) || !CitusSafeDataSource.class.getName().equals(ref.getClassName())) {
      return null;
    }
    CitusSafeDataSource dataSource = new CitusSafeDataSource();
    dataSource.setFromReference(ref);
    return dataSource;
  }
}
