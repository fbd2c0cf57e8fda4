package walrus

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"io"
	"reflect"
	"time"

	wsql "github.com/walrusdb/walrus/sql"
	"github.com/walrusdb/walrus/vm"
)

// rows is the result of a query.
type rows struct {
	c       *conn
	ctx     context.Context
	st      *wsql.Stmt
	ownStmt bool // close st with the rows (a Query without Prepare)
	er      *wsql.Rows
	cols    []wsql.Column
	names   []string // Columns, made at the first call
	closed  bool
}

var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ driver.RowsColumnTypeScanType         = (*rows)(nil)
	_ driver.RowsColumnTypeNullable         = (*rows)(nil)
	_ driver.RowsColumnTypeLength           = (*rows)(nil)
	_ driver.RowsColumnTypePrecisionScale   = (*rows)(nil)
)

// Columns is called by database/sql at the first Next and by its users:
// the names are made once per Rows (not per Stmt, as a caller may modify
// the slice).
func (r *rows) Columns() []string {
	if r.names == nil {
		r.names = make([]string, len(r.cols))
		for i, c := range r.cols {
			r.names[i] = c.Name
		}
	}
	return r.names
}

func (r *rows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	r.c.openRows--
	r.c.connector.openRows.Add(-1)
	err := r.er.Close()
	if r.ownStmt {
		if serr := r.st.Close(); err == nil {
			err = serr
		}
	}
	return convertError(nil, err)
}

func (r *rows) Next(dest []driver.Value) error {
	if r.closed {
		return io.EOF
	}
	// The row is read in place: fromValue copies what it returns out.
	row, ok, err := r.er.NextRow()
	if err != nil {
		return r.c.convert(r.ctx, err)
	}
	if !ok {
		return io.EOF
	}
	for i := range dest {
		dest[i] = fromValue(row[i], r.cols[i].Type)
	}
	return nil
}

func (r *rows) ColumnTypeDatabaseTypeName(i int) string { return r.cols[i].Type.Name() }

func (r *rows) ColumnTypeNullable(i int) (nullable, ok bool) {
	return r.cols[i].Nullable, r.cols[i].NullableKnown
}

// ColumnTypeScanType is the Go type Next returns for the column; for a
// column that may be NULL, the matching sql.Null type.
func (r *rows) ColumnTypeScanType(i int) reflect.Type {
	col := r.cols[i]
	nullable := col.Nullable || !col.NullableKnown
	pick := func(plain, null reflect.Type) reflect.Type {
		if nullable {
			return null
		}
		return plain
	}
	switch classify(col.Type) {
	case classInt:
		if col.Type.Unsigned {
			return pick(reflect.TypeFor[uint64](), reflect.TypeFor[sql.Null[uint64]]())
		}
		return pick(reflect.TypeFor[int64](), reflect.TypeFor[sql.NullInt64]())
	case classFloat:
		return pick(reflect.TypeFor[float64](), reflect.TypeFor[sql.NullFloat64]())
	case classDecimal, classText:
		return pick(reflect.TypeFor[string](), reflect.TypeFor[sql.NullString]())
	case classBinary:
		return reflect.TypeFor[[]byte]() // nil is NULL
	case classTime:
		return pick(reflect.TypeFor[time.Time](), reflect.TypeFor[sql.NullTime]())
	}
	return reflect.TypeFor[any]()
}

// Maximum lengths of the TEXT and BLOB types, MySQL's.
var maxLengths = map[vm.BaseType]int64{
	vm.BaseTinyText: 1<<8 - 1, vm.BaseText: 1<<16 - 1, vm.BaseMediumText: 1<<24 - 1, vm.BaseLongText: 1<<32 - 1,
	vm.BaseTinyBlob: 1<<8 - 1, vm.BaseBlob: 1<<16 - 1, vm.BaseMediumBlob: 1<<24 - 1, vm.BaseLongBlob: 1<<32 - 1,
}

// ColumnTypeLength is the declared length of a character or binary column
// (characters for CHAR/VARCHAR, bytes for BINARY/VARBINARY), the maximum
// for the TEXT and BLOB types.
func (r *rows) ColumnTypeLength(i int) (int64, bool) {
	t := r.cols[i].Type
	if n, ok := maxLengths[t.Base]; ok {
		return n, true
	}
	switch t.Base {
	case vm.BaseChar, vm.BaseVarchar, vm.BaseBinary, vm.BaseVarbinary:
		if t.Length >= 0 {
			return int64(t.Length), true
		}
	}
	return 0, false
}

func (r *rows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	t := r.cols[i].Type
	if t.Base == vm.BaseDecimal {
		return int64(t.Precision), int64(t.Scale), true
	}
	return 0, 0, false
}
