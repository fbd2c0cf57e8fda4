package walrus_test

import (
	"database/sql"
	"fmt"
	"math/rand"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/walrusdb/walrus/internal/mariadbtest"
)

// dumpSchema has the common MySQL column types, primary, unique,
// secondary and composite keys, AUTO_INCREMENT on signed and unsigned
// keys, and foreign keys whose child tables sort before their parents
// (comments -> posts -> users), so a dump only loads with
// FOREIGN_KEY_CHECKS=0 honoured, ENUM and SET columns (one indexed), and
// a view. dumpTrigger is created after the rows.
const dumpSchema = `
CREATE TABLE users (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(120) NOT NULL,
  name VARCHAR(100) NOT NULL,
  country CHAR(2) NOT NULL DEFAULT 'US',
  active TINYINT(1) NOT NULL DEFAULT 1,
  balance DECIMAL(10,2) NOT NULL DEFAULT 0.00,
  score DOUBLE,
  ratio FLOAT,
  born DATE,
  created DATETIME(3) NOT NULL,
  updated TIMESTAMP NULL DEFAULT NULL,
  wake TIME,
  since YEAR,
  bio TEXT,
  avatar BLOB,
  status ENUM('active','banned','pending') NOT NULL DEFAULT 'pending',
  perms SET('read','write','admin'),
  UNIQUE KEY uk_email (email),
  KEY k_country_name (country, name),
  KEY k_status (status)
);
CREATE TABLE posts (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id INT UNSIGNED NOT NULL,
  title VARCHAR(200) NOT NULL,
  body LONGTEXT,
  payload LONGBLOB,
  views BIGINT NOT NULL DEFAULT 0,
  small INT,
  KEY k_user (user_id),
  CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE TABLE comments (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  post_id BIGINT NOT NULL,
  user_id INT UNSIGNED,
  body TEXT NOT NULL,
  posted DATETIME NOT NULL,
  KEY k_post_posted (post_id, posted),
  FOREIGN KEY (post_id) REFERENCES posts (id),
  FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
);
CREATE VIEW user_stats AS
  SELECT u.id, u.country, COUNT(p.id) AS posts, SUM(p.views) AS views
  FROM users u LEFT JOIN posts p ON p.user_id = u.id GROUP BY u.id, u.country;
`

// dumpTrigger makes the dump hold a trigger, which mariadb-dump writes
// between DELIMITER ;; lines inside /*!50003 ... */ comments, with
// MariaDB's sql_mode (NO_AUTO_CREATE_USER) set around it.
const dumpTrigger = "CREATE TRIGGER posts_bi BEFORE INSERT ON posts FOR EACH ROW SET NEW.views = NEW.views + 1000"

// sqlQuote quotes s as a MySQL string literal.
func sqlQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\r", `\r`, "\x00", `\0`, "\x1a", `\Z`)
	return "'" + r.Replace(s) + "'"
}

