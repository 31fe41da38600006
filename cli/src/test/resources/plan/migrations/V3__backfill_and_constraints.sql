UPDATE orders SET tenant_id = 0 WHERE tenant_id IS NULL;
ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL;
ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0);
ALTER TABLE orders ADD COLUMN uid uuid;
-- Citus rejects gen_random_uuid() in an UPDATE of a distributed table; citussafe rewrites it.
UPDATE orders SET uid = gen_random_uuid() WHERE uid IS NULL;
ALTER TABLE orders ALTER COLUMN uid SET NOT NULL;
