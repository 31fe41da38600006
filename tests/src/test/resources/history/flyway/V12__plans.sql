CREATE TABLE plans (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO plans VALUES (1, 'free'), (2, 'team');
ALTER TABLE accounts ADD COLUMN plan_id int;
ALTER TABLE accounts ADD CONSTRAINT accounts_plan_fk FOREIGN KEY (plan_id) REFERENCES plans (id) ON DELETE SET NULL;
