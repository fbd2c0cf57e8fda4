-- New columns with defaults fill existing rows; AFTER places a column.
ALTER TABLE users
  ADD COLUMN status TINYINT NOT NULL DEFAULT 1 AFTER email,
  ADD COLUMN created_at DATETIME NOT NULL DEFAULT '2024-01-01 00:00:00';
ALTER TABLE posts ADD COLUMN published TINYINT(1) NOT NULL DEFAULT 0;
UPDATE posts SET published = 1 WHERE body IS NOT NULL;
