package vm

import (
	"strconv"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/charset"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	"github.com/pingcap/tidb/pkg/parser/types"
)

// BaseType is a MySQL column type without its modifiers.
type BaseType uint8

// The base types. BaseUnknown (the zero value) is "no declared type": an expression's result
// type when unknown, or a column that sqlite3 declared without a type (BLOB affinity: values are
// kept as they are). BaseNumeric is SQLite's NUMERIC affinity for files written by sqlite3.
const (
	BaseUnknown BaseType = iota
	BaseTinyInt
	BaseSmallInt
	BaseMediumInt
	BaseInt
	BaseBigInt
	BaseDecimal
	BaseFloat
	BaseDouble
	BaseChar
	BaseVarchar
	BaseTinyText
	BaseText
	BaseMediumText
	BaseLongText
	BaseBinary
	BaseVarbinary
	BaseTinyBlob
	BaseBlob
	BaseMediumBlob
	BaseLongBlob
	BaseDate
	BaseDatetime
	BaseTimestamp
	BaseTime
	BaseYear
	BaseBit
	BaseJSON
	BaseNumeric
	BaseEnum
	BaseSet
)

var baseNames = [...]string{
	BaseUnknown: "", BaseTinyInt: "TINYINT", BaseSmallInt: "SMALLINT", BaseMediumInt: "MEDIUMINT",
	BaseInt: "INT", BaseBigInt: "BIGINT", BaseDecimal: "DECIMAL", BaseFloat: "FLOAT",
	BaseDouble: "DOUBLE", BaseChar: "CHAR", BaseVarchar: "VARCHAR", BaseTinyText: "TINYTEXT",
	BaseText: "TEXT", BaseMediumText: "MEDIUMTEXT", BaseLongText: "LONGTEXT", BaseBinary: "BINARY",
	BaseVarbinary: "VARBINARY", BaseTinyBlob: "TINYBLOB", BaseBlob: "BLOB",
	BaseMediumBlob: "MEDIUMBLOB", BaseLongBlob: "LONGBLOB", BaseDate: "DATE",
	BaseDatetime: "DATETIME", BaseTimestamp: "TIMESTAMP", BaseTime: "TIME", BaseYear: "YEAR",
	BaseBit: "BIT", BaseJSON: "JSON", BaseNumeric: "NUMERIC",
	BaseEnum: "ENUM", BaseSet: "SET",
}

// String returns the MySQL name of the base type ("" for BaseUnknown).
func (b BaseType) String() string {
	if int(b) < len(baseNames) {
		return baseNames[b]
	}
	return "BaseType(" + strconv.Itoa(int(b)) + ")"
}

// ColType is a MySQL column (or expression) type. The zero ColType is "unknown type". It is
// comparable with ==.
type ColType struct {
	Base     BaseType
	Unsigned bool
	// Length is the maximum length in characters of CHAR/VARCHAR and in bytes of
	// BINARY/VARBINARY; the bit count of BIT; the display width of integer types (informative
	// only). -1 means unspecified (CAST(x AS CHAR) has no limit).
	Length int
	// Precision and Scale of DECIMAL(p,s). Scale is also the fractional seconds precision of
	// TIME, DATETIME and TIMESTAMP.
	Precision, Scale int
	// Elems is the member list of ENUM and SET, joined by NUL bytes (a string keeps ColType
	// comparable); Members splits it (enum.go).
	Elems string
}

// IsInteger reports whether t is one of the integer types (TINYINT..BIGINT, YEAR is not).
func (t ColType) IsInteger() bool { return t.Base >= BaseTinyInt && t.Base <= BaseBigInt }

// IsString reports whether t holds character strings (CHAR, VARCHAR, the TEXT types).
func (t ColType) IsString() bool { return t.Base >= BaseChar && t.Base <= BaseLongText }

// IsBinary reports whether t holds byte strings (BINARY, VARBINARY, the BLOB types).
func (t ColType) IsBinary() bool { return t.Base >= BaseBinary && t.Base <= BaseLongBlob }

// IsTemporal reports whether t is DATE, DATETIME, TIMESTAMP or TIME.
func (t ColType) IsTemporal() bool { return t.Base >= BaseDate && t.Base <= BaseTime }

// Name returns the type name as MySQL drivers report it: "BIGINT", "INT UNSIGNED", "VARCHAR",
// "DECIMAL", "DOUBLE", "DATETIME". The unknown type has the empty name.
func (t ColType) Name() string {
	n := t.Base.String()
	if t.Unsigned && (t.IsInteger() || t.Base == BaseDecimal || t.Base == BaseFloat || t.Base == BaseDouble) {
		n += " UNSIGNED"
	}
	return n
}

