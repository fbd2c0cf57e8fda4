package crashtest

// NewAutoVacuumWorkload is NewWorkload on a database made with
// PRAGMA auto_vacuum = FULL: every commit also moves pages into the freed
// ones, rewrites pointer-map pages and truncates the file, so crashes land
// in those steps too. The pragma is a transaction of its own that changes
// no content (it only marks the empty database).
func NewAutoVacuumWorkload(seed uint64, n int) *Workload {
	w := NewWorkload(seed, n)
	w.Txns = append([]Txn{{Kind: "auto_vacuum", Stmts: []Stmt{{SQL: "PRAGMA auto_vacuum = FULL"}}}}, w.Txns...)
	w.States = append([]string{w.States[0]}, w.States...)
	return w
}