// dumpRows returns the INSERTs for 1000 users, 2000 posts and 3000
// comments from a fixed seed: awkward text (quotes, backslashes, newlines,
// NUL, ^Z, non-ASCII), binary blobs with 0x00 and 0x1A, boundary integers,
// NULLs, and id gaps: explicit ids that skip, and deleted largest rows, so
// that each table's AUTO_INCREMENT is above max(id)+1.
func dumpRows() string {
	rng := rand.New(rand.NewSource(8))
	words := []string{"anna", "Anna", "zoë", "Émile", "o'brien", `back\slash`, "tab\there", "new\nline",
		"🐳", "李", "x;y", "--", "/*c*/", `"dq"`, "nul\x00byte", "ctrl\x1az", "", " lead", "trail "}
	var b strings.Builder
	batch := func(i int, head string) {
		if i%200 == 1 {
			if i > 1 {
				b.WriteString(";\n")
			}
			b.WriteString(head)
		} else {
			b.WriteString(",\n")
		}
	}
	orNull := func(p int, v string) string {
		if rng.Intn(p) == 0 {
			return "NULL"
		}
		return v
	}
	blob := func(n int) string {
		p := make([]byte, n)
		rng.Read(p)
		if n > 2 {
			p[0], p[n-1] = 0x00, 0x1a
		}
		return fmt.Sprintf("X'%X'", p)
	}
	b.WriteString("BEGIN;\n")
	var ids []int
	id := 0
	for i := 1; i <= 1000; i++ {
		batch(i, "INSERT INTO users VALUES\n")
		id += 1 + rng.Intn(3)/2 // explicit ids with gaps
		ids = append(ids, id)
		name := words[rng.Intn(len(words))] + " " + strconv.Itoa(i)
		fmt.Fprintf(&b, "(%d, %s, %s, %s, %d, %d.%02d, %s, %s, %s, '%04d-%02d-%02d %02d:%02d:%02d.%03d', %s, %s, %s, %s, %s, %s, %s)",
			id, sqlQuote(fmt.Sprintf("user%d@example.com", i)), sqlQuote(name),
			sqlQuote([]string{"US", "DE", "FR", "JP", "BR"}[rng.Intn(5)]), rng.Intn(2),
			rng.Intn(2000000)-1000000, rng.Intn(100),
			orNull(5, fmt.Sprint(float64(rng.Intn(800000)-400000)/8)),
			orNull(5, fmt.Sprint(float64(rng.Intn(4000))/4)),
			orNull(6, fmt.Sprintf("'%04d-%02d-%02d'", 1950+rng.Intn(55), 1+rng.Intn(12), 1+rng.Intn(28))),
			2000+rng.Intn(25), 1+rng.Intn(12), 1+rng.Intn(28), rng.Intn(24), rng.Intn(60), rng.Intn(60), rng.Intn(1000),
			orNull(3, fmt.Sprintf("'%04d-%02d-%02d %02d:%02d:%02d'", 2001+rng.Intn(30), 1+rng.Intn(12), 1+rng.Intn(28), rng.Intn(24), rng.Intn(60), rng.Intn(60))),
			orNull(4, fmt.Sprintf("'%s%02d:%02d:%02d'", []string{"", "-"}[rng.Intn(2)], rng.Intn(200), rng.Intn(60), rng.Intn(60))),
			orNull(4, fmt.Sprint(1901+rng.Intn(255))),
			orNull(4, sqlQuote(strings.Repeat(words[rng.Intn(len(words))]+" ", rng.Intn(6)))),
			orNull(3, blob(rng.Intn(40))),
			[]string{"'active'", "'banned'", "'pending'", "1", "'2'"}[rng.Intn(5)], // a number is the member index
			orNull(4, []string{"''", "'read'", "'write,read'", "'admin,read,write'", "5", "'admin'"}[rng.Intn(6)]))
	}
	b.WriteString(";\n")
	bigInts := []string{"-9223372036854775808", "9223372036854775807", "0", "-1", "4294967295"}
	smallInts := []string{"-2147483648", "2147483647", "0", "NULL"}
	for i := 1; i <= 2000; i++ {
		batch(i, "INSERT INTO posts (user_id, title, body, payload, views, small) VALUES\n")
		views := fmt.Sprint(rng.Intn(100000))
		small := fmt.Sprint(rng.Intn(1000) - 500)
		if i <= len(bigInts) {
			views = bigInts[i-1]
		}
		if i <= len(smallInts) {
			small = smallInts[i-1]
		}
		fmt.Fprintf(&b, "(%d, %s, %s, %s, %s, %s)", ids[rng.Intn(len(ids))],
			sqlQuote(fmt.Sprintf("%s #%d", words[rng.Intn(len(words))], i)),
			orNull(5, sqlQuote(strings.Repeat(words[rng.Intn(len(words))]+"\n", rng.Intn(30)))),
			orNull(2, blob(rng.Intn(300))), views, small)
	}
	b.WriteString(";\n")
	for i := 1; i <= 3000; i++ {
		batch(i, "INSERT INTO comments (post_id, user_id, body, posted) VALUES\n")
		fmt.Fprintf(&b, "(%d, %s, %s, '%04d-%02d-%02d %02d:%02d:%02d')", 1+rng.Intn(1990),
			orNull(8, fmt.Sprint(ids[rng.Intn(len(ids))])), sqlQuote(words[rng.Intn(len(words))]),
			2010+rng.Intn(15), 1+rng.Intn(12), 1+rng.Intn(28), rng.Intn(24), rng.Intn(60), rng.Intn(60))
	}
	b.WriteString(";\n")
	// Leave AUTO_INCREMENT above max(id)+1 in every table.
	b.WriteString("DELETE FROM comments WHERE id > 2990;\n")
	b.WriteString("DELETE FROM comments WHERE post_id > 1995;\nDELETE FROM posts WHERE id > 1995;\n")
	fmt.Fprintf(&b, "INSERT INTO users (email, name, created) VALUES ('gone@example.com', 'gone', '2020-01-01');\n")
	b.WriteString("DELETE FROM users WHERE email = 'gone@example.com';\nCOMMIT;\n")
	return b.String()
}

