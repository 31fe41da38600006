ALTER TABLE tasks RENAME CONSTRAINT tasks_priority_range TO tasks_priority_check;
ALTER TABLE projects RENAME CONSTRAINT projects_pkey TO projects_pk;
ALTER TABLE accounts RENAME CONSTRAINT accounts_country_code_fkey TO accounts_country_fk;
