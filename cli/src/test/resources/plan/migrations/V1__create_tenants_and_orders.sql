-- Sample migrations for the plan review (see PlanCliTest): the incident first, then one file per
-- thing citussafe cannot fix. Each file runs in its own transaction unless it says otherwise.
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

INSERT INTO tenants (id, name) SELECT g, 'tenant ' || g FROM generate_series(0, 10) g;
INSERT INTO orders (id, tenant_id, amount)
SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE g % 10 + 1 END, g * 1.25 FROM generate_series(1, 1000) g;
