package shell

import (
	"testing"

	"github.com/walrusdb/walrus/internal/mariadbtest"
)

// mariaDB is a private MariaDB server (internal/mariadbtest) for one test.
type mariaDB struct{ *mariadbtest.Server }

// startMariaDB starts the server, failing (never skipping) the test when
// MariaDB cannot be installed.
func startMariaDB(t *testing.T) *mariaDB { return &mariaDB{mariadbtest.Start(t)} }

// run runs the mariadb client in batch mode on database db ("" for none),
// with query as -e or, when input is not nil, input as its script.
func (m *mariaDB) run(db, query string, input []byte) (string, error) {
	return m.Run(db, query, input)
}

// query runs one query and fails the test on an error.
func (m *mariaDB) query(db, query string) string { return m.Query(db, query) }
