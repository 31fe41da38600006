UPDATE orders SET tenant_id = 0 WHERE tenant_id IS NULL;
UPDATE orders SET region = 'eu';

-- Left out on purpose: the incident also added "uid uuid" and backfilled it with
-- UPDATE orders SET uid = gen_random_uuid(), which Citus rejects (volatile function in an UPDATE
-- of a distributed table). citussafe's rewrite of such DML is a separate, unfinished issue; the
-- step joins this set once that lands.
