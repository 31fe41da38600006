CREATE UNIQUE INDEX orders_uid_key ON orders (uid);
