package sql

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSplitFirst(t *testing.T) {
	cases := []struct{ in, stmt, tail string }{
		{"SELECT 1; SELECT 2", "SELECT 1", " SELECT 2"},
		{"  -- c\n SELECT ';' ; x", "SELECT ';'", " x"},
		{"SELECT `a;b` FROM t", "SELECT `a;b` FROM t", ""},
		{"/* ; */ SELECT 1 # ;\n;", "SELECT 1 # ;", ""},
		{"CREATE TRIGGER r AFTER INSERT ON t BEGIN SELECT 1; SELECT CASE WHEN 1 THEN 2 END; END; SELECT 3",
			"CREATE TRIGGER r AFTER INSERT ON t BEGIN SELECT 1; SELECT CASE WHEN 1 THEN 2 END; END", " SELECT 3"},
		{"   ", "", ""},
		// Keywords in any case: DEFINER before TRIGGER, END IF and END CASE
		// inside the body.
		{"create definer = `u`@`h` trigger r before insert on t for each row begin if new.a then set new.a = 1; end if; end; x",
			"create definer = `u`@`h` trigger r before insert on t for each row begin if new.a then set new.a = 1; end if; end", " x"},
		{"Create Trigger r after update on t for each row Begin Case when 1 then select 1; End Case; End; y",
			"Create Trigger r after update on t for each row Begin Case when 1 then select 1; End Case; End", " y"},
		{"SELECT create, trigger FROM begin; SELECT 2", "SELECT create, trigger FROM begin", " SELECT 2"},
		{"CREATE TABLE a(b INT, c INT, d INT, trigger INT); x", "CREATE TABLE a(b INT, c INT, d INT, trigger INT)", " x"},
	}
	for _, c := range cases {
		stmt, tail, _ := splitFirst(c.in)
		require.Equal(t, c.stmt, stmt, c.in)
		require.Equal(t, c.tail, tail, c.in)
	}
}

func TestParseFront(t *testing.T) {
	cases := []struct {
		in   string
		want frontStmt
	}{
		{"PRAGMA page_size", &pragmaStmt{Name: "page_size"}},
		{"pragma main.cache_size = -4000", &pragmaStmt{Schema: "main", Name: "cache_size", Arg: "-4000", HasArg: true}},
		{"PRAGMA table_info(t1)", &pragmaStmt{Name: "table_info", Arg: "t1", HasArg: true}},
		{"PRAGMA journal_mode='wal'", &pragmaStmt{Name: "journal_mode", Arg: "wal", HasArg: true}},
		{"BEGIN IMMEDIATE TRANSACTION", &beginStmt{Mode: TxImmediate}},
		{"begin", &beginStmt{}},
		{"END", &commitStmt{}},
		{"ROLLBACK", &rollbackStmt{}},
		{"DROP INDEX i1", &dropIndexStmt{Name: "i1"}},
		{"DROP INDEX IF EXISTS i1 ON t", &dropIndexStmt{Name: "i1", Table: "t", IfExists: true}},
		{"SELECT 1", nil},
		{"DROP TABLE t", nil},
	}
	for _, c := range cases {
		got, err := parseFront(c.in)
		require.NoError(t, err, c.in)
		require.Equal(t, c.want, got, c.in)
	}
	for _, bad := range []string{"PRAGMA", "PRAGMA a = ", "PRAGMA a(b", "BEGIN SOMETHING"} {
		_, err := parseFront(bad)
		var e *Error
		require.ErrorAs(t, err, &e, bad)
		require.Equal(t, CodeSyntax, e.Code, bad)
	}
}

func TestSyntaxErrorPosition(t *testing.T) {
	c := openMem(t)
	_, _, err := c.Prepare(t.Context(), "SELECT 1 FROM\nWHERE x")
	var e *Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, CodeSyntax, e.Code)
	require.Equal(t, 2, e.Line)
	require.NotEmpty(t, e.Near)
}
