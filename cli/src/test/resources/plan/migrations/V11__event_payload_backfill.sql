-- events has no primary key: citussafe cannot match the rows of a rewrite.
UPDATE events SET payload = gen_random_uuid()::text WHERE payload IS NULL;
