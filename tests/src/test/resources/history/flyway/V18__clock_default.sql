ALTER TABLE tasks ALTER COLUMN created_at SET DEFAULT clock_timestamp();
