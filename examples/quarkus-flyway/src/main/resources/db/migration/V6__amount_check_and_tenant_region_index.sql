ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0);
CREATE INDEX orders_tenant_region_idx ON orders (tenant_id, region);
