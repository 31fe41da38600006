-- Setup for the refused sequences, one step per migration as a team writes them for Citus; the
-- refused sequences follow in the other folders under ecosystem/flyway/sequential.
CREATE TABLE ref (
  id   int PRIMARY KEY,
  name text
);

INSERT INTO ref SELECT g, 'r' || g FROM generate_series(1, 10) g;

SELECT create_reference_table('ref');