// SQL returns the full MySQL type as written in DDL: "INT UNSIGNED", "DECIMAL(10,2)",
// "VARCHAR(30)", "DATETIME(3)". SQLite parses every such text as a declared type and derives
// the affinity walrus stores under (see storage.go): INTEGER for the integer types, REAL for
// FLOAT/DOUBLE, TEXT for CHAR/VARCHAR/TEXT, BLOB for BLOB, NUMERIC otherwise.
func (t ColType) SQL() string {
	n := t.Base.String()
	switch t.Base {
	case BaseUnknown:
		return ""
	case BaseDecimal:
		n += "(" + strconv.Itoa(t.Precision) + "," + strconv.Itoa(t.Scale) + ")"
	case BaseChar, BaseVarchar, BaseBinary, BaseVarbinary, BaseBit:
		if t.Length >= 0 {
			n += "(" + strconv.Itoa(t.Length) + ")"
		}
	case BaseDatetime, BaseTimestamp, BaseTime:
		if t.Scale > 0 {
			n += "(" + strconv.Itoa(t.Scale) + ")"
		}
	case BaseEnum, BaseSet:
		n += "(" + t.memberList() + ")"
	}
	if t.Unsigned && (t.IsInteger() || t.Base == BaseDecimal || t.Base == BaseFloat || t.Base == BaseDouble) {
		n += " UNSIGNED"
	}
	return n
}

// DeclType returns the declared type text walrus writes into sqlite_schema's DDL. It is SQL():
// every MySQL type walrus supports is a valid SQLite type name whose affinity matches the
// storage format, and ColTypeFromDecl(t.DeclType()) == t. ENUM and SET are the exception:
// SQLite's type names cannot hold the quoted member list, so they are written ENUM_INT and
// SET_INT (INTEGER affinity, as the index or bit mask is stored); the members live in the
// catalog's MySQL DDL, and ColTypeFromDecl reads the names back as BIGINT.
func (t ColType) DeclType() string {
	if t.Base == BaseEnum || t.Base == BaseSet {
		return t.Base.String() + "_INT"
	}
	return t.SQL()
}

// Default precision and scale of DECIMAL without (p,s), and the default DECIMAL(p) scale.
const (
	DefaultDecimalPrecision = 10
	DefaultDecimalScale     = 0
)

// ColTypeFromField converts the parser's field type (a column definition or a CAST target) to a
// ColType. GEOMETRY and VECTOR are not supported.
func ColTypeFromField(ft *types.FieldType) (ColType, error) {
	flen, dec := ft.GetFlen(), ft.GetDecimal()
	t := ColType{Unsigned: mysql.HasUnsignedFlag(ft.GetFlag()), Length: flen}
	binary := ft.GetCharset() == charset.CharsetBin
	switch ft.GetType() {
	case mysql.TypeTiny:
		t.Base = BaseTinyInt
	case mysql.TypeShort:
		t.Base = BaseSmallInt
	case mysql.TypeInt24:
		t.Base = BaseMediumInt
	case mysql.TypeLong:
		t.Base = BaseInt
	case mysql.TypeLonglong:
		t.Base = BaseBigInt
	case mysql.TypeNewDecimal:
		t.Base, t.Length = BaseDecimal, -1
		t.Precision, t.Scale = flen, dec
		if t.Precision < 0 {
			t.Precision = DefaultDecimalPrecision
		}
		if t.Scale < 0 {
			t.Scale = DefaultDecimalScale
		}
		if t.Precision > MaxDecimalPrecision || t.Scale > MaxDecimalScale || t.Scale > t.Precision || t.Precision == 0 {
			return ColType{}, errorf(ErrRange, "vm: invalid DECIMAL(%d,%d)", t.Precision, t.Scale)
		}
	case mysql.TypeFloat:
		t.Base, t.Length = BaseFloat, -1
		if flen > 24 {
			t.Base = BaseDouble // FLOAT(p) with p > 24 is DOUBLE
		}
	case mysql.TypeDouble:
		t.Base, t.Length = BaseDouble, -1
	case mysql.TypeString:
		t.Base = BaseChar
		if binary {
			t.Base = BaseBinary
		}
		if t.Length < 0 {
			t.Length = 1
		}
	case mysql.TypeVarchar:
		t.Base = BaseVarchar
		if binary {
			t.Base = BaseVarbinary
		}
	case mysql.TypeVarString: // CAST(x AS CHAR) / CAST(x AS BINARY): no length limit unless given
		t.Base = BaseVarchar
		if binary {
			t.Base = BaseVarbinary
		}
	case mysql.TypeTinyBlob:
		t.Base, t.Length = pick(binary, BaseTinyBlob, BaseTinyText), -1
	case mysql.TypeBlob:
		t.Base, t.Length = pick(binary, BaseBlob, BaseText), -1
	case mysql.TypeMediumBlob:
		t.Base, t.Length = pick(binary, BaseMediumBlob, BaseMediumText), -1
	case mysql.TypeLongBlob:
		t.Base, t.Length = pick(binary, BaseLongBlob, BaseLongText), -1
	case mysql.TypeDate, mysql.TypeNewDate:
		t.Base, t.Length = BaseDate, -1
	case mysql.TypeDatetime:
		t.Base, t.Length, t.Scale = BaseDatetime, -1, max(dec, 0)
	case mysql.TypeTimestamp:
		t.Base, t.Length, t.Scale = BaseTimestamp, -1, max(dec, 0)
	case mysql.TypeDuration:
		t.Base, t.Length, t.Scale = BaseTime, -1, max(dec, 0)
	case mysql.TypeYear:
		t.Base, t.Length = BaseYear, -1
	case mysql.TypeBit:
		t.Base = BaseBit
		if t.Length < 0 {
			t.Length = 1
		}
	case mysql.TypeJSON:
		t.Base, t.Length = BaseJSON, -1
	case mysql.TypeEnum, mysql.TypeSet:
		return enumColType(ft.GetType() == mysql.TypeSet, ft.GetElems())
	default:
		return ColType{}, errorf(ErrArgs, "vm: column type %s is not supported", ft.String())
	}
	if t.IsInteger() {
		t.Length = -1 // the display width is deprecated and does not change values
	}
	if t.Scale > 6 && (t.Base == BaseDatetime || t.Base == BaseTimestamp || t.Base == BaseTime) {
		return ColType{}, errorf(ErrRange, "vm: fractional seconds precision %d exceeds 6", t.Scale)
	}
	return t, nil
}

