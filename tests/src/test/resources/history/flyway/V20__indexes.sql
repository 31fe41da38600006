CREATE INDEX projects_name_idx ON projects (name);
CREATE INDEX projects_budget_idx ON projects (budget);
DROP INDEX projects_name_idx, projects_budget_idx;
