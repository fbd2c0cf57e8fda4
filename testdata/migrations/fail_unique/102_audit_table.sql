CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, note TEXT);
INSERT INTO audit (note) VALUES ('nickname added');
RENAME TABLE articles TO posts;
DROP INDEX uk_users_email ON users;
