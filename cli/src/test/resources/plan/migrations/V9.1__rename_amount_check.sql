ALTER TABLE orders RENAME CONSTRAINT orders_amount_positive TO orders_amount_check;
