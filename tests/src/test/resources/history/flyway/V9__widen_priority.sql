ALTER TABLE tasks ALTER COLUMN priority TYPE bigint;
