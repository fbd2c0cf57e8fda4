package shell

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// DemoFile is the database `walrus -demo` opens when given no path.
const DemoFile = "walrus-demo.db"

// Sizes of the demo database; with about 2.5 items per order that is
// some 7,500 rows.
const (
	demoCustomers = 500
	demoProducts  = 60
	demoOrders    = 2000
	demoBatchRows = 100 // rows per INSERT statement
	demoTxRows    = 1000
)

// demoSchema creates the demo tables; order_items references both orders
// and products.
var demoSchema = []string{
	`CREATE TABLE customers (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  email VARCHAR(200) NOT NULL UNIQUE,
  city VARCHAR(60) NOT NULL,
  signup_date DATE NOT NULL
)`,
	`CREATE TABLE products (
  id INT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  category VARCHAR(40) NOT NULL,
  price DECIMAL(10,2) NOT NULL,
  stock INT NOT NULL
)`,
	`CREATE TABLE orders (
  id INT PRIMARY KEY,
  customer_id INT NOT NULL,
  order_date DATE NOT NULL,
  status VARCHAR(20) NOT NULL,
  FOREIGN KEY (customer_id) REFERENCES customers(id)
)`,
	`CREATE TABLE order_items (
  order_id INT NOT NULL,
  product_id INT NOT NULL,
  quantity INT NOT NULL,
  unit_price DECIMAL(10,2) NOT NULL,
  PRIMARY KEY (order_id, product_id),
  FOREIGN KEY (order_id) REFERENCES orders(id),
  FOREIGN KEY (product_id) REFERENCES products(id)
)`,
	`CREATE INDEX idx_customers_city ON customers(city)`,
	`CREATE INDEX idx_orders_customer ON orders(customer_id)`,
	`CREATE INDEX idx_orders_date ON orders(order_date)`,
	`CREATE INDEX idx_order_items_product ON order_items(product_id)`,
}

// DemoHint lists example queries for the demo database.
const DemoHint = `Demo database: customers, products, orders, order_items. Try:
  .tables
  .schema orders
  SELECT * FROM products ORDER BY price DESC LIMIT 5;
  SELECT c.city, COUNT(*) AS customers FROM customers c GROUP BY c.city ORDER BY customers DESC;
  SELECT c.name, COUNT(o.id) AS orders FROM customers c JOIN orders o ON o.customer_id = c.id
    GROUP BY c.id, c.name ORDER BY orders DESC LIMIT 5;
  SELECT p.category, SUM(i.quantity * i.unit_price) AS revenue FROM order_items i
    JOIN products p ON p.id = i.product_id GROUP BY p.category ORDER BY revenue DESC;
  .durability`

var (
	demoFirstNames = strings.Fields("Ada Alan Barbara Claude Dennis Edsger Frances Grace Hedy Ivan John Katherine Ken Linus Margaret Niklaus Radia Rob Shafi Tim Tony Ursula Whitfield Yukihiro")
	demoLastNames  = strings.Fields("Lovelace Turing Liskov Shannon Ritchie Dijkstra Allen Hopper Lamarr Sutherland Backus Johnson Thompson Torvalds Hamilton Wirth Perlman Pike Goldwasser Berners-Lee Hoare Martin Diffie Matsumoto")
	demoCities     = strings.Fields("Amsterdam Berlin Bogotá Cairo Helsinki Lagos Lisbon Montréal Mumbai Osaka Oslo Reykjavík Seoul Sydney Zürich")
	demoCategories = []string{"Books", "Games", "Garden", "Kitchen", "Music", "Outdoor"}
	demoAdjectives = strings.Fields("Blue Compact Deluxe Electric Folding Giant Handy Quiet Rustic Smart Tiny Vintage")
	demoNouns      = map[string][]string{
		"Books":   {"Atlas", "Cookbook", "Novel", "Poetry Collection"},
		"Games":   {"Board Game", "Puzzle", "Card Deck", "Chess Set"},
		"Garden":  {"Trowel", "Watering Can", "Planter", "Hose"},
		"Kitchen": {"Kettle", "Skillet", "Knife", "Teapot"},
		"Music":   {"Ukulele", "Harmonica", "Metronome", "Drum"},
		"Outdoor": {"Tent", "Lantern", "Backpack", "Hammock"},
	}
	demoStatuses = []string{"delivered", "delivered", "delivered", "shipped", "pending", "cancelled"}
)

