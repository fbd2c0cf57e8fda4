ALTER TABLE users ADD COLUMN nickname VARCHAR(30) NULL;
UPDATE users SET nickname = LOWER(SUBSTRING(full_name, 1, 1));