func pick(cond bool, a, b BaseType) BaseType {
	if cond {
		return a
	}
	return b
}

// ColTypeFromDecl parses a declared type from sqlite_schema's DDL. MySQL type names (the texts
// DeclType writes) give the MySQL type; any other text (written by sqlite3 users) follows
// SQLite's affinity rules: containing INT -> BIGINT, CHAR/CLOB/TEXT -> TEXT, BLOB or empty ->
// unknown (values kept as stored), REAL/FLOA/DOUB -> DOUBLE, otherwise NUMERIC.
func ColTypeFromDecl(decl string) ColType {
	d := strings.ToUpper(strings.TrimSpace(decl))
	if t, ok := parseMySQLDecl(d); ok {
		return t
	}
	switch {
	case strings.Contains(d, "INT"):
		return ColType{Base: BaseBigInt, Length: -1}
	case strings.Contains(d, "CHAR"), strings.Contains(d, "CLOB"), strings.Contains(d, "TEXT"):
		return ColType{Base: BaseLongText, Length: -1}
	case d == "", strings.Contains(d, "BLOB"):
		return ColType{Length: -1}
	case strings.Contains(d, "REAL"), strings.Contains(d, "FLOA"), strings.Contains(d, "DOUB"):
		return ColType{Base: BaseDouble, Length: -1}
	}
	return ColType{Base: BaseNumeric, Length: -1}
}

// parseMySQLDecl parses exactly the forms SQL() produces (upper case).
func parseMySQLDecl(d string) (ColType, bool) {
	t := ColType{Length: -1}
	if rest, ok := strings.CutSuffix(d, " UNSIGNED"); ok {
		t.Unsigned, d = true, strings.TrimSpace(rest)
	}
	name, args := d, ""
	if i := strings.IndexByte(d, '('); i >= 0 {
		if !strings.HasSuffix(d, ")") {
			return ColType{}, false
		}
		name, args = strings.TrimSpace(d[:i]), d[i+1:len(d)-1]
	}
	base := BaseUnknown
	for b, n := range baseNames {
		if n != "" && n == name && BaseType(b) != BaseNumeric {
			base = BaseType(b)
			break
		}
	}
	if base == BaseUnknown {
		return ColType{}, false
	}
	t.Base = base
	var nums []int
	if args != "" {
		for _, a := range strings.Split(args, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(a))
			if err != nil || n < 0 {
				return ColType{}, false
			}
			nums = append(nums, n)
		}
	}
	switch base {
	case BaseDecimal:
		t.Precision, t.Scale = DefaultDecimalPrecision, DefaultDecimalScale
		if len(nums) >= 1 {
			t.Precision = nums[0]
		}
		if len(nums) == 2 {
			t.Scale = nums[1]
		}
		if len(nums) > 2 || t.Precision > MaxDecimalPrecision || t.Scale > MaxDecimalScale || t.Scale > t.Precision || t.Precision == 0 {
			return ColType{}, false
		}
	case BaseChar, BaseVarchar, BaseBinary, BaseVarbinary, BaseBit:
		if len(nums) > 1 {
			return ColType{}, false
		}
		if len(nums) == 1 {
			t.Length = nums[0]
		} else if base != BaseVarchar && base != BaseVarbinary {
			t.Length = 1
		}
	case BaseDatetime, BaseTimestamp, BaseTime:
		if len(nums) > 1 || len(nums) == 1 && nums[0] > 6 {
			return ColType{}, false
		}
		if len(nums) == 1 {
			t.Scale = nums[0]
		}
	default:
		if len(nums) > 1 || len(nums) == 1 && !t.IsInteger() {
			return ColType{}, false
		}
	}
	if t.Unsigned && !(t.IsInteger() || base == BaseDecimal || base == BaseFloat || base == BaseDouble) {
		return ColType{}, false
	}
	return t, true
}
