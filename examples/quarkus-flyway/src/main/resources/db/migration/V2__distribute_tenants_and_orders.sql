-- On Citus this copies the rows into the shards and, without citussafe, leaves them in the
-- coordinator's heap too. On plain PostgreSQL citussafe skips both calls with a warning.
SELECT create_distributed_table('tenants', 'id');
SELECT create_distributed_table('orders', 'id');
