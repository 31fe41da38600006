-- d_fk references the reference table ref. On Citus through plain pgjdbc: cannot modify table
-- "ref" because there was a parallel operation on a distributed table.
SELECT count(*) FROM d_fk;

UPDATE ref SET name = name || '!';
