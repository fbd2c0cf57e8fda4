package sql

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/walrusdb/walrus/internal/vfs"
	"github.com/walrusdb/walrus/vm"
)

func execOne(t *testing.T, c *Conn, q string, args ...vm.Value) Result {
	t.Helper()
	st, _, err := c.Prepare(context.Background(), q)
	require.NoError(t, err, q)
	res, err := st.Exec(context.Background(), args)
	require.NoError(t, err, q)
	return res
}

// TestTriggerInsertIDAndCount: rows a trigger writes are not the
// statement's (T2): RowsAffected and LastInsertID are those of the outer
// statement, as MySQL's ROW_COUNT() and LAST_INSERT_ID().
func TestTriggerInsertIDAndCount(t *testing.T) {
	c := openMem(t)
	_, err := run(t, c, `CREATE TABLE t(id INT AUTO_INCREMENT PRIMARY KEY, a INT);
		CREATE TABLE log(id INT AUTO_INCREMENT PRIMARY KEY, a INT);
		INSERT INTO log(a) VALUES (0), (0), (0), (0), (0);
		CREATE TRIGGER t_ai AFTER INSERT ON t FOR EACH ROW BEGIN INSERT INTO log(a) VALUES (NEW.a); INSERT INTO log(a) VALUES (NEW.a); END;
		CREATE TRIGGER t_bd BEFORE DELETE ON t FOR EACH ROW INSERT INTO log(a) VALUES (-OLD.a)`)
	require.NoError(t, err)

	res := execOne(t, c, "INSERT INTO t(a) VALUES (1), (2)")
	require.Equal(t, Result{LastInsertID: 1, RowsAffected: 2}, res)
	res = execOne(t, c, "DELETE FROM t WHERE a = 1")
	require.Equal(t, int64(1), res.RowsAffected)

	rows, err := run(t, c, "SELECT COUNT(*), MAX(id) FROM log")
	require.NoError(t, err)
	require.Equal(t, []string{"10 10"}, rows, "5 rows, 4 from the inserts, 1 from the delete")
}

// TestTriggerPreparedRecompiles: a statement prepared before CREATE or
// DROP TRIGGER fires exactly the triggers that exist when it runs (T6).
func TestTriggerPreparedRecompiles(t *testing.T) {
	c := openMem(t)
	ctx := context.Background()
	_, err := run(t, c, "CREATE TABLE t(a INT); CREATE TABLE log(a INT)")
	require.NoError(t, err)
	ins, _, err := c.Prepare(ctx, "INSERT INTO t VALUES (?)")
	require.NoError(t, err)
	count := func() string {
		rows, err := run(t, c, "SELECT COUNT(*) FROM log")
		require.NoError(t, err)
		return rows[0]
	}

	_, err = ins.Exec(ctx, []vm.Value{vm.Int(1)})
	require.NoError(t, err)
	require.Equal(t, "0", count())

	_, err = run(t, c, "CREATE TRIGGER t_ai AFTER INSERT ON t FOR EACH ROW INSERT INTO log VALUES (NEW.a)")
	require.NoError(t, err)
	_, err = ins.Exec(ctx, []vm.Value{vm.Int(2)})
	require.NoError(t, err)
	require.Equal(t, "1", count())

	_, err = run(t, c, "DROP TRIGGER t_ai")
	require.NoError(t, err)
	_, err = ins.Exec(ctx, []vm.Value{vm.Int(3)})
	require.NoError(t, err)
	require.Equal(t, "1", count())
}

// TestTriggerSignalError: SIGNAL's error is CodeSignal with the SQLSTATE
// and error number in a *SignalError.
func TestTriggerSignalError(t *testing.T) {
	c := openMem(t)
	_, err := run(t, c, `CREATE TABLE t(a INT);
		CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW BEGIN
		  IF NEW.a IS NULL THEN SIGNAL SQLSTATE '45001' SET MESSAGE_TEXT = 'a is required', MYSQL_ERRNO = 5001;
		  ELSEIF NEW.a < 0 THEN SIGNAL SQLSTATE VALUE '45000' SET MESSAGE_TEXT = CONCAT('bad a: ', NEW.a);
		  END IF;
		END`)
	require.NoError(t, err)
	for _, tc := range []struct {
		q     string
		msg   string
		state string
		errno int
	}{
		{"INSERT INTO t VALUES (NULL)", "a is required", "45001", 5001},
		{"INSERT INTO t VALUES (1), (-7)", "bad a: -7", "45000", 1644},
	} {
		_, err := run(t, c, tc.q)
		require.Error(t, err, tc.q)
		require.ErrorIs(t, err, &Error{Code: CodeSignal})
		var e *Error
		require.True(t, errors.As(err, &e))
		require.Equal(t, tc.msg, e.Msg)
		var se *SignalError
		require.True(t, errors.As(err, &se), tc.q)
		require.Equal(t, tc.state, se.State)
		require.Equal(t, tc.errno, se.Errno)
	}
	rows, err := run(t, c, "SELECT COUNT(*) FROM t")
	require.NoError(t, err)
	require.Equal(t, []string{"0"}, rows)
}

