package io.citussafe.tests.support;

import java.util.List;

/** Table shapes that tests of the placement checks share. */
public final class CitusShapes {

  /**
   * A Citus-local {@code parent} with a {@code nextval()} default and a reference table {@code child}
   * with a foreign key to it: Citus keeps that default and that key on the coordinator only.
   */
  public static final List<String> REFERENCE_TO_CITUS_LOCAL = List.of("CREATE SEQUENCE seq START 100",
      "CREATE TABLE parent (id bigint PRIMARY KEY, n bigint DEFAULT nextval('seq'))",
      "SELECT citus_add_local_table_to_metadata('parent')",
      "CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint REFERENCES parent (id))",
      "SELECT create_reference_table('child')",
      "INSERT INTO parent (id) VALUES (1)", "INSERT INTO child VALUES (1, 1)");

  private CitusShapes() {
  }
}
