-- The distribution column of orders is id: Citus cannot move rows between shards.
UPDATE orders SET id = id + 100000 WHERE tenant_id = 0;