// dumpQueries run on both sides. Text goes through HEX() and times
// through CAST(... AS CHAR) so both clients print them the same way.
var dumpQueries = []string{
	"SELECT COUNT(*), MAX(id), MIN(id), SUM(id) FROM users",
	"SELECT COUNT(*), MAX(id), SUM(views), MIN(views), MAX(views), SUM(small), COUNT(body), COUNT(payload) FROM posts",
	"SELECT COUNT(*), MAX(id), COUNT(user_id) FROM comments",
	"SELECT SUM(balance), MIN(balance), MAX(balance), SUM(score), MIN(score), MAX(ratio), SUM(active), SUM(since) FROM users",
	"SELECT id, HEX(email), HEX(name), country, active, balance, score, ratio, CAST(born AS CHAR), CAST(created AS CHAR), " +
		"CAST(updated AS CHAR), CAST(wake AS CHAR), since, HEX(bio), HEX(avatar) FROM users ORDER BY id",
	"SELECT id, user_id, HEX(title), HEX(body), HEX(payload), LENGTH(payload), views, small FROM posts ORDER BY id",
	"SELECT id, post_id, user_id, HEX(body), CAST(posted AS CHAR) FROM comments ORDER BY id",
	"SELECT HEX(name), id FROM users ORDER BY name, id",
	"SELECT HEX(title), id FROM posts ORDER BY title DESC, id LIMIT 300",
	"SELECT id, balance FROM users ORDER BY balance, id",
	"SELECT id, score FROM users ORDER BY score DESC, id",
	"SELECT country, COUNT(*), SUM(balance), MIN(HEX(name)), MAX(born) FROM users GROUP BY country ORDER BY country",
	"SELECT user_id, COUNT(*), SUM(views) FROM posts GROUP BY user_id HAVING COUNT(*) > 2 ORDER BY user_id",
	"SELECT YEAR(posted), COUNT(*) FROM comments GROUP BY YEAR(posted) ORDER BY 1",
	"SELECT u.id, HEX(u.name), COUNT(p.id), SUM(p.views) FROM users u LEFT JOIN posts p ON p.user_id = u.id GROUP BY u.id, u.name ORDER BY u.id",
	"SELECT c.id, p.id, HEX(u.email) FROM comments c JOIN posts p ON p.id = c.post_id JOIN users u ON u.id = p.user_id " +
		"WHERE c.posted >= '2020-01-01' ORDER BY c.posted, c.id",
	"SELECT id, HEX(name), balance FROM users WHERE email = 'user500@example.com'",
	"SELECT id, HEX(name) FROM users WHERE country = 'JP' AND name >= 'a' ORDER BY country, name, id",
	"SELECT id, CAST(posted AS CHAR) FROM comments WHERE post_id = 17 ORDER BY posted, id",
	"SELECT COUNT(*) FROM users WHERE bio IS NULL",
	"SELECT COUNT(*) FROM posts WHERE INSTR(payload, X'00') > 0",
	"SELECT id, country, posts, views FROM user_stats ORDER BY id",
	"SELECT country, SUM(posts), MAX(views) FROM user_stats GROUP BY country ORDER BY country",
	// ENUM and SET: strings, index and mask, ORDER BY member order,
	// comparison and MIN/MAX as strings.
	"SELECT id, status, status + 0, perms, perms + 0 FROM users ORDER BY id",
	"SELECT id, status, perms FROM users ORDER BY status DESC, perms, id",
	"SELECT status, COUNT(*), MIN(perms), MAX(perms) FROM users GROUP BY status ORDER BY status",
	"SELECT COUNT(*) FROM users WHERE status = 'banned' AND FIND_IN_SET('write', perms) > 0",
	"SELECT COUNT(*), MIN(status), MAX(status) FROM users WHERE status > 'active' AND perms IN ('read', 'read,write')",
	"SELECT column_name, data_type, column_type, character_maximum_length FROM information_schema.columns " +
		"WHERE table_schema = DATABASE() AND table_name = 'users' AND data_type IN ('enum', 'set') ORDER BY ordinal_position",
	// Keys and foreign keys survive with their names.
	"SELECT table_name, index_name, seq_in_index, column_name, non_unique FROM information_schema.statistics " +
		"WHERE table_schema = DATABASE() ORDER BY table_name, non_unique, index_name, seq_in_index",
	"SELECT table_name, constraint_name, column_name, referenced_table_name, referenced_column_name FROM information_schema.key_column_usage " +
		"WHERE table_schema = DATABASE() AND referenced_table_name IS NOT NULL ORDER BY table_name, constraint_name",
	// An unspecified rule is RESTRICT in MariaDB, NO ACTION in MySQL 8
	// and walrus: only the explicit ones compare.
	"SELECT table_name, constraint_name, delete_rule FROM information_schema.referential_constraints " +
		"WHERE constraint_schema = DATABASE() AND delete_rule IN ('CASCADE', 'SET NULL') ORDER BY table_name, constraint_name",
}

