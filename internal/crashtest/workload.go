package crashtest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/walrusdb/walrus/pager"
)

// Stmt is one SQL statement of a transaction. Values are literals (plain
// letters and numbers, so no quoting is needed).
type Stmt struct {
	SQL string
}

// Txn is one transaction of a workload: a single autocommit statement, or
// BEGIN, the statements, then COMMIT (or ROLLBACK when Rollback is set).
type Txn struct {
	Kind     string // what the transaction does, for reports
	Stmts    []Stmt
	Explicit bool // wrapped in BEGIN ... COMMIT/ROLLBACK
	Rollback bool // ends in ROLLBACK, so it changes nothing
}

// SQL lists the statements the transaction runs, BEGIN and COMMIT included.
func (tx Txn) SQL() []Stmt {
	if !tx.Explicit {
		return tx.Stmts
	}
	end := "COMMIT"
	if tx.Rollback {
		end = "ROLLBACK"
	}
	out := append([]Stmt{{SQL: "BEGIN"}}, tx.Stmts...)
	return append(out, Stmt{SQL: end})
}

// Workload is a seeded list of transactions together with the model's
// digest of the committed content before and after each of them.
type Workload struct {
	Seed uint64
	Txns []Txn
	// States[i] is the digest of the content committed by Txns[:i]:
	// States[0] is the empty database, States[len(Txns)] the final one.
	States []string
}

// row is one row of table t in the model.
type row struct {
	k int64
	v string
}

// model is the committed content of the database as a plain Go map: the
// user-visible schema (name -> "type table") and the rows of t and u.
type model struct {
	schema map[string]string
	t      map[int64]row
	u      map[int64]string
}

func newModel() *model {
	return &model{schema: map[string]string{}, t: map[int64]row{}, u: map[int64]string{}}
}

func (m *model) clone() *model {
	c := newModel()
	for k, v := range m.schema {
		c.schema[k] = v
	}
	for k, v := range m.t {
		c.t[k] = v
	}
	for k, v := range m.u {
		c.u[k] = v
	}
	return c
}

// contentHash accumulates a canonical rendering of database content; the
// model and a real database render the same content identically.
type contentHash struct{ lines []string }

func (h *contentHash) schema(typ, name, tbl string) {
	h.lines = append(h.lines, fmt.Sprintf("schema %s %s %s", typ, name, tbl))
}

func (h *contentHash) tRow(id, k int64, v string) {
	sum := sha256.Sum256([]byte(v))
	h.lines = append(h.lines, fmt.Sprintf("t %020d %d %d %x", id, k, len(v), sum[:8]))
}

func (h *contentHash) uRow(id int64, note string) {
	h.lines = append(h.lines, fmt.Sprintf("u %020d %q", id, note))
}

// digest is order-independent: lines are sorted first.
func (h *contentHash) digest() string {
	slices.Sort(h.lines)
	sum := sha256.Sum256([]byte(strings.Join(h.lines, "\n")))
	return hex.EncodeToString(sum[:12])
}

func (m *model) digest() string {
	var h contentHash
	for name, v := range m.schema {
		typ, tbl, _ := strings.Cut(v, " ")
		h.schema(typ, name, tbl)
	}
	for id, r := range m.t {
		h.tRow(id, r.k, r.v)
	}
	for id, n := range m.u {
		h.uRow(id, n)
	}
	return h.digest()
}

// generator builds a workload and keeps the model in step with it.
type generator struct {
	rng       *rand.Rand
	m         *model
	nextID    int64
	rollbacks bool // some multi-statement transactions end in ROLLBACK
}

// NewWorkload generates a workload from seed: the schema setup (table t,
// index tk) as transactions of their own, then n random transactions of
// inserts (some with 5-20 KB overflow values, some big enough to split
// pages), updates of the value and of the indexed column, deletes, range
// updates and deletes, index creation and removal, a second table, and
// multi-statement transactions, a tenth of which roll back.
func NewWorkload(seed uint64, n int) *Workload {
	return newWorkload(seed, n, true)
}

// WorkloadFor is NewWorkload for combo: under journal_mode=OFF, whose
// ROLLBACK cannot undo pages a cache spill already wrote (SQLite leaves it
// undefined), the transactions that would roll back commit instead.
func WorkloadFor(seed uint64, n int, c Combo) *Workload {
	return newWorkload(seed, n, c.Journal != pager.JournalOff)
}

func newWorkload(seed uint64, n int, rollbacks bool) *Workload {
	g := &generator{rng: rand.New(rand.NewPCG(seed, 0x5eed)), m: newModel(), nextID: 1, rollbacks: rollbacks}
	w := &Workload{Seed: seed}
	w.States = append(w.States, g.m.digest())
	add := func(tx Txn, next *model) {
		w.Txns = append(w.Txns, tx)
		if !tx.Rollback {
			g.m = next
		}
		w.States = append(w.States, g.m.digest())
	}
	m := g.m.clone()
	m.schema["t"] = "table t"
	add(Txn{Kind: "create table", Stmts: []Stmt{{SQL: "CREATE TABLE t (id BIGINT PRIMARY KEY, k BIGINT NOT NULL, v LONGTEXT NOT NULL)"}}}, m)
	m = g.m.clone()
	m.schema["tk"] = "index t"
	add(Txn{Kind: "create index", Stmts: []Stmt{{SQL: "CREATE INDEX tk ON t (k)"}}}, m)
	for range n {
		next := g.m.clone()
		tx := g.txn(next)
		add(tx, next)
	}
	return w
}

