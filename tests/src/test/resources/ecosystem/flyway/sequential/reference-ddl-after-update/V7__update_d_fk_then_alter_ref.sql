-- On Citus through plain pgjdbc: cannot execute DDL on table "ref" because there was a parallel
-- DML access to distributed table "d_fk" in the same transaction.
UPDATE d_fk SET v = v + 1;

ALTER TABLE ref ADD COLUMN extra int;
