package org.gridsuite.study.server.migration;

import liquibase.change.custom.CustomTaskChange;
import liquibase.database.Database;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.CustomChangeException;
import liquibase.exception.ValidationErrors;
import liquibase.resource.ResourceAccessor;

/**
 * A stand-in, under the name the gridsuite study-server history's changelog gives, for that
 * application's Java change that rewrites the JSON of each row of {@code import_parameters}. The
 * history runner applies the history to an empty schema, where the change has no row to rewrite:
 * the stand-in checks that, and refuses a table with rows rather than pretend to convert them.
 */
public final class ImportParametersMigration implements CustomTaskChange {

  @Override
  public void execute(Database database) throws CustomChangeException {
    try (var statement = ((JdbcConnection) database.getConnection()).createStatement();
        var rows = statement.executeQuery("SELECT count(*) FROM import_parameters")) {
      rows.next();
      if (rows.getLong(1) > 0) {
        throw new CustomChangeException("The stand-in converts no rows, and import_parameters has "
            + rows.getLong(1) + ": run the application's own change");
      }
    } catch (Exception e) {
      throw e instanceof CustomChangeException c ? c : new CustomChangeException(e);
    }
  }

  @Override
  public String getConfirmationMessage() {
    return "import_parameters has no rows to convert";
  }

  @Override
  public void setUp() {
    // nothing to set up
  }

  @Override
  public void setFileOpener(ResourceAccessor resourceAccessor) {
    // reads no file
  }

  @Override
  public ValidationErrors validate(Database database) {
    return new ValidationErrors();
  }
}
