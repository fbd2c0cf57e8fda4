-- Ed and Eve share the nickname 'e': the unique index cannot be built and
-- the whole migration must roll back.
INSERT INTO users (email, full_name) VALUES ('ed@example.com', 'Ed');
UPDATE users SET nickname = LOWER(SUBSTRING(full_name, 1, 1)) WHERE nickname IS NULL;
ALTER TABLE users ADD UNIQUE INDEX uk_nickname (nickname);
