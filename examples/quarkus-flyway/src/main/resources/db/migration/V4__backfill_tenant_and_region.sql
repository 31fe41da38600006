UPDATE orders SET tenant_id = 0 WHERE tenant_id IS NULL;
UPDATE orders SET region = 'eu';
