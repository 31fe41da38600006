SELECT create_distributed_table('tenants', 'id');
SELECT create_distributed_table('orders', 'id');
