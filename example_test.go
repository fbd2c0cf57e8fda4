package walrus_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"

	_ "github.com/walrusdb/walrus"
)

// Open a database file (created if missing), create a table, insert and
// query.
func Example() {
	dir, err := os.MkdirTemp("", "walrus-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	db, err := sql.Open("walrus", filepath.Join(dir, "zoo.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	if _, err := db.Exec(`CREATE TABLE animal(id INT PRIMARY KEY, name VARCHAR(20), weight DECIMAL(8,2))`); err != nil {
		log.Fatal(err)
	}
	for i, name := range []string{"walrus", "seal", "puffin"} {
		if _, err := db.Exec("INSERT INTO animal VALUES(?, ?, ?)", i+1, name, []string{"1200.5", "90", "0.45"}[i]); err != nil {
			log.Fatal(err)
		}
	}
	rows, err := db.Query("SELECT name, weight FROM animal WHERE weight > ? ORDER BY weight DESC", 1)
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, weight string
		if err := rows.Scan(&name, &weight); err != nil {
			log.Fatal(err)
		}
		fmt.Println(name, weight)
	}
	if err := rows.Err(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// walrus 1200.50
	// seal 90.00
}

// All connections of one *sql.DB share one in-memory database; a second
// sql.Open gives a separate one.
func Example_memory() {
	db, err := sql.Open("walrus", ":memory:")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	// Several statements in one Exec run in order.
	if _, err := db.Exec("CREATE TABLE t(a INT); INSERT INTO t VALUES(1), (2), (3)"); err != nil {
		log.Fatal(err)
	}
	var sum int
	if err := db.QueryRow("SELECT SUM(a) FROM t").Scan(&sum); err != nil {
		log.Fatal(err)
	}
	fmt.Println("sum:", sum)

	other, err := sql.Open("walrus", ":memory:")
	if err != nil {
		log.Fatal(err)
	}
	defer other.Close()
	_, err = other.Exec("SELECT a FROM t")
	fmt.Println("other database has t:", err == nil)
	// Output:
	// sum: 6
	// other database has t: false
}

// A transaction commits all its statements or none.
func Example_transaction() {
	db, err := sql.Open("walrus", ":memory:")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TABLE account(name VARCHAR(10) PRIMARY KEY, balance INT)"); err != nil {
		log.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO account VALUES('ann', 100), ('bob', 0)"); err != nil {
		log.Fatal(err)
	}

	transfer := func(amount int) error {
		tx, err := db.BeginTx(context.Background(), nil)
		if err != nil {
			return err
		}
		defer tx.Rollback() // no-op after Commit
		if _, err := tx.Exec("UPDATE account SET balance = balance - ? WHERE name = 'ann'", amount); err != nil {
			return err
		}
		if _, err := tx.Exec("UPDATE account SET balance = balance + ? WHERE name = 'bob'", amount); err != nil {
			return err
		}
		var left int
		if err := tx.QueryRow("SELECT balance FROM account WHERE name = 'ann'").Scan(&left); err != nil {
			return err
		}
		if left < 0 {
			return fmt.Errorf("ann would have %d", left)
		}
		return tx.Commit()
	}
	fmt.Println(transfer(30))
	fmt.Println(transfer(500))

	rows, err := db.Query("SELECT name, balance FROM account ORDER BY name")
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var balance int
		if err := rows.Scan(&name, &balance); err != nil {
			log.Fatal(err)
		}
		fmt.Println(name, balance)
	}
	// Output:
	// <nil>
	// ann would have -430
	// ann 70
	// bob 30
}

// Durability is chosen per database with PRAGMAs in the DSN, applied to
// every connection. The defaults are journal_mode=DELETE and
// synchronous=FULL; EXTRA also syncs the directory at commit so that no
// acknowledged commit is lost to a power failure, OFF never syncs.
func Example_durability() {
	dir, err := os.MkdirTemp("", "walrus-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "app.db")

	for _, dsn := range []string{
		path, // the defaults
		"file:" + path + "?_pragma=synchronous(EXTRA)",
		"file:" + path + "?_pragma=synchronous(OFF)&_pragma=journal_mode(TRUNCATE)",
	} {
		db, err := sql.Open("walrus", dsn)
		if err != nil {
			log.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		var mode string
		var sync int
		if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
			log.Fatal(err)
		}
		if err := db.QueryRow("PRAGMA synchronous").Scan(&sync); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("journal_mode=%s synchronous=%d\n", mode, sync)
		db.Close()
	}
	// Output:
	// journal_mode=delete synchronous=2
	// journal_mode=delete synchronous=3
	// journal_mode=truncate synchronous=0
}