// txn draws one transaction, applying it to m.
func (g *generator) txn(m *model) Txn {
	r := g.rng.IntN(100)
	switch {
	case r < 25:
		stmts := []Stmt{}
		for range 2 + g.rng.IntN(4) {
			stmts = append(stmts, g.stmt(m))
		}
		rollback := g.rng.IntN(10) == 0 // drawn either way: same workload otherwise
		return Txn{Kind: "multi", Stmts: stmts, Explicit: true, Rollback: rollback && g.rollbacks}
	case r < 32:
		return Txn{Kind: "bulk insert", Stmts: []Stmt{g.insert(m, 30+g.rng.IntN(60), 0)}}
	case r < 36:
		return Txn{Kind: "ddl", Stmts: []Stmt{g.ddl(m)}}
	}
	st := g.stmt(m)
	return Txn{Kind: st.SQL[:strings.IndexByte(st.SQL, ' ')], Stmts: []Stmt{st}}
}

// stmt draws one DML statement, applying it to m.
func (g *generator) stmt(m *model) Stmt {
	ids := sortedIDs(m.t)
	if len(ids) < 4 {
		return g.insert(m, 1+g.rng.IntN(8), 30)
	}
	pick := func() int64 { return ids[g.rng.IntN(len(ids))] }
	switch r := g.rng.IntN(100); {
	case r < 35:
		return g.insert(m, 1+g.rng.IntN(8), 30)
	case r < 50:
		id := pick()
		v := g.value(40)
		m.t[id] = row{m.t[id].k, v}
		return Stmt{SQL: fmt.Sprintf("UPDATE t SET v = '%s' WHERE id = %d", v, id)}
	case r < 62:
		id, k := pick(), g.rng.Int64N(1000)
		m.t[id] = row{k, m.t[id].v}
		return Stmt{SQL: fmt.Sprintf("UPDATE t SET k = %d WHERE id = %d", k, id)}
	case r < 70:
		lo, hi := g.span(ids)
		for _, id := range ids {
			if id >= lo && id <= hi {
				m.t[id] = row{m.t[id].k + 1, m.t[id].v}
			}
		}
		return Stmt{SQL: fmt.Sprintf("UPDATE t SET k = k + 1 WHERE id BETWEEN %d AND %d", lo, hi)}
	case r < 85:
		id := pick()
		delete(m.t, id)
		return Stmt{SQL: fmt.Sprintf("DELETE FROM t WHERE id = %d", id)}
	case r < 92:
		lo, hi := g.span(ids)
		for _, id := range ids {
			if id >= lo && id <= hi {
				delete(m.t, id)
			}
		}
		return Stmt{SQL: fmt.Sprintf("DELETE FROM t WHERE id BETWEEN %d AND %d", lo, hi)}
	}
	if _, ok := m.schema["u"]; !ok {
		return g.insert(m, 1, 30)
	}
	id := g.rng.Int64N(50)
	note := fmt.Sprintf("note %d %s", id, g.value(0)[:10])
	m.u[id] = note
	return Stmt{SQL: fmt.Sprintf("REPLACE INTO u (id, note) VALUES (%d, '%s')", id, note)}
}

// span picks a range of up to ten consecutive existing ids.
func (g *generator) span(ids []int64) (lo, hi int64) {
	i := g.rng.IntN(len(ids))
	j := min(len(ids)-1, i+g.rng.IntN(10))
	return ids[i], ids[j]
}

// insert adds n rows with new ids; bigPct percent of them carry a 5-20 KB
// value that spills to overflow pages.
func (g *generator) insert(m *model, n, bigPct int) Stmt {
	var sb strings.Builder
	sb.WriteString("INSERT INTO t (id, k, v) VALUES ")
	for i := range n {
		if i > 0 {
			sb.WriteString(", ")
		}
		g.nextID += 1 + int64(g.rng.IntN(3))
		id, k, v := g.nextID, g.rng.Int64N(1000), g.value(bigPct)
		m.t[id] = row{k, v}
		fmt.Fprintf(&sb, "(%d, %d, '%s')", id, k, v)
	}
	return Stmt{SQL: sb.String()}
}

// ddl creates or drops the second index, or creates table u.
func (g *generator) ddl(m *model) Stmt {
	if _, ok := m.schema["u"]; !ok && g.rng.IntN(2) == 0 {
		m.schema["u"] = "table u"
		return Stmt{SQL: "CREATE TABLE u (id BIGINT PRIMARY KEY, note VARCHAR(200))"}
	}
	if _, ok := m.schema["t_kid"]; ok {
		delete(m.schema, "t_kid")
		return Stmt{SQL: "DROP INDEX t_kid ON t"}
	}
	m.schema["t_kid"] = "index t"
	return Stmt{SQL: "CREATE INDEX t_kid ON t (k, id)"}
}

// value is a random text of 20..300 bytes, or with probability bigPct% of
// 5..20 KB.
func (g *generator) value(bigPct int) string {
	n := 20 + g.rng.IntN(280)
	if g.rng.IntN(100) < bigPct {
		n = 5000 + g.rng.IntN(15000)
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a' + byte(g.rng.IntN(26))
	}
	return string(b)
}

func sortedIDs(t map[int64]row) []int64 {
	ids := make([]int64, 0, len(t))
	for id := range t {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