// OpenDemo opens the demo database at path (DemoFile when ""), filling it
// on first use. It reports whether it created the data.
func (s *Shell) OpenDemo(ctx context.Context, path string) (created bool, err error) {
	if path == "" {
		path = DemoFile
	}
	if err := s.Open(ctx, path); err != nil {
		return false, err
	}
	objs, err := s.schemaObjects(ctx)
	if err != nil {
		return false, err
	}
	for _, o := range objs {
		if o.typ == "table" && o.name == "order_items" {
			return false, nil
		}
	}
	if len(objs) > 0 {
		return false, fmt.Errorf("demo: %s already holds other tables; give -demo a new file name", path)
	}
	if err := fillDemo(ctx, s.conn); err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	return true, nil
}

// demoRows collects rows for multi-row INSERTs of one table.
type demoRows struct {
	table string
	rows  []string
}

func (d *demoRows) add(vals ...any) {
	parts := make([]string, len(vals))
	for i, v := range vals {
		switch x := v.(type) {
		case string:
			parts[i] = quoteString(x)
		default:
			parts[i] = fmt.Sprint(x)
		}
	}
	d.rows = append(d.rows, "("+strings.Join(parts, ",")+")")
}

// statements returns the INSERTs for the collected rows.
func (d *demoRows) statements() []string {
	var out []string
	for start := 0; start < len(d.rows); start += demoBatchRows {
		end := min(start+demoBatchRows, len(d.rows))
		out = append(out, "INSERT INTO "+d.table+" VALUES "+strings.Join(d.rows[start:end], ","))
	}
	return out
}

// fillDemo creates and fills the demo tables. The data comes from a
// seeded generator, so every demo database holds the same rows.
func fillDemo(ctx context.Context, conn *sql.Conn) error {
	for _, ddl := range demoSchema {
		if _, err := conn.ExecContext(ctx, ddl); err != nil {
			return fmt.Errorf("%s: %w", firstLine(ddl), err)
		}
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	day0 := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	date := func(maxDays int) string { return day0.AddDate(0, 0, rng.IntN(maxDays)).Format("2006-01-02") }

	customers := &demoRows{table: "customers"}
	for id := 1; id <= demoCustomers; id++ {
		first, last := pick(demoFirstNames), pick(demoLastNames)
		email := fmt.Sprintf("%s.%s.%d@example.com", strings.ToLower(first), strings.ToLower(last), id)
		customers.add(id, first+" "+last, email, pick(demoCities), date(365))
	}
	products := &demoRows{table: "products"}
	prices := make([]int, demoProducts+1) // in cents
	for id := 1; id <= demoProducts; id++ {
		cat := demoCategories[(id-1)%len(demoCategories)]
		prices[id] = 199 + rng.IntN(20000)
		name := pick(demoAdjectives) + " " + pick(demoNouns[cat])
		products.add(id, name, cat, cents(prices[id]), rng.IntN(500))
	}
	orders := &demoRows{table: "orders"}
	items := &demoRows{table: "order_items"}
	for id := 1; id <= demoOrders; id++ {
		orders.add(id, 1+rng.IntN(demoCustomers), date(700), pick(demoStatuses))
		n := 1 + rng.IntN(4)
		for _, p := range rng.Perm(demoProducts)[:n] {
			items.add(id, p+1, 1+rng.IntN(5), cents(prices[p+1]))
		}
	}
	var stmts []string
	for _, t := range []*demoRows{customers, products, orders, items} {
		stmts = append(stmts, t.statements()...)
	}
	perTx := demoTxRows / demoBatchRows
	for start := 0; start < len(stmts); start += perTx {
		if err := execInTx(ctx, conn, stmts[start:min(start+perTx, len(stmts))]); err != nil {
			return err
		}
	}
	return nil
}

// demoDecimal is a number written as text; demoRows.add leaves it unquoted.
type demoDecimal string

func cents(c int) demoDecimal { return demoDecimal(fmt.Sprintf("%d.%02d", c/100, c%100)) }

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// execInTx runs stmts in one transaction.
func execInTx(ctx context.Context, conn *sql.Conn, stmts []string) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	for _, st := range stmts {
		if _, err := tx.ExecContext(ctx, st); err != nil {
			tx.Rollback()
			return fmt.Errorf("%.60s...: %w", st, err)
		}
	}
	return tx.Commit()
}
