CREATE TABLE orders (id bigint PRIMARY KEY, note text);
INSERT INTO orders SELECT g, 'x' FROM generate_series(1, 2000) g;
ANALYZE orders;
