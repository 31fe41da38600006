-- Runs outside a transaction (V2__note_not_null.sql.conf), so citussafe checks the rows while
-- writes go on.
ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
