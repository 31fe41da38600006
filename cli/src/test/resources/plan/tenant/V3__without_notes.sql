DROP TABLE ad_notes;
SELECT create_distributed_table('campaigns', 'company_id');
SELECT create_distributed_table('companies', 'id');
