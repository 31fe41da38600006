SELECT create_distributed_table('ads', 'company_id');
