-- The first tables of an application, with seed data.
CREATE TABLE users (
  id INT NOT NULL AUTO_INCREMENT,
  email VARCHAR(100) NOT NULL,
  name VARCHAR(50) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO users (email, name) VALUES
  ('ann@example.com', 'Ann'),
  ('bob@example.com', 'Bob'),
  ('cy@example.com', 'Cy O''Neil');