// TestMariaDBDumpFromServer loads what mariadb-dump (default options)
// writes for a live server's database into walrus unchanged, through one
// multi-statement Exec, then requires the same query results and the same
// next AUTO_INCREMENT ids on both sides, and a file that sqlite3's
// integrity_check accepts.
func TestMariaDBDumpFromServer(t *testing.T) {
	sqlite3, err := exec.LookPath("sqlite3")
	require.NoError(t, err, "sqlite3 is the file-format oracle; scripts/test.sh installs it")
	start := time.Now()
	m := mariadbtest.Start(t)
	// walrus compares text in binary order (README), so the source does too.
	m.Query("", "CREATE DATABASE src CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
	m.Query("src", dumpSchema)
	_, err = m.Run("src", "", []byte(dumpRows()))
	require.NoError(t, err)
	m.Query("src", dumpTrigger)
	dump := m.Dump("src")
	for _, want := range []string{"AUTO_INCREMENT=", "DELIMITER ;;", "/*!50001 VIEW `user_stats`"} {
		require.Contains(t, string(dump), want, "the dump has what the test is about")
	}
	t.Logf("MariaDB ready and dumped (%d bytes) in %v", len(dump), time.Since(start))

	path := filepath.Join(t.TempDir(), "dump.db")
	db := openDB(t, path)
	db.SetMaxOpenConns(1)
	loadStart := time.Now()
	_, err = db.Exec(string(dump))
	require.NoError(t, err, "loading the dump")
	t.Logf("walrus loaded the dump in %v", time.Since(loadStart))

	for _, q := range dumpQueries {
		want := mariaDBLines(m.Query("src", q))
		got := walrusLines(t, db, q)
		if !assert.Equal(t, len(want), len(got), q) {
			continue
		}
		for i := range want {
			if want[i] != got[i] {
				assert.Equal(t, want[i], got[i], "%s: row %d", q, i+1)
				break // one row per query is enough to see what differs
			}
		}
	}

	// A row without an id takes the same next AUTO_INCREMENT id on both
	// sides: the dump's AUTO_INCREMENT=N table option carries over.
	inserts := []struct{ table, insert string }{
		{"users", "INSERT INTO users (email, name, created) VALUES ('new@example.com', 'new', '2024-01-01')"},
		{"posts", "INSERT INTO posts (user_id, title) VALUES (1, 'new')"},
		{"comments", "INSERT INTO comments (post_id, body, posted) VALUES (1, 'new', '2024-01-01')"},
	}
	for _, in := range inserts {
		maxBefore := m.Query("src", "SELECT MAX(id) FROM "+in.table)
		want := strings.TrimSpace(m.Query("src", in.insert+"; SELECT LAST_INSERT_ID()"))
		res, err := db.Exec(in.insert)
		require.NoError(t, err, in.insert)
		id, err := res.LastInsertId()
		require.NoError(t, err)
		assert.Equal(t, want, strconv.FormatInt(id, 10), "next id of %s", in.table)
		assert.NotEqual(t, strings.TrimSpace(maxBefore), strconv.Itoa(int(id)-1), "%s: the test needs a gap above max(id)", in.table)
	}
	// The trigger came along and fires on both sides.
	q := "SELECT id, views FROM posts ORDER BY id DESC LIMIT 2"
	assert.Equal(t, mariaDBLines(m.Query("src", q)), walrusLines(t, db, q))
	assert.Equal(t, []string{"1000"}, walrusLines(t, db, "SELECT views FROM posts WHERE title = 'new'"))
	require.NoError(t, db.Close())

	out, err := exec.Command(sqlite3, path, "PRAGMA integrity_check").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Equal(t, "ok", strings.TrimSpace(string(out)))
	t.Logf("total %v", time.Since(start))
}

// mariaDBLines splits the batch output of the mariadb client into rows
// with fields joined by "|".
func mariaDBLines(out string) []string {
	out = strings.TrimSuffix(out, "\n")
	if out == "" {
		return nil
	}
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		lines[i] = strings.ReplaceAll(l, "\t", "|")
	}
	return lines
}

// walrusLines runs q and prints each row as the mariadb client would.
func walrusLines(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	require.NoError(t, err, q)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var lines []string
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		require.NoError(t, rows.Scan(ptrs...))
		fields := make([]string, len(vals))
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
				fields[i] = "NULL"
			case []byte:
				fields[i] = string(v)
			case float64:
				fields[i] = strconv.FormatFloat(v, 'f', -1, 64)
			case time.Time:
				t.Fatalf("%s: column %s is a time; select CAST(%s AS CHAR)", q, cols[i], cols[i])
			default:
				fields[i] = fmt.Sprint(v)
			}
		}
		lines = append(lines, strings.Join(fields, "|"))
	}
	require.NoError(t, rows.Err(), q)
	return lines
}
