-- On Citus through plain pgjdbc: cannot execute DDL on table "ref" because there was a parallel
-- DML access to distributed table "d_fk" in the same transaction. CASCADE: d_fk references ref.
UPDATE d_fk SET v = v + 1;

TRUNCATE ref CASCADE;
