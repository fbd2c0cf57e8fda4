ALTER TABLE users RENAME COLUMN name TO full_name;
ALTER TABLE posts CHANGE body content MEDIUMTEXT;
