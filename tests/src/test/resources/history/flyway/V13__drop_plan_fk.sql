ALTER TABLE accounts DROP CONSTRAINT accounts_plan_fk;
