package walrus_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/walrusdb/walrus"
	wsql "github.com/walrusdb/walrus/sql"
)

// TestTriggersThroughDriver: a validation trigger's SIGNAL reaches a
// database/sql caller as CodeSignal with its SQLSTATE; an audit trigger's
// rows do not change the statement's LastInsertId or RowsAffected.
func TestTriggersThroughDriver(t *testing.T) {
	db := openDB(t, tempPath(t))
	db.SetMaxOpenConns(1)
	_, err := db.Exec(`CREATE TABLE acct(id INT AUTO_INCREMENT PRIMARY KEY, balance INT NOT NULL);
		CREATE TABLE audit(id INT AUTO_INCREMENT PRIMARY KEY, acct INT, delta INT);
		INSERT INTO audit(acct, delta) VALUES (0, 0), (0, 0), (0, 0)`)
	require.NoError(t, err)
	_, err = db.Exec(`CREATE TRIGGER acct_bu BEFORE UPDATE ON acct FOR EACH ROW BEGIN
		IF NEW.balance < 0 THEN
			SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'insufficient funds';
		END IF;
	END`)
	require.NoError(t, err)
	_, err = db.Exec(`CREATE TRIGGER acct_au AFTER UPDATE ON acct FOR EACH ROW
		INSERT INTO audit(acct, delta) VALUES (NEW.id, NEW.balance - OLD.balance)`)
	require.NoError(t, err)
	_, err = db.Exec(`CREATE TRIGGER acct_ai AFTER INSERT ON acct FOR EACH ROW
		INSERT INTO audit(acct, delta) VALUES (NEW.id, NEW.balance)`)
	require.NoError(t, err)

	res, err := db.Exec("INSERT INTO acct(balance) VALUES (?), (?)", 100, 50)
	require.NoError(t, err)
	id, err := res.LastInsertId()
	require.NoError(t, err)
	require.Equal(t, int64(1), id, "the first acct row, not an audit row")
	n, err := res.RowsAffected()
	require.NoError(t, err)
	require.Equal(t, int64(2), n)

	res, err = db.Exec("UPDATE acct SET balance = balance - 30")
	require.NoError(t, err)
	n, err = res.RowsAffected()
	require.NoError(t, err)
	require.Equal(t, int64(2), n)

	_, err = db.Exec("UPDATE acct SET balance = balance - 30")
	we := requireCode(t, err, walrus.CodeSignal)
	require.Equal(t, "insufficient funds", we.Msg)
	var se *wsql.SignalError
	require.True(t, errors.As(err, &se))
	require.Equal(t, "45000", se.State)
	require.Equal(t, 1644, se.Errno)

	var balances string
	require.NoError(t, db.QueryRow("SELECT GROUP_CONCAT(balance ORDER BY id) FROM acct").Scan(&balances))
	require.Equal(t, "70,20", balances, "the failed UPDATE changed no row")
	var audits, sum int
	require.NoError(t, db.QueryRow("SELECT COUNT(*), SUM(delta) FROM audit WHERE acct > 0").Scan(&audits, &sum))
	require.Equal(t, 4, audits)
	require.Equal(t, 90, sum)
}
