-- create_distributed_table_concurrently cannot run in the transaction Flyway opens for this file.
CREATE TABLE events (tenant_id bigint NOT NULL, payload text);
SELECT create_distributed_table_concurrently('events', 'tenant_id');
