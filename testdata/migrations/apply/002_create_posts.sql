CREATE TABLE posts (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id INT NOT NULL,
  title VARCHAR(100) NOT NULL,
  body TEXT,
  score INT DEFAULT NULL,
  KEY idx_user (user_id)
);

INSERT INTO posts (user_id, title, body, score) VALUES
  (1, 'Hello', 'first post', 10),
  (1, 'Again', NULL, NULL),
  (2, 'Bob here', 'line1\nline2', 3);
