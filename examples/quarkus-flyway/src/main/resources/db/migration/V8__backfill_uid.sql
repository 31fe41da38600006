-- Citus rejects this UPDATE of a distributed table as written (functions used in UPDATE queries
-- on distributed tables must not be VOLATILE); citussafe rewrites it so that every row still gets
-- a value of its own. On plain PostgreSQL it runs as written.
UPDATE orders SET uid = gen_random_uuid() WHERE uid IS NULL;
