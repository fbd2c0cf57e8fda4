package vm

import (
	"testing"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// columnTypes parses a CREATE TABLE with the TiDB parser and converts each column's type.
func columnTypes(t *testing.T, sql string) []ColType {
	stmt, err := parser.New().ParseOneStmt(sql, "", "")
	require.NoError(t, err)
	ct := stmt.(*ast.CreateTableStmt)
	var out []ColType
	for _, c := range ct.Cols {
		typ, err := ColTypeFromField(c.Tp)
		require.NoError(t, err, c.Name.Name.O)
		out = append(out, typ)
	}
	return out
}

func TestColTypeFromField(t *testing.T) {
	types := columnTypes(t, `CREATE TABLE t (
		a INT, b INT UNSIGNED, c BIGINT, d TINYINT(1), e BOOL, f SMALLINT, g MEDIUMINT UNSIGNED,
		h DECIMAL(10,2), i DECIMAL, j NUMERIC(7), k FLOAT, l DOUBLE, m REAL, n FLOAT(30),
		o CHAR(3), p CHAR, q VARCHAR(30), r TEXT, s TINYTEXT, u MEDIUMTEXT, v LONGTEXT,
		w BINARY(4), x VARBINARY(8), y BLOB, z TINYBLOB, aa DATE, ab DATETIME, ac DATETIME(3),
		ad TIMESTAMP, ae TIME(2), af YEAR, ag BIT(5), ah JSON, ai INTEGER, aj DOUBLE PRECISION)`)
	want := []struct{ name, sql string }{
		{"INT", "INT"}, {"INT UNSIGNED", "INT UNSIGNED"}, {"BIGINT", "BIGINT"}, {"TINYINT", "TINYINT"},
		{"TINYINT", "TINYINT"}, {"SMALLINT", "SMALLINT"}, {"MEDIUMINT UNSIGNED", "MEDIUMINT UNSIGNED"},
		{"DECIMAL", "DECIMAL(10,2)"}, {"DECIMAL", "DECIMAL(10,0)"}, {"DECIMAL", "DECIMAL(7,0)"},
		{"FLOAT", "FLOAT"}, {"DOUBLE", "DOUBLE"}, {"DOUBLE", "DOUBLE"}, {"DOUBLE", "DOUBLE"},
		{"CHAR", "CHAR(3)"}, {"CHAR", "CHAR(1)"}, {"VARCHAR", "VARCHAR(30)"}, {"TEXT", "TEXT"},
		{"TINYTEXT", "TINYTEXT"}, {"MEDIUMTEXT", "MEDIUMTEXT"}, {"LONGTEXT", "LONGTEXT"},
		{"BINARY", "BINARY(4)"}, {"VARBINARY", "VARBINARY(8)"}, {"BLOB", "BLOB"}, {"TINYBLOB", "TINYBLOB"},
		{"DATE", "DATE"}, {"DATETIME", "DATETIME"}, {"DATETIME", "DATETIME(3)"}, {"TIMESTAMP", "TIMESTAMP"},
		{"TIME", "TIME(2)"}, {"YEAR", "YEAR"}, {"BIT", "BIT(5)"}, {"JSON", "JSON"}, {"INT", "INT"},
		{"DOUBLE", "DOUBLE"},
	}
	require.Len(t, types, len(want))
	for i, w := range want {
		assert.Equal(t, w.name, types[i].Name(), "column %d", i)
		assert.Equal(t, w.sql, types[i].SQL(), "column %d", i)
		// DeclType round-trips through the text stored in sqlite_schema.
		assert.Equal(t, types[i], ColTypeFromDecl(types[i].DeclType()), "column %d %s", i, w.sql)
	}
}

func TestColTypeFromFieldRejects(t *testing.T) {
	for _, ddl := range []string{"CREATE TABLE t (a ENUM('x','x'))", "CREATE TABLE t (a SET('x,y'))", "CREATE TABLE t (a VECTOR(3))"} {
		stmt, err := parser.New().ParseOneStmt(ddl, "", "")
		require.NoError(t, err)
		_, err = ColTypeFromField(stmt.(*ast.CreateTableStmt).Cols[0].Tp)
		assert.ErrorIs(t, err, ErrArgs, ddl)
	}
}

func TestCastTargetsFromParser(t *testing.T) {
	stmt, err := parser.New().ParseOneStmt(`SELECT CAST(a AS SIGNED), CAST(a AS UNSIGNED), CAST(a AS DECIMAL),
		CAST(a AS DECIMAL(6,2)), CAST(a AS CHAR), CAST(a AS CHAR(4)), CAST(a AS BINARY), CAST(a AS DATE),
		CAST(a AS DATETIME), CAST(a AS TIME), CAST(a AS DOUBLE), CAST(a AS FLOAT), CAST(a AS REAL)`, "", "")
	require.NoError(t, err)
	var got []string
	for _, f := range stmt.(*ast.SelectStmt).Fields.Fields {
		ct, err := ColTypeFromField(f.Expr.(*ast.FuncCastExpr).Tp)
		require.NoError(t, err)
		got = append(got, ct.SQL())
	}
	assert.Equal(t, []string{"BIGINT", "BIGINT UNSIGNED", "DECIMAL(10,0)", "DECIMAL(6,2)", "VARCHAR",
		"VARCHAR(4)", "VARBINARY", "DATE", "DATETIME", "TIME", "DOUBLE", "FLOAT", "DOUBLE"}, got)
	// CAST(x AS CHAR) has no length limit.
	ct, _ := ColTypeFromField(stmt.(*ast.SelectStmt).Fields.Fields[4].Expr.(*ast.FuncCastExpr).Tp)
	v, err := Cast(Text("a long string"), ct)
	require.NoError(t, err)
	assert.Equal(t, "a long string", v.AsString())
}

func TestColTypeFromSQLiteDecl(t *testing.T) {
	for _, c := range []struct {
		decl string
		want BaseType
	}{
		{"INTEGER", BaseBigInt}, {"int", BaseInt}, {"UNSIGNED BIG INT", BaseBigInt}, {"INT8", BaseBigInt},
		{"CHARACTER(20)", BaseLongText}, {"NVARCHAR(100)", BaseLongText}, {"CLOB", BaseLongText},
		{"TEXT", BaseText}, {"", BaseUnknown}, {"BLOB", BaseBlob}, {"REAL", BaseDouble},
		{"FLOATING POINT", BaseBigInt}, // SQLite: contains INT first, {"DOUBLE", BaseDouble}, {"NUMERIC", BaseNumeric},
		{"BOOLEAN", BaseNumeric}, {"DECIMAL(10,5)", BaseDecimal}, {"VARCHAR(10)", BaseVarchar},
		{"STRING", BaseNumeric}, {"DECIMAL(99,2)", BaseNumeric},
	} {
		assert.Equal(t, c.want, ColTypeFromDecl(c.decl).Base, "%q", c.decl)
	}
	assert.True(t, ColTypeFromDecl("bigint unsigned").Unsigned)
	assert.Equal(t, -1, ColTypeFromDecl("CHARACTER(20)").Length, "affinity TEXT has no length limit")
}
