INSERT INTO countries VALUES ('de', 'Germany'), ('fr', 'France'), ('in', 'India');
INSERT INTO accounts SELECT g, 'account ' || g, CASE g % 3 WHEN 0 THEN 'de' WHEN 1 THEN 'fr' ELSE 'in' END
  FROM generate_series(1, 20) g;
INSERT INTO projects SELECT a, p, CASE WHEN p = 2 THEN NULL ELSE 'project ' || p END
  FROM generate_series(1, 20) a, generate_series(1, 3) p;
INSERT INTO tasks SELECT a, p * 100 + t, p, 'task ' || t, t % 2 = 0
  FROM generate_series(1, 20) a, generate_series(1, 3) p, generate_series(1, 5) t;
