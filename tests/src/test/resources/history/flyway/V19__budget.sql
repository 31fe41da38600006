ALTER TABLE projects ADD COLUMN budget numeric CHECK (budget >= 0);
