ALTER TABLE orders ADD COLUMN discount numeric(12, 2), ADD CONSTRAINT orders_discount_positive CHECK (discount >= 0);
