INSERT INTO tags (id, name) VALUES (1, 'urgent!') ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name;
