-- one ALTER with a new column and a check on it, as ORMs and hand-written migrations do
ALTER TABLE tasks ADD COLUMN priority int NOT NULL DEFAULT 0,
  ADD CONSTRAINT tasks_priority_range CHECK (priority BETWEEN 0 AND 5);
