CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL);
CREATE TABLE accounts (
  id bigint PRIMARY KEY,
  name varchar(100) NOT NULL,
  country_code char(2) REFERENCES countries (code)
);
CREATE TABLE projects (
  account_id bigint NOT NULL REFERENCES accounts (id),
  id bigint NOT NULL,
  name text,
  PRIMARY KEY (account_id, id)
);
CREATE TABLE tasks (
  account_id bigint NOT NULL,
  id bigint NOT NULL,
  project_id bigint NOT NULL,
  title text NOT NULL,
  done boolean NOT NULL DEFAULT false,
  PRIMARY KEY (account_id, id),
  CONSTRAINT tasks_project_fk FOREIGN KEY (account_id, project_id) REFERENCES projects (account_id, id)
);