// TestTriggerOrderPersists: the firing order FOLLOWS/PRECEDES made is the
// catalog's row order, so it survives reopening the file, and DROP of a
// referenced trigger keeps the others' order.
func TestTriggerOrderPersists(t *testing.T) {
	fs := vfs.NewMemFS()
	c, err := Open(fs, "o.db", OpenOptions{Create: true})
	require.NoError(t, err)
	_, err = run(t, c, `CREATE TABLE o(x INT); CREATE TABLE olog(s VARCHAR(9));
		CREATE TRIGGER o1 BEFORE INSERT ON o FOR EACH ROW INSERT INTO olog VALUES ('o1');
		CREATE TRIGGER o2 BEFORE INSERT ON o FOR EACH ROW INSERT INTO olog VALUES ('o2');
		CREATE TRIGGER oa AFTER INSERT ON o FOR EACH ROW INSERT INTO olog VALUES ('oa');
		CREATE TRIGGER o3 BEFORE INSERT ON o FOR EACH ROW PRECEDES o1 INSERT INTO olog VALUES ('o3');
		CREATE TRIGGER o4 BEFORE INSERT ON o FOR EACH ROW FOLLOWS o3 INSERT INTO olog VALUES ('o4')`)
	require.NoError(t, err)
	require.NoError(t, c.Close())

	c, err = Open(fs, "o.db", OpenOptions{})
	require.NoError(t, err)
	defer c.Close()
	_, err = run(t, c, "DROP TRIGGER o3; INSERT INTO o VALUES (1)")
	require.NoError(t, err)
	rows, err := run(t, c, "SELECT GROUP_CONCAT(s SEPARATOR ' ') FROM olog")
	require.NoError(t, err)
	require.Equal(t, []string{"o4 o1 o2 oa"}, rows)
}

// TestTriggerBodySplit: the statement splitter keeps a trigger body with
// nested IF ... END IF and CASE ... END in one statement.
func TestTriggerBodySplit(t *testing.T) {
	q := "CREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW BEGIN IF NEW.a > 0 THEN SET NEW.b = CASE WHEN NEW.a > 9 THEN 2 ELSE 1 END; END IF; SET NEW.c = 1; END; SELECT 1"
	stmt, tail, _ := splitFirst(q)
	require.Equal(t, q[:len(q)-len("; SELECT 1")], stmt)
	require.Equal(t, " SELECT 1", tail)

	body, locals, err := parseBody("DECLARE x, y INT DEFAULT 1; DECLARE z VARCHAR(5); IF NEW.a > 0 THEN SET NEW.b = 1; ELSEIF NEW.a < 0 THEN SET NEW.b = 2; SET NEW.c = 3; ELSE SET NEW.b = 0; END IF; SET NEW.d = 4")
	require.NoError(t, err)
	require.Equal(t, []localVar{{"x", "INT", "1"}, {"y", "INT", "1"}, {"z", "VARCHAR(5)", ""}}, locals)
	require.Len(t, body, 2)
	require.Len(t, body[0].branches, 3)
	require.Equal(t, "NEW.a < 0", body[0].branches[1].cond)
	require.Len(t, body[0].branches[1].body, 2)
	require.Equal(t, "", body[0].branches[2].cond)
	require.Equal(t, "SET NEW.d = 4", body[1].text)

	body, _, err = parseBody("DECLARE n INT; SELECT COUNT(*), MAX(a) INTO n, @m FROM t WHERE b = 'INTO x' ORDER BY 1")
	require.NoError(t, err)
	require.Equal(t, []string{"n", "@m"}, body[0].into)
	require.Equal(t, "SELECT COUNT(*), MAX(a)  FROM t WHERE b = 'INTO x' ORDER BY 1", body[0].text)
	body, _, err = parseBody("SELECT a FROM t LIMIT 1 INTO @a")
	require.NoError(t, err)
	require.Equal(t, []string{"@a"}, body[0].into)
	require.Equal(t, "SELECT a FROM t LIMIT 1", body[0].text)

	for _, bad := range []string{"IF NEW.a THEN SET NEW.b = 1", "END IF", "IF NEW.a SET NEW.b = 1; END IF",
		"SET NEW.a = 1; DECLARE x INT", "DECLARE x INT; DECLARE x INT", "DECLARE x NOTATYPE",
		"SELECT 1 INTO x", "DECLARE c CURSOR FOR SELECT 1", "DECLARE x INT DEFAULT (1",
		"SELECT a FROM t WHERE a IN (SELECT 1 INTO @no)"} {
		_, _, err := parseBody(bad)
		require.Error(t, err, bad)
	}
}

// TestTriggerBadInput: every prefix of trigger statements is an error or
// a statement, never a panic.
func TestTriggerBadInput(t *testing.T) {
	c := openMem(t)
	_, err := run(t, c, "CREATE TABLE t(a INT, b INT)")
	require.NoError(t, err)
	for _, q := range []string{
		"CREATE DEFINER=`root`@`localhost` TRIGGER IF NOT EXISTS x BEFORE UPDATE OF a, b ON t FOR EACH ROW PRECEDES y WHEN NEW.a > 0 BEGIN IF NEW.a > (SELECT CASE WHEN 1 THEN 2 END) THEN SIGNAL SQLSTATE VALUE '45000' SET MESSAGE_TEXT = CONCAT('x', NEW.a), MYSQL_ERRNO = 1; ELSEIF 1 THEN SET NEW.a = 1, @v = 2; ELSE INSERT INTO t VALUES (1, 2); END IF; END;",
		"CREATE DEFINER = CURRENT_USER() TRIGGER x AFTER DELETE ON t FOR EACH ROW FOLLOWS y DELETE FROM t WHERE a = OLD.a",
		"DROP TRIGGER IF EXISTS main.x",
	} {
		for i := 0; i <= len(q); i++ {
			require.NotPanics(t, func() {
				st, _, err := c.Prepare(context.Background(), q[:i])
				if err == nil {
					st.Exec(context.Background(), nil)
				}
			}, q[:i])
		}
	}
}
