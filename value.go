package walrus

import (
	"bytes"
	"database/sql/driver"
	"math"
	"strconv"
	"time"

	"github.com/walrusdb/walrus/vm"
)

// TimeFormat is how a time.Time argument is sent to the engine: converted
// to UTC, as text with microseconds (truncated), the trailing fraction
// omitted when zero. MySQL reads it into DATE, DATETIME, TIMESTAMP and
// string columns alike.
const TimeFormat = "2006-01-02 15:04:05.999999"

// timeLayouts read DATETIME, TIMESTAMP and DATE values back.
var timeLayouts = []string{"2006-01-02 15:04:05.999999999", "2006-01-02"}

// toValue converts a Go argument to an engine value (D6):
// nil -> NULL; signed integers -> INT; unsigned integers -> INT, or UINT
// above math.MaxInt64; floats -> DOUBLE; bool -> 1/0; string -> text;
// []byte -> binary (nil []byte is NULL); time.Time -> text in TimeFormat;
// vm.Value as is; driver.Valuer and other types through
// driver.DefaultParameterConverter.
func toValue(v any) (vm.Value, error) {
	switch x := v.(type) {
	case nil:
		return vm.Null(), nil
	case vm.Value:
		return x, nil
	case int64:
		return vm.Int(x), nil
	case int:
		return vm.Int(int64(x)), nil
	case int32:
		return vm.Int(int64(x)), nil
	case int16:
		return vm.Int(int64(x)), nil
	case int8:
		return vm.Int(int64(x)), nil
	case uint64:
		return unsignedValue(x), nil
	case uint:
		return unsignedValue(uint64(x)), nil
	case uint32:
		return vm.Int(int64(x)), nil
	case uint16:
		return vm.Int(int64(x)), nil
	case uint8:
		return vm.Int(int64(x)), nil
	case float64:
		return vm.Float(x), nil
	case float32:
		// Through the shortest text, so float32(0.1) is 0.1, not 0.100000001.
		f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
		return vm.Float(f), nil
	case bool:
		return vm.Bool(x), nil
	case string:
		return vm.Text(x), nil
	case []byte:
		if x == nil {
			return vm.Null(), nil
		}
		return vm.Blob(bytes.Clone(x)), nil
	case time.Time:
		return vm.Text(x.UTC().Format(TimeFormat)), nil
	}
	cv, err := driver.DefaultParameterConverter.ConvertValue(v)
	if err != nil {
		return vm.Value{}, errorf(CodeMismatch, "argument of type %T: %v", v, err)
	}
	return toValue(cv)
}

func unsignedValue(u uint64) vm.Value {
	if u <= math.MaxInt64 {
		return vm.Int(int64(u))
	}
	return vm.Uint(u)
}

// namedValues converts arguments that CheckNamedValue may not have seen
// (direct driver callers).
func namedValues(args []driver.NamedValue) ([]vm.Value, error) {
	vals := make([]vm.Value, len(args))
	for i, a := range args {
		if a.Name != "" {
			return nil, errorf(CodeMisuse, "named argument %q: walrus has only positional ? parameters", a.Name)
		}
		v, err := toValue(a.Value)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	return vals, nil
}

// typeClass groups column types by the Go type their values come out as.
type typeClass uint8

const (
	classUnknown typeClass = iota
	classInt
	classFloat
	classDecimal
	classText
	classBinary
	classTime
)

func classify(t vm.ColType) typeClass {
	switch {
	case t.IsInteger(), t.Base == vm.BaseYear, t.Base == vm.BaseBit:
		return classInt
	case t.Base == vm.BaseFloat, t.Base == vm.BaseDouble:
		return classFloat
	case t.Base == vm.BaseDecimal, t.Base == vm.BaseNumeric:
		return classDecimal
	case t.IsString(), t.Base == vm.BaseTime, t.Base == vm.BaseJSON, t.IsEnum():
		return classText
	case t.IsBinary():
		return classBinary
	case t.Base == vm.BaseDate, t.Base == vm.BaseDatetime, t.Base == vm.BaseTimestamp:
		return classTime
	}
	return classUnknown
}

// fromValue converts an engine value to what Next returns (D6): NULL ->
// nil, INT -> int64, UINT -> uint64, DOUBLE -> float64, DECIMAL -> string
// with its scale ("3.5000"), text -> string, binary -> []byte (a copy);
// a value of a DATE, DATETIME or TIMESTAMP column -> time.Time in UTC, or
// its text when it is no valid time (the zero date 0000-00-00).
func fromValue(v vm.Value, t vm.ColType) driver.Value {
	switch v.Kind() {
	case vm.KindNull:
		return nil
	case vm.KindInt:
		return v.AsInt()
	case vm.KindUint:
		return v.AsUint()
	case vm.KindFloat:
		return v.AsFloat()
	case vm.KindDecimal:
		return v.String()
	case vm.KindBlob:
		return bytes.Clone(v.AsBytes())
	}
	s := v.AsString()
	if classify(t) == classTime {
		for _, layout := range timeLayouts {
			if tm, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
				return tm
			}
		}
	}
	return s
}
