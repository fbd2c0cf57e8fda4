package walrus_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/walrusdb/walrus"
)

// TestConstraintErrors checks that FOREIGN KEY and CHECK violations reach
// database/sql users as *walrus.Error with CodeConstraint and MySQL's text,
// and that a failed statement inside a transaction leaves the transaction
// usable with its earlier work intact.
func TestConstraintErrors(t *testing.T) {
	db := openDB(t, tempPath(t))
	db.SetMaxOpenConns(1) // FOREIGN_KEY_CHECKS is per connection
	_, err := db.Exec(`CREATE TABLE p(id INT PRIMARY KEY);
		CREATE TABLE c(id INT PRIMARY KEY, pid INT, n INT, CONSTRAINT fk_c FOREIGN KEY (pid) REFERENCES p(id),
		  CONSTRAINT pos CHECK (n > 0));
		INSERT INTO p VALUES (1)`)
	require.NoError(t, err)

	_, err = db.Exec("INSERT INTO c VALUES (1, 2, 1)")
	we := requireCode(t, err, walrus.CodeConstraint)
	require.Contains(t, we.Msg, "Cannot add or update a child row: a foreign key constraint fails (`main`.`c`, CONSTRAINT `fk_c`")

	_, err = db.Exec("INSERT INTO c VALUES (1, 1, 0)")
	we = requireCode(t, err, walrus.CodeConstraint)
	require.Contains(t, we.Msg, "Check constraint 'pos' is violated.")

	tx, err := db.BeginTx(context.Background(), nil)
	require.NoError(t, err)
	_, err = tx.Exec("INSERT INTO c VALUES (1, 1, 1)")
	require.NoError(t, err)
	_, err = tx.Exec("DELETE FROM p")
	we = requireCode(t, err, walrus.CodeConstraint)
	require.Contains(t, we.Msg, "Cannot delete or update a parent row")
	require.NoError(t, tx.Commit())

	var n int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM c").Scan(&n))
	require.Equal(t, 1, n)
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM p").Scan(&n))
	require.Equal(t, 1, n)

	_, err = db.Exec("DROP TABLE p")
	requireCode(t, err, walrus.CodeConstraint)
	_, err = db.Exec("SET FOREIGN_KEY_CHECKS = 0")
	require.NoError(t, err)
	_, err = db.Exec("DROP TABLE p")
	require.NoError(t, err)
}
