CREATE TABLE products (sku text PRIMARY KEY, name text);
INSERT INTO products VALUES ('a-1', 'apple'), ('b-2', 'banana');
SELECT create_reference_table('products');
-- Scans the heap right after the same migration distributed the table with rows.
ALTER TABLE products ALTER COLUMN name SET NOT NULL;
-- Each copy of a reference table would compute its own clock_timestamp().
ALTER TABLE products ADD COLUMN added_at timestamptz DEFAULT clock_timestamp();
