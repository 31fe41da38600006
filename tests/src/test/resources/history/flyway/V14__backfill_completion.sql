ALTER TABLE tasks ADD COLUMN completed_at timestamptz;
UPDATE tasks SET completed_at = clock_timestamp() WHERE completed;
