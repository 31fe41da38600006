ALTER TABLE tasks ADD COLUMN tag_id int REFERENCES tags (id);
