-- On Citus through plain pgjdbc: cannot run type command because there was a parallel operation
-- on a distributed table in the transaction.
UPDATE d SET v = v + 1;

CREATE TYPE mood AS ENUM ('calm', 'tense');
