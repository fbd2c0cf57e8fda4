-- A typo in a column name: the whole migration must roll back.
ALTER TABLE articles DROP COLUMN tag_id;
ALTER TABLE users RENAME COLUMN fullname TO display_name;
