CREATE OR REPLACE VIEW tenant_totals AS
SELECT tenant_id, sum(amount) AS total FROM orders GROUP BY tenant_id;
