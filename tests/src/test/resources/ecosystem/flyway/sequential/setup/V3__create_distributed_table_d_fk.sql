CREATE TABLE d_fk (
  id     int PRIMARY KEY,
  ref_id int,
  v      int
);

INSERT INTO d_fk SELECT g, 1 + g % 10, 0 FROM generate_series(1, 100) g;

SELECT create_distributed_table('d_fk', 'id');
