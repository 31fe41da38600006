ALTER TABLE tasks DROP CONSTRAINT tasks_project_fk,
  ADD CONSTRAINT tasks_project_fk FOREIGN KEY (account_id, project_id) REFERENCES projects (account_id, id) ON DELETE CASCADE;
