UPDATE projects SET name = 'unnamed' WHERE name IS NULL;
ALTER TABLE projects ALTER COLUMN name SET NOT NULL;
