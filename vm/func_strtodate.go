package vm

import (
	"math"
	"strings"
	"time"
)

// STR_TO_DATE and FROM_UNIXTIME.

func init() {
	builtin("str_to_date", 2, 2, strict(fnStrToDate))
	funcRegistry.m["from_unixtime"] = &FuncDef{Name: "FROM_UNIXTIME", MinArgs: 1, MaxArgs: 2, Fn: fnFromUnixtime}
}

var (
	monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"}
	abMonthNames = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	// Monday first: MySQL's %W/%a give 1 (Monday) .. 7 (Sunday).
	dayNames   = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	abDayNames = []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
)

// strToDateResult is the type STR_TO_DATE returns, decided by the format's
// specifiers as MySQL does: DATETIME when it has date and time parts, DATE
// or TIME when only one, with 6 fraction digits when it has %f.
func strToDateResult(format string) (hasDate, hasTime bool, fsp int) {
	for i := 0; i+1 < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		switch format[i] {
		case 'a', 'b', 'c', 'D', 'd', 'e', 'j', 'M', 'm', 'U', 'u', 'V', 'v', 'W', 'w', 'X', 'x', 'Y', 'y':
			hasDate = true
		case 'f':
			hasTime, fsp = true, 6
		case 'H', 'h', 'I', 'i', 'k', 'l', 'p', 'r', 'S', 's', 'T':
			hasTime = true
		}
	}
	return hasDate, hasTime, fsp
}

// dateParser holds the fields STR_TO_DATE extracts (MySQL's
// extract_date_time, sql/item_timefunc.cc).
type dateParser struct {
	t                dateTime
	usaTime          bool
	dayPart          int
	weekday, yearday int
	weekNumber       int
	sundayFirst      bool // %U/%V: weeks start on Sunday
	strictWeek       bool // %V/%v
	strictYear       int  // from %X/%x, -1 when absent
	strictYearSunday bool // %X
}

// fnStrToDate is STR_TO_DATE(str, format). A string that does not match
// the format, or (MySQL's default NO_ZERO_DATE and NO_ZERO_IN_DATE modes)
// a date with a zero month or day, gives NULL. As in MySQL, each part is
// only range-checked: '04/31/2004' gives '2004-04-31'.
func fnStrToDate(a []Value) (Value, error) {
	format := a[1].AsString()
	p := dateParser{weekNumber: -1, strictYear: -1}
	if _, ok := p.parse(a[0].AsString(), format); !ok {
		return Null(), nil
	}
	if !p.finish() {
		return Null(), nil
	}
	hasDate, hasTime, fsp := strToDateResult(format)
	t := p.t
	if hasTime && !hasDate {
		return Text(t.formatTime(fsp)), nil
	}
	if t.month == 0 || t.day == 0 {
		return Null(), nil // a zero part, refused by NO_ZERO_IN_DATE and NO_ZERO_DATE
	}
	if !hasTime {
		return Text(t.formatDate()), nil
	}
	return Text(t.formatDatetime(fsp)), nil
}

// number reads up to width digits of val (after an optional sign, as
// my_strtoll10 accepts); ok is false when there are none.
func number(val string, width int) (n int, rest string, ok bool) {
	end := min(width, len(val))
	i, neg := 0, false
	if i < end && (val[i] == '-' || val[i] == '+') {
		neg = val[i] == '-'
		i++
	}
	start := i
	for i < end && isDigit(val[i]) {
		if n < math.MaxInt32 {
			n = n*10 + int(val[i]-'0')
		}
		i++
	}
	if i == start {
		return 0, val, false
	}
	if neg {
		n = -n
	}
	return n, val[i:], true
}

// word matches the letters at the start of val against names (case
// insensitive; a unique prefix is enough, as MySQL's find_type allows) and
// returns the 1-based index.
func word(val string, names []string) (int, string, bool) {
	i := 0
	for i < len(val) && (val[i]|0x20 >= 'a' && val[i]|0x20 <= 'z') {
		i++
	}
	w := val[:i]
	if w == "" {
		return 0, val, false
	}
	found := 0
	for k, n := range names {
		if strings.EqualFold(n, w) {
			return k + 1, val[i:], true
		}
		if len(w) < len(n) && strings.EqualFold(n[:len(w)], w) {
			if found != 0 {
				return 0, val, false // ambiguous prefix
			}
			found = k + 1
		}
	}
	return found, val[i:], found != 0
}

