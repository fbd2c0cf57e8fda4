-- Widen a column and change a type: existing values convert.
ALTER TABLE users MODIFY name VARCHAR(200) NOT NULL DEFAULT '';
ALTER TABLE posts MODIFY score DECIMAL(8,2) NULL;
