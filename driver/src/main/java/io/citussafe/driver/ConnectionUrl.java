package io.citussafe.driver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Splits a {@code jdbc:citussafe:postgresql:…} URL into the pgjdbc URL and our settings. The
 * prefix is removed once; every other character, pgjdbc's own parameters included, is passed on.
 */
final class ConnectionUrl {

  static final String PREFIX = "jdbc:citussafe:postgresql:";
  private static final String PGJDBC_PREFIX = "jdbc:postgresql:";

  private final String pgjdbcUrl;
  private final Properties citusSafeProperties;

  private ConnectionUrl(String pgjdbcUrl, Properties citusSafeProperties) {
    this.pgjdbcUrl = pgjdbcUrl;
    this.citusSafeProperties = citusSafeProperties;
  }

  static boolean accepts(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  /** The URL pgjdbc gets: prefix swapped and {@code citussafe.*} parameters removed. */
  String pgjdbcUrl() {
    return pgjdbcUrl;
  }

  /** The {@code citussafe.*} parameters found in the URL, decoded. */
  Properties citusSafeProperties() {
    return citusSafeProperties;
  }

  static ConnectionUrl parse(String url) {
    String rest = PGJDBC_PREFIX + url.substring(PREFIX.length());
    Properties ours = new Properties();
    int query = rest.indexOf('?');
    if (query < 0) {
      return new ConnectionUrl(rest, ours);
    }
    StringBuilder kept = new StringBuilder(rest.length()).append(rest, 0, query);
    char separator = '?';
    for (String parameter : rest.substring(query + 1).split("&")) {
      int eq = parameter.indexOf('=');
      String key = decode(eq < 0 ? parameter : parameter.substring(0, eq));
      if (key.startsWith(CitusSafeProperty.PREFIX)) {
        ours.setProperty(key, eq < 0 ? "" : decode(parameter.substring(eq + 1)));
      } else if (!parameter.isEmpty()) {
        kept.append(separator).append(parameter);
        separator = '&';
      }
    }
    return new ConnectionUrl(kept.toString(), ours);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /**
   * Identifies the cluster for shared metadata: the pgjdbc URL without its parameters, so
   * connections with different users or options to one database share one cache.
   */
  static String clusterKey(String pgjdbcUrl) {
    int query = pgjdbcUrl.indexOf('?');
    return query < 0 ? pgjdbcUrl : pgjdbcUrl.substring(0, query);
  }
}