func skipSpaces(s string) string {
	for s != "" && isSpace(s[0]) {
		s = s[1:]
	}
	return s
}

// parse consumes val according to format, returning what is left of val.
func (p *dateParser) parse(val, format string) (string, bool) {
	t := &p.t
	var ok bool
	for i := 0; i < len(format) && val != ""; i++ {
		if val = skipSpaces(val); val == "" {
			break
		}
		c := format[i]
		if c != '%' || i+1 == len(format) {
			if !isSpace(c) {
				if val[0] != c {
					return val, false
				}
				val = val[1:]
			}
			continue
		}
		i++
		switch format[i] {
		case 'Y':
			before := len(val)
			if t.year, val, ok = number(val, 4); ok && before-len(val) <= 2 {
				t.year = year2000(t.year)
			}
		case 'y':
			if t.year, val, ok = number(val, 2); ok {
				t.year = year2000(t.year)
			}
		case 'm', 'c':
			t.month, val, ok = number(val, 2)
		case 'M':
			t.month, val, ok = word(val, monthNames)
		case 'b':
			t.month, val, ok = word(val, abMonthNames)
		case 'd', 'e':
			t.day, val, ok = number(val, 2)
		case 'D':
			if t.day, val, ok = number(val, 2); ok {
				val = val[min(2, len(val)):] // st, nd, rd, th
			}
		case 'h', 'I', 'l':
			p.usaTime = true
			t.hour, val, ok = number(val, 2)
		case 'k', 'H':
			t.hour, val, ok = number(val, 2)
		case 'i':
			t.minute, val, ok = number(val, 2)
		case 's', 'S':
			t.second, val, ok = number(val, 2)
		case 'f':
			before := len(val)
			if t.micro, val, ok = number(val, 6); ok {
				for n := before - len(val); n < 6; n++ {
					t.micro *= 10
				}
			}
		case 'p':
			if len(val) < 2 || !p.usaTime {
				return val, false
			}
			switch strings.ToUpper(val[:2]) {
			case "PM":
				p.dayPart = 12
			case "AM":
			default:
				return val, false
			}
			val, ok = val[2:], true
		case 'W':
			p.weekday, val, ok = word(val, dayNames)
		case 'a':
			p.weekday, val, ok = word(val, abDayNames)
		case 'w':
			if p.weekday, val, ok = number(val, 1); ok {
				if p.weekday < 0 || p.weekday >= 7 {
					return val, false
				}
				if p.weekday == 0 {
					p.weekday = 7 // the same 1..7 scale as %W
				}
			}
		case 'j':
			p.yearday, val, ok = number(val, 3)
		case 'V', 'U', 'v', 'u':
			p.sundayFirst = format[i] == 'U' || format[i] == 'V'
			p.strictWeek = format[i] == 'V' || format[i] == 'v'
			if p.weekNumber, val, ok = number(val, 2); ok && (p.weekNumber < 0 || (p.strictWeek && p.weekNumber == 0) || p.weekNumber > 53) {
				return val, false
			}
		case 'X', 'x':
			p.strictYearSunday = format[i] == 'X'
			p.strictYear, val, ok = number(val, 4)
		case 'r':
			val, ok = p.parse(val, "%I:%i:%S %p")
		case 'T':
			val, ok = p.parse(val, "%H:%i:%S")
		case '.':
			for val != "" && isPunct(val[0]) {
				val = val[1:]
			}
			ok = true
		case '@':
			for val != "" && (val[0]|0x20 >= 'a' && val[0]|0x20 <= 'z') {
				val = val[1:]
			}
			ok = true
		case '#':
			for val != "" && isDigit(val[0]) {
				val = val[1:]
			}
			ok = true
		default:
			return val, false
		}
		if !ok {
			return val, false
		}
	}
	return val, true // trailing text is only a warning in MySQL
}

func isPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !isDigit(c) && !(c|0x20 >= 'a' && c|0x20 <= 'z')
}

// year2000 maps a two-digit year as MySQL does: 00-69 -> 2000-2069, 70-99
// -> 1970-1999.
func year2000(y int) int {
	if y < 70 {
		return y + 2000
	}
	if y < 100 {
		return y + 1900
	}
	return y
}

