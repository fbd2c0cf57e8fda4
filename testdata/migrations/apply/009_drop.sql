-- A scratch table used during a data migration, then dropped.
CREATE TABLE import_scratch (email VARCHAR(100) PRIMARY KEY, full_name VARCHAR(200));
INSERT INTO import_scratch VALUES ('dee@example.com', 'Dee'), ('eve@example.com', 'Eve');
INSERT INTO users (email, full_name) SELECT email, full_name FROM import_scratch ORDER BY email;
DROP TABLE import_scratch;
ALTER TABLE articles DROP INDEX idx_title;
ALTER TABLE users DROP COLUMN status;
