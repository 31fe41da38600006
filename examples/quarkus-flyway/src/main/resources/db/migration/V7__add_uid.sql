ALTER TABLE orders ADD COLUMN uid uuid;