// finish applies AM/PM, day of year and week numbers, and checks ranges.
func (p *dateParser) finish() bool {
	t := &p.t
	if p.usaTime {
		if t.hour > 12 || t.hour < 1 {
			return false
		}
		t.hour = t.hour%12 + p.dayPart
	}
	if p.yearday > 0 {
		days := toDays(dateTime{year: t.year, month: 1, day: 1}) + int64(p.yearday) - 1
		if !p.setDaynr(days) {
			return false
		}
	}
	if p.weekNumber >= 0 && p.weekday != 0 {
		if (p.strictWeek && (p.strictYear < 0 || p.strictYearSunday != p.sundayFirst)) || (!p.strictWeek && p.strictYear >= 0) {
			return false
		}
		y := t.year
		if p.strictWeek {
			y = p.strictYear
		}
		days := toDays(dateTime{year: y, month: 1, day: 1})
		wd := int64(calcWeekday(days, p.sundayFirst))
		if p.sundayFirst {
			first := int64(7)
			if wd == 0 {
				first = 0
			}
			days += first - wd + int64(p.weekNumber-1)*7 + int64(p.weekday%7)
		} else {
			first := int64(7)
			if wd <= 3 {
				first = 0
			}
			days += first - wd + int64(p.weekNumber-1)*7 + int64(p.weekday-1)
		}
		if !p.setDaynr(days) {
			return false
		}
	}
	return t.month <= 12 && t.day <= 31 && t.hour <= 23 && t.minute <= 59 && t.second <= 59 &&
		t.month >= 0 && t.day >= 0 && t.hour >= 0 && t.minute >= 0 && t.second >= 0 && t.year >= 0
}

// setDaynr sets the date from a TO_DAYS day number.
func (p *dateParser) setDaynr(days int64) bool {
	if days <= 0 || days > 3652424 {
		return false
	}
	p.t.year, p.t.month, p.t.day = civilFromDays(days - 719528)
	return true
}

// maxUnixtime is the largest FROM_UNIXTIME argument (3001-01-19 03:14:07
// UTC-11, MySQL 8's limit on 64-bit platforms).
const maxUnixtime = 32536771199

// fnFromUnixtime is FROM_UNIXTIME(ts[, format]): the session-local
// DATETIME of a Unix timestamp, with the argument's fraction digits (6 for
// strings and doubles), formatted by DATE_FORMAT when a format is given.
// Negative and too large timestamps give NULL.
func fnFromUnixtime(a []Value) (Value, error) {
	if anyNull(a) {
		return Null(), nil
	}
	v := a[0]
	var secs int64
	var micro, fsp int
	switch v.kind {
	case KindInt:
		secs = v.AsInt()
	case KindUint:
		if v.AsUint() > maxUnixtime {
			return Null(), nil
		}
		secs = int64(v.AsUint())
	case KindDecimal:
		d := v.AsDecimal()
		fsp = min(d.Scale(), 6)
		if d.Sign() < 0 {
			return Null(), nil
		}
		whole, ok := d.Truncate(0).Int64()
		if !ok {
			return Null(), nil
		}
		secs = whole
		frac := d.Sub(DecimalFromInt(whole)).Round(fsp)
		f, _ := frac.Mul(DecimalFromInt(1000000)).Round(0).Int64()
		micro = int(f)
	default: // strings and doubles convert to DOUBLE
		f := v.AsFloat()
		if math.IsNaN(f) || f < 0 || f > maxUnixtime+1 {
			return Null(), nil
		}
		fsp = 6
		secs = int64(f)
		micro = int(math.Round((f - float64(secs)) * 1e6))
	}
	if micro >= 1000000 {
		secs, micro = secs+1, micro-1000000
	}
	if secs < 0 || secs > maxUnixtime {
		return Null(), nil
	}
	tm := time.Unix(secs, 0).In(time.Local)
	t := dateTime{year: tm.Year(), month: int(tm.Month()), day: tm.Day(), hour: tm.Hour(), minute: tm.Minute(),
		second: tm.Second(), micro: micro}
	out := Text(t.formatDatetime(fsp))
	if len(a) == 2 {
		return fnDateFormat([]Value{out, a[1]})
	}
	return out, nil
}
