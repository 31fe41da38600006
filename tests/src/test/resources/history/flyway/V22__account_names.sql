ALTER TABLE accounts ALTER COLUMN name TYPE varchar(200);
ALTER TABLE accounts ADD COLUMN updated_at timestamptz DEFAULT clock_timestamp();
