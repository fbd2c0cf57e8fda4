CREATE UNIQUE INDEX uk_users_email ON users (email);
ALTER TABLE posts
  DROP INDEX idx_user,
  ADD INDEX idx_user_title (user_id, title),
  ADD INDEX idx_title (title);
