-- The incident migration set, written as a team writes Flyway migrations: each file
-- runs in its own transaction (Flyway's default), distribution, backfill and constraints apart.
CREATE TABLE tenants (
  id   bigint PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE orders (
  id         bigint PRIMARY KEY,
  tenant_id  bigint,
  amount     numeric(12, 2) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Tenant 0 collects the orders that never had one.
INSERT INTO tenants (id, name) SELECT g, 'tenant ' || g FROM generate_series(0, 10) g;

-- 1000 orders; every 7th (142 of them) has no tenant.
INSERT INTO orders (id, tenant_id, amount)
SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE g % 10 + 1 END, g * 1.25
FROM generate_series(1, 1000) g;
