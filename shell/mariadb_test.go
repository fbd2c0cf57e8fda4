package shell

import (
	"context"
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mariaDBSchema has the common MySQL column types, a unique key, plain and
// composite indexes, foreign keys (one referencing its own table) and a
// text primary key whose values differ only in case.
const mariaDBSchema = `
CREATE TABLE customers (
  id INT PRIMARY KEY,
  code BIGINT UNSIGNED NOT NULL,
  name VARCHAR(100) NOT NULL,
  note TEXT,
  balance DECIMAL(10,2) NOT NULL DEFAULT 0.00,
  score DOUBLE,
  born DATE,
  seen DATETIME,
  photo BLOB,
  UNIQUE KEY uk_name (name)
);
CREATE TABLE orders (
  id BIGINT PRIMARY KEY AUTO_INCREMENT,
  customer_id INT NOT NULL,
  parent_id BIGINT,
  amount DECIMAL(10,2),
  qty INT,
  placed DATETIME NOT NULL,
  KEY k_placed (placed),
  FOREIGN KEY (customer_id) REFERENCES customers(id),
  FOREIGN KEY (parent_id) REFERENCES orders(id)
);
CREATE INDEX orders_cust ON orders(customer_id, amount);
CREATE TABLE tags (name VARCHAR(20) PRIMARY KEY, weight DOUBLE);
INSERT INTO tags VALUES ('a', 1), ('A', 2.5), ('b', 1.5e-7), ('B', 1e20), ('ä', -0.125), ('Z', NULL);
CREATE VIEW rich AS SELECT id, name, balance FROM customers WHERE balance > 5000;
`

// mariaDBRows returns INSERT statements for 1000 customers and 4000 orders
// from a fixed seed, with awkward text (quotes, backslashes, newlines,
// tabs, non-ASCII, names that differ only in case), unsigned values above
// 2^63, negative decimals, midnight datetimes, NULLs and binary data.
func mariaDBRows() string {
	rng := rand.New(rand.NewSource(42))
	var b strings.Builder
	decimal := func(cents int) string {
		sign := ""
		if cents < 0 {
			sign, cents = "-", -cents
		}
		return fmt.Sprintf("%s%d.%02d", sign, cents/100, cents%100)
	}
	words := []string{"anna", "Anna", "zoë", "Émile", "o'brien", `back\slash`, "tab\there", "new\nline", "🐳", "李", "x;y", "--", "/*c*/"}
	// Some orders reference later rows: load with foreign key checks off.
	b.WriteString("SET FOREIGN_KEY_CHECKS = 0;\nBEGIN;\n")
	for i := 1; i <= 1000; i++ {
		if i%100 == 1 {
			if i > 1 {
				b.WriteString(";\n")
			}
			b.WriteString("INSERT INTO customers VALUES\n")
		} else {
			b.WriteString(",\n")
		}
		name := fmt.Sprintf("%s %d", words[rng.Intn(len(words))], i)
		if i <= len(words) {
			name = words[i-1] // the bare words: 'anna' and 'Anna' must both fit the unique key
		}
		note := "NULL"
		if rng.Intn(4) > 0 {
			note = quoteString(strings.Repeat(words[rng.Intn(len(words))]+" ", rng.Intn(5)))
		}
		score := "NULL"
		if rng.Intn(5) > 0 {
			score = fmt.Sprint(float64(rng.Intn(800000)) / 8)
		}
		born := "NULL"
		if rng.Intn(6) > 0 {
			born = fmt.Sprintf("'%04d-%02d-%02d'", 1950+rng.Intn(55), 1+rng.Intn(12), 1+rng.Intn(28))
		}
		seen := "NULL"
		if rng.Intn(6) > 0 {
			h, m, s := rng.Intn(24), rng.Intn(60), rng.Intn(60)
			if rng.Intn(4) == 0 {
				h, m, s = 0, 0, 0
			}
			seen = fmt.Sprintf("'%04d-%02d-%02d %02d:%02d:%02d'", 2000+rng.Intn(25), 1+rng.Intn(12), 1+rng.Intn(28), h, m, s)
		}
		photo := "NULL"
		if rng.Intn(3) > 0 {
			p := make([]byte, rng.Intn(24))
			rng.Read(p)
			photo = fmt.Sprintf("X'%X'", p)
		}
		fmt.Fprintf(&b, "(%d, %d, %s, %s, %s, %s, %s, %s, %s)", i, rng.Uint64(), quoteString(name), note,
			decimal(rng.Intn(2000000)-1000000), score, born, seen, photo)
	}
	b.WriteString(";\n")
	for i := 1; i <= 4000; i++ {
		if i%100 == 1 {
			if i > 1 {
				b.WriteString(";\n")
			}
			b.WriteString("INSERT INTO orders (customer_id, parent_id, amount, qty, placed) VALUES\n")
		} else {
			b.WriteString(",\n")
		}
		parent := "NULL"
		if i%7 == 0 {
			parent = fmt.Sprint(i + 1) // a later row: loads only with foreign key checks off
		} else if i%5 == 0 {
			parent = fmt.Sprint(i - 3)
		}
		amount := "NULL"
		if rng.Intn(10) > 0 {
			amount = decimal(rng.Intn(100000))
		}
		fmt.Fprintf(&b, "(%d, %s, %s, %d, '%04d-%02d-%02d %02d:%02d:%02d')", 1+rng.Intn(1000), parent, amount, rng.Intn(50)-5,
			2015+rng.Intn(10), 1+rng.Intn(12), 1+rng.Intn(28), rng.Intn(24), rng.Intn(60), rng.Intn(60))
	}
	b.WriteString(";\nCOMMIT;\nSET FOREIGN_KEY_CHECKS = 1;\n")
	return b.String()
}

// mariaDBQueries are run on both sides; text columns go through HEX() so
// both clients print them the same way.
var mariaDBQueries = []string{
	"SELECT COUNT(*) FROM customers",
	"SELECT COUNT(*), COUNT(parent_id), COUNT(amount) FROM orders",
	"SELECT SUM(balance), MIN(balance), MAX(balance), SUM(code), MAX(code), SUM(score), MIN(born), MAX(seen) FROM customers",
	"SELECT SUM(amount), SUM(qty), MIN(placed), MAX(placed) FROM orders",
	"SELECT id, code, HEX(name), HEX(note), balance, score, born, seen, HEX(photo) FROM customers ORDER BY id",
	"SELECT id, customer_id, parent_id, amount, qty, placed FROM orders ORDER BY id",
	"SELECT HEX(name), id FROM customers ORDER BY name",
	"SELECT customer_id, COUNT(*), SUM(amount), SUM(qty) FROM orders GROUP BY customer_id ORDER BY customer_id",
	"SELECT o.id, HEX(c.name), o.amount FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.balance > 0 AND o.placed >= '2020-01-01' ORDER BY o.placed, o.id",
	"SELECT id, amount FROM orders WHERE customer_id = 17 ORDER BY amount, id",
	"SELECT HEX(name), weight FROM tags ORDER BY name",
	"SELECT COUNT(*) FROM customers WHERE name = 'ANNA'",
	"SELECT id, HEX(name), balance FROM rich ORDER BY balance DESC, id",
}

// alignDoubles copies got's spelling of a double into want where the two
// differ only in style: MariaDB prints 1.5e-7 as 0.00000015, MySQL and
// walrus as 1.5e-7. Only a field with an exponent on one side and the same
// float64 value on the other counts, so DECIMAL scales (12.5 vs 12.50)
// still have to match.
func alignDoubles(want, got string) string {
	wantLines, gotLines := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range min(len(wantLines), len(gotLines)) {
		wf, gf := strings.Split(wantLines[i], "|"), strings.Split(gotLines[i], "|")
		if len(wf) != len(gf) {
			continue
		}
		for j := range wf {
			if wf[j] == gf[j] || !strings.ContainsAny(wf[j]+gf[j], "eE") {
				continue
			}
			a, errA := strconv.ParseFloat(wf[j], 64)
			b, errB := strconv.ParseFloat(gf[j], 64)
			if errA == nil && errB == nil && a == b {
				wf[j] = gf[j]
			}
		}
		wantLines[i] = strings.Join(wf, "|")
	}
	return strings.Join(wantLines, "\n")
}

func TestAlignDoubles(t *testing.T) {
	assert.Equal(t, "x|1.5e-7|12.5\n", alignDoubles("x|0.00000015|12.5\n", "x|1.5e-7|12.50\n"))
	assert.Equal(t, "2e-7\n", alignDoubles("2e-7\n", "1.5e-7\n"), "different values stay")
	assert.Equal(t, "12.50|1\n", alignDoubles("12.50|1\n", "12.5|1\n"), "no exponent: a DECIMAL's scale counts")
}

// TestDumpLoadsIntoMariaDB (S6): the .dump of a walrus database loads into
// a MariaDB server with its column types, indexes and foreign keys, and
// queries give the same results on both sides.
func TestDumpLoadsIntoMariaDB(t *testing.T) {
	m := startMariaDB(t)

	s, out, errs := newRealShell(t, "", ModeList)
	s.opt.headers = false
	run(t, s, errs, mariaDBSchema)
	run(t, s, errs, mariaDBRows())
	out.Reset()
	run(t, s, errs, ".dump\n")
	dump := out.String()

	m.query("", "CREATE DATABASE w")
	if _, err := m.run("w", "", []byte(dump)); err != nil {
		t.Fatalf("MariaDB rejected the dump: %v", err)
	}

	for _, q := range mariaDBQueries {
		out.Reset()
		require.NoError(t, s.RunSQL(context.Background(), q))
		require.Empty(t, errs.String(), q)
		// List mode prints NULL as NULL, as the mariadb client does; no
		// value holds a '|' or a tab.
		want := alignDoubles(strings.ReplaceAll(m.query("w", q), "\t", "|"), out.String())
		assert.Equal(t, want, out.String(), q)
		assert.NotEmpty(t, want, q)
	}

	// The server kept the schema: types, keys, foreign keys, binary text.
	assert.Equal(t, "id\tint(11)\ncode\tbigint(20) unsigned\nname\tvarchar(100)\nnote\ttext\nbalance\tdecimal(10,2)\n"+
		"score\tdouble\nborn\tdate\nseen\tdatetime\nphoto\tblob\n",
		m.query("w", "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'w' AND TABLE_NAME = 'customers' ORDER BY ORDINAL_POSITION"))
	indexes := m.query("w", "SELECT DISTINCT TABLE_NAME, INDEX_NAME, NON_UNIQUE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = 'w' ORDER BY 1, 2")
	for _, want := range []string{"customers\tuk_name\t0\n", "orders\tk_placed\t1\n", "orders\torders_cust\t1\n", "tags\tPRIMARY\t0\n"} {
		assert.Contains(t, indexes, want)
	}
	assert.Equal(t, "orders\tcustomers\norders\torders\n", m.query("w",
		"SELECT TABLE_NAME, REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = 'w' ORDER BY 1, 2"))
	assert.Equal(t, "customers\tutf8mb4_bin\norders\tutf8mb4_bin\ntags\tutf8mb4_bin\n", m.query("w",
		"SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'w' AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1"))
	_, err := m.run("w", "INSERT INTO orders (customer_id, placed) VALUES (5000, '2024-01-01 00:00:00')", nil)
	assert.ErrorContains(t, err, "foreign key constraint fails", "the foreign keys are enforced after the load")

	// The round-trip schema (reserved words as names, keys made by CREATE
	// TABLE, a view) loads too. Without its index named b: MySQL names the
	// unnamed KEY (b) of table k "b" (walrus says k_b), so MySQL itself
	// rejects that CREATE INDEX b.
	rt, rtOut, rtErrs := newRealShell(t, "", ModeList)
	mysqlSchema := strings.Replace(roundTripSchema, "CREATE INDEX b ON k(b, a);\n", "", 1)
	require.NotEqual(t, roundTripSchema, mysqlSchema)
	run(t, rt, rtErrs, mysqlSchema)
	rtOut.Reset()
	run(t, rt, rtErrs, ".dump\n")
	m.query("", "CREATE DATABASE r")
	if _, err := m.run("r", "", []byte(rtOut.String())); err != nil {
		t.Fatalf("MariaDB rejected the dump of the round-trip schema: %v", err)
	}
	q := "SELECT (SELECT COUNT(*) FROM authors), (SELECT COUNT(*) FROM books), (SELECT COUNT(*) FROM `select`), " +
		"(SELECT SUM(c) FROM k), (SELECT COUNT(*) FROM cheap), (SELECT SUM(LENGTH(name)) FROM authors), (SELECT HEX(name) FROM authors WHERE id = 2), " +
		"(SELECT SUM(price) FROM books), (SELECT HEX(cover) FROM books WHERE id = 10)"
	rtOut.Reset()
	require.NoError(t, rt.RunSQL(context.Background(), q))
	require.Empty(t, rtErrs.String())
	lines := strings.SplitN(rtOut.String(), "\n", 2)
	require.Len(t, lines, 2)
	assert.Equal(t, strings.ReplaceAll(m.query("r", q), "\t", "|"), lines[1], "walrus (first) and MariaDB")

	// The triggers loaded, in firing order, and fire as in walrus.
	assert.Equal(t, "authors_ad\tDELETE\t1\nbooks_bi\tINSERT\t2\nbooks_bi0\tINSERT\t1\n", m.query("r",
		"SELECT TRIGGER_NAME, EVENT_MANIPULATION, ACTION_ORDER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'r' ORDER BY 1"))
	_, err = m.run("r", triggerProbe, nil)
	require.NoError(t, err)
	assert.Equal(t, "[new!\t1.00\n", m.query("r", "SELECT title, price FROM books WHERE id = 12"))
}
