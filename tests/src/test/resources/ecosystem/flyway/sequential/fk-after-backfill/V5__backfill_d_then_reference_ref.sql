-- On Citus through plain pgjdbc: cannot modify table "d" because there was a parallel operation
-- on a distributed table in the transaction.
UPDATE d SET v = v + 1;

ALTER TABLE d ADD CONSTRAINT d_ref_fk FOREIGN KEY (ref_id) REFERENCES ref (id);
