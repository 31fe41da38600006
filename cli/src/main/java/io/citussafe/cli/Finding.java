package io.citussafe.cli;

import java.util.Locale;

/**
 * Something the review says about one statement.
 *
 * @param code what kind of finding, stable for scripts: {@code rewrite}, {@code refused},
 *     {@code ctdc-in-transaction}…
 */
record Finding(Finding.Level level, String code, String message) {

  enum Level {
    INFO, WARNING, ERROR;

    String lower() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
