-- Fails on Citus through plain pgjdbc: the coordinator still holds the pre-backfill rows
-- (SQLSTATE 23502, column "tenant_id" of relation "orders" contains null values).
ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL;
ALTER TABLE orders ALTER COLUMN region SET NOT NULL;
