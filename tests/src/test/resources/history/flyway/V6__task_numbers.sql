ALTER TABLE tasks ADD COLUMN number bigserial;
