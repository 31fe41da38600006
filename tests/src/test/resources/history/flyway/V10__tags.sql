CREATE TABLE tags (id int PRIMARY KEY, name text NOT NULL UNIQUE);
INSERT INTO tags VALUES (1, 'urgent'), (2, 'later');
