-- flyway:executeInTransaction=false
CREATE TABLE audit_log (id bigint PRIMARY KEY, tenant_id bigint, entry text);
SELECT create_distributed_table_concurrently('audit_log', 'id');
