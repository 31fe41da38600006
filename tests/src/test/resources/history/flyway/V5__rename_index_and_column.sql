CREATE INDEX tasks_title_idx ON tasks (title);
ALTER INDEX tasks_title_idx RENAME TO tasks_title_ix;
ALTER TABLE tasks RENAME COLUMN done TO completed;
