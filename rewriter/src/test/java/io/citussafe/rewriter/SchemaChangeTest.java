package io.citussafe.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import io.citussafe.rewriter.SchemaChange.ActionKind;
import io.citussafe.rewriter.SchemaChange.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaChangeTest {

  @Test
  void read_createTable_columnsConstraintsAndChosenNames() {
    SchemaChange create = SchemaChangeReader.read("CREATE TABLE IF NOT EXISTS s.\"Orders\" (id int8 PRIMARY KEY,"
        + " v varchar(3) NOT NULL, CONSTRAINT u UNIQUE (v), ref bigint REFERENCES t (id), n serial,"
        + " CHECK (v <> ''), UNIQUE (ref, n))");

    assertThat(create.kind()).isEqualTo(Kind.CREATE_TABLE);
    assertThat(create.table()).isEqualTo("Orders");
    assertThat(create.columns()).extracting(SchemaChange.Column::type)
        .containsExactly("bigint", "character varying", "bigint", "integer");
    assertThat(create.columns()).extracting(SchemaChange.Column::notNull).containsExactly(true, true, false, true);
    assertThat(create.columns().get(0).constraints()).extracting(SchemaChange.Constraint::name)
        .containsExactly("Orders_pkey");
    assertThat(create.columns().get(2).references()).isEqualTo(new SchemaChange.Reference("t", List.of("id")));
    assertThat(create.columns().get(2).constraints()).extracting(SchemaChange.Constraint::name)
        .containsExactly("Orders_ref_fkey");
    assertThat(create.columns().get(3).serial()).isTrue();
    assertThat(create.constraints()).extracting(SchemaChange.Constraint::name)
        .containsExactly("u", "Orders_v_check", "Orders_ref_n_key");
  }

  @Test
  void read_nonAsciiNames_foldedAsPostgresFoldsThem() {
    // PostgreSQL folds only A-Z: Ärger stays Ärger, and its key is Ärger_pkey (not ärger_pkey)
    SchemaChange create = SchemaChangeReader.read("CREATE TABLE ÄRGER (ÖlPreis int PRIMARY KEY, a int, b int,"
        + " CHECK (a > b), CHECK (a > 0))");

    assertThat(create.table()).isEqualTo("Ärger");
    assertThat(create.columns()).extracting(SchemaChange.Column::name).containsExactly("Ölpreis", "a", "b");
    assertThat(create.columns().get(0).constraints().get(0).name()).isEqualTo("Ärger_pkey");
    assertThat(create.constraints()).extracting(SchemaChange.Constraint::name)
        .containsExactly("Ärger_check", "Ärger_a_check");
  }

  @Test
  void read_longMultibyteTable_constraintNamesOf63Bytes() {
    // as PostgreSQL names them for CREATE TABLE "ää…" (id int UNIQUE) with 40 ä
    SchemaChange create = SchemaChangeReader.read("CREATE TABLE \"" + "ä".repeat(40) + "\" (id int UNIQUE)");

    assertThat(create.table()).isEqualTo("ä".repeat(31));
    assertThat(create.columns().get(0).constraints().get(0).name()).isEqualTo("ä".repeat(28) + "_id_key");
  }

  @Test
  void read_alterTable_eachAction() {
    SchemaChange alter = SchemaChangeReader.read("ALTER TABLE ONLY sales.orders ADD COLUMN seq bigserial,"
        + " ALTER COLUMN v TYPE varchar(10) USING v::varchar, ALTER v SET NOT NULL, ADD FOREIGN KEY (t_id) REFERENCES t,"
        + " DROP CONSTRAINT IF EXISTS c, RENAME CONSTRAINT a TO b, ALTER COLUMN d SET DEFAULT now()");

    assertThat(alter.kind()).isEqualTo(Kind.ALTER_TABLE);
    assertThat(alter.table()).isEqualTo("orders");
    assertThat(alter.actions()).extracting(SchemaChange.Action::kind).containsExactly(ActionKind.ADD_COLUMN,
        ActionKind.SET_TYPE, ActionKind.SET_NOT_NULL, ActionKind.ADD_CONSTRAINT, ActionKind.DROP_CONSTRAINT,
        ActionKind.RENAME_CONSTRAINT, ActionKind.SET_DEFAULT);
    assertThat(alter.actions().get(0).column().serial()).isTrue();
    assertThat(alter.actions().get(1).detail()).isEqualTo("character varying");
    assertThat(alter.actions().get(3).constraint().name()).isEqualTo("orders_t_id_fkey");
    assertThat(alter.actions().get(5)).extracting(SchemaChange.Action::name, SchemaChange.Action::detail)
        .containsExactly("a", "b");
    assertThat(alter.actions().get(6).detail()).isEqualTo("now()");
  }

  @Test
  void read_addColumnDefault_callsInOrder() {
    SchemaChange alter = SchemaChangeReader.read("ALTER TABLE t ADD COLUMN c text DEFAULT md5(random()::text) || current_date");

    assertThat(alter.actions().get(0).column().defaultCalls()).containsExactly("md5", "random", "current_date");
    assertThat(SchemaChange.isValueFunction("current_date")).isTrue();
  }

  @Test
  void read_citusCall_argumentsByNameOrPosition() {
    SchemaChange call = SchemaChangeReader.read(
        "SELECT create_distributed_table(distribution_column => 'id', table_name => 'sales.orders')");
    assertThat(call.kind()).isEqualTo(Kind.CALL);
    assertThat(call.function()).isEqualTo("create_distributed_table");
    assertThat(call.tableArgument()).isEqualTo("orders");
    assertThat(call.columnArgument()).isEqualTo("id");
    assertThat(call.distributes()).isTrue();

    SchemaChange positional = SchemaChangeReader.read("SELECT public.create_reference_table('\"Ärger\"'::regclass)");
    assertThat(positional.tableArgument()).isEqualTo("Ärger");
    assertThat(positional.makesReferenceTable()).isTrue();
  }

  @Test
  void read_update_assignedColumns() {
    SchemaChange update = SchemaChangeReader.read("UPDATE ONLY orders o SET (a, b) = (1, 2), c = 3 WHERE id = 1");

    assertThat(update.table()).isEqualTo("orders");
    assertThat(update.setColumns()).containsExactly("a", "b", "c");
  }

  @Test
  void read_uniqueIndex_plainColumnsAndChosenName() {
    SchemaChange index = SchemaChangeReader.read("CREATE UNIQUE INDEX CONCURRENTLY ON Ärger (a, b DESC)");
    assertThat(index.kind()).isEqualTo(Kind.CREATE_INDEX);
    assertThat(index.indexColumns()).containsExactly("a", "b");
    assertThat(index.indexName()).isEqualTo("Ärger_a_b_idx");

    assertThat(SchemaChangeReader.read("CREATE UNIQUE INDEX i ON t (lower(a))").indexColumns()).isNull();
    assertThat(SchemaChangeReader.read("CREATE UNIQUE INDEX i ON t (a) WHERE a > 0").indexColumns()).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "INSERT INTO s.t (a) VALUES (1)|INSERT|t",
      "COPY t (a, b) FROM STDIN|COPY|t",
      "COPY t TO STDOUT|OTHER|",
      "DELETE FROM ONLY t WHERE a = 1|DELETE|t",
      "CREATE TABLE t2 AS SELECT * FROM t|CREATE_TABLE|t2",
      "CREATE OR REPLACE VIEW v AS SELECT 1|OTHER|",
      "SELECT 1; garbage (|OTHER|",
      "/* c /* nested */ */ DROP TABLE IF EXISTS a, b CASCADE|DROP_TABLE|"})
  void read_kindAndTable(String sql, Kind kind, String table) {
    SchemaChange change = SchemaChangeReader.read(sql);

    assertThat(change.kind()).isEqualTo(kind);
    assertThat(change.table()).isEqualTo(table);
  }

  @Test
  void read_createTableAs_rowsUnlessWithNoData() {
    assertThat(SchemaChangeReader.read("CREATE TABLE t2 AS SELECT * FROM t").createdWithRows()).isTrue();
    assertThat(SchemaChangeReader.read("CREATE TABLE t2 AS SELECT * FROM t WITH NO DATA").createdWithRows()).isFalse();
    assertThat(SchemaChangeReader.read("CREATE TABLE t2 (a int)").createdWithRows()).isFalse();
  }

  @Test
  void read_createFunction_volatility() {
    SchemaChange function = SchemaChangeReader.read("CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql STABLE AS"
        + " $$ SELECT 1 /* immutable */ $$");

    assertThat(function.function()).isEqualTo("f");
    assertThat(function.volatility()).isEqualTo('s');
  }
}
