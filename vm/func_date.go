package vm

import (
	"strconv"
	"strings"
	"time"
)

// Date and time functions over the canonical texts of cast_time.go. An argument that is not a
// valid date or time gives NULL, as MySQL does (with a warning). DATE_ADD/DATE_SUB take the
// interval as two arguments, the amount and the unit name ('DAY', 'MONTH', ...), which is how
// the compiler passes the parser's INTERVAL n UNIT.

func init() {
	for _, n := range []string{"now", "current_timestamp", "localtime", "localtimestamp", "sysdate"} {
		funcRegistry.m[n] = &FuncDef{Name: strings.ToUpper(n), MinArgs: 0, MaxArgs: 1, Fn: fnNow}
	}
	for _, n := range []string{"curdate", "current_date"} {
		funcRegistry.m[n] = &FuncDef{Name: strings.ToUpper(n), MinArgs: 0, MaxArgs: 0, Fn: func([]Value) (Value, error) {
			return Text(time.Now().Format("2006-01-02")), nil
		}}
	}
	for _, n := range []string{"curtime", "current_time"} {
		funcRegistry.m[n] = &FuncDef{Name: strings.ToUpper(n), MinArgs: 0, MaxArgs: 1, Fn: func([]Value) (Value, error) {
			return Text(time.Now().Format("15:04:05")), nil
		}}
	}
	funcRegistry.m["utc_timestamp"] = &FuncDef{Name: "UTC_TIMESTAMP", MinArgs: 0, MaxArgs: 1, Fn: func([]Value) (Value, error) {
		return Text(time.Now().UTC().Format("2006-01-02 15:04:05")), nil
	}}
	funcRegistry.m["utc_date"] = &FuncDef{Name: "UTC_DATE", MinArgs: 0, MaxArgs: 0, Fn: func([]Value) (Value, error) {
		return Text(time.Now().UTC().Format("2006-01-02")), nil
	}}
	funcRegistry.m["unix_timestamp"] = &FuncDef{Name: "UNIX_TIMESTAMP", MinArgs: 0, MaxArgs: 1, Fn: fnUnixTimestamp}

	builtin("date", 1, 1, strict(func(a []Value) (Value, error) { return castDate(a[0]), nil }))
	builtin("time", 1, 1, strict(fnTime))
	builtin("year", 1, 1, strict(zeroDateOK(func(t dateTime) int64 { return int64(t.year) })))
	builtin("month", 1, 1, strict(zeroDateOK(func(t dateTime) int64 { return int64(t.month) })))
	builtin("quarter", 1, 1, strict(zeroDateOK(func(t dateTime) int64 { return int64((t.month + 2) / 3) })))
	builtin("day", 1, 1, strict(zeroDateOK(func(t dateTime) int64 { return int64(t.day) })))
	builtin("dayofmonth", 1, 1, strict(zeroDateOK(func(t dateTime) int64 { return int64(t.day) })))
	builtin("dayofweek", 1, 1, strict(datePart(func(t dateTime) int64 { return int64(weekday(t)) + 1 })))
	builtin("weekday", 1, 1, strict(datePart(func(t dateTime) int64 { return int64((weekday(t) + 6) % 7) })))
	builtin("dayofyear", 1, 1, strict(datePart(func(t dateTime) int64 {
		return daysFromCivil(t.year, t.month, t.day) - daysFromCivil(t.year, 1, 1) + 1
	})))
	builtin("to_days", 1, 1, strict(datePart(func(t dateTime) int64 { return toDays(t) })))
	builtin("hour", 1, 1, strict(timePart(func(t dateTime) int64 { return int64(t.hour) })))
	builtin("minute", 1, 1, strict(timePart(func(t dateTime) int64 { return int64(t.minute) })))
	builtin("second", 1, 1, strict(timePart(func(t dateTime) int64 { return int64(t.second) })))
	builtin("microsecond", 1, 1, strict(timePart(func(t dateTime) int64 { return int64(t.micro) })))
	builtin("dayname", 1, 1, strict(dateText(func(t dateTime) string { return time.Weekday(weekday(t)).String() })))
	builtin("monthname", 1, 1, strict(dateText(func(t dateTime) string { return time.Month(t.month).String() })))
	builtin("last_day", 1, 1, strict(dateText(func(t dateTime) string {
		t.day = monthDays(t.year, t.month)
		return t.formatDate()
	})))
	builtin("from_days", 1, 1, strict(fnFromDays))
	builtin("datediff", 2, 2, strict(fnDateDiff))
	builtin("date_format", 2, 2, strict(fnDateFormat))
	builtin("date_add", 3, 3, strict(func(a []Value) (Value, error) { return dateAdd(a, 1) }))
	builtin("adddate", 3, 3, strict(func(a []Value) (Value, error) { return dateAdd(a, 1) }))
	builtin("date_sub", 3, 3, strict(func(a []Value) (Value, error) { return dateAdd(a, -1) }))
	builtin("subdate", 3, 3, strict(func(a []Value) (Value, error) { return dateAdd(a, -1) }))
	builtin("timestampadd", 3, 3, strict(func(a []Value) (Value, error) { return dateAdd([]Value{a[2], a[1], a[0]}, 1) }))
	builtin("timestampdiff", 3, 3, strict(fnTimestampDiff))
}

// fnTimestampDiff is TIMESTAMPDIFF(unit, a, b): b - a in whole units (truncated toward zero).
func fnTimestampDiff(a []Value) (Value, error) {
	t1, _, ok1 := toDatetime(a[1])
	t2, _, ok2 := toDatetime(a[2])
	if !ok1 || !ok2 {
		return Null(), nil
	}
	micros := func(t dateTime) int64 {
		return (daysFromCivil(t.year, t.month, t.day)*86400+int64(t.hour)*3600+int64(t.minute)*60+int64(t.second))*1000000 + int64(t.micro)
	}
	diff := micros(t2) - micros(t1)
	unit := strings.ToUpper(a[0].AsString())
	per := map[string]int64{"MICROSECOND": 1, "SECOND": 1e6, "MINUTE": 60e6, "HOUR": 3600e6, "DAY": 86400e6, "WEEK": 7 * 86400e6}
	if p, ok := per[unit]; ok {
		return Int(diff / p), nil
	}
	months := int64(t2.year*12+t2.month) - int64(t1.year*12+t1.month)
	// A month counts only when the later value's day and time reach the earlier one's.
	rest := func(t dateTime) int64 { return micros(t) - micros(dateTime{year: t.year, month: t.month, day: 1}) }
	if months > 0 && rest(t2) < rest(t1) {
		months--
	} else if months < 0 && rest(t2) > rest(t1) {
		months++
	}
	switch unit {
	case "MONTH":
		return Int(months), nil
	case "QUARTER":
		return Int(months / 3), nil
	case "YEAR":
		return Int(months / 12), nil
	}
	return Null(), errorf(ErrArgs, "vm: unsupported TIMESTAMPDIFF unit %q", unit)
}

func fnNow(a []Value) (Value, error) {
	fsp := 0
	if len(a) == 1 && !a[0].IsNull() {
		fsp = int(max(min(intArg(a[0]), 6), 0))
	}
	now := time.Now()
	t := dateTime{year: now.Year(), month: int(now.Month()), day: now.Day(), hour: now.Hour(),
		minute: now.Minute(), second: now.Second(), micro: now.Nanosecond() / 1000}
	unit := 1
	for i := fsp; i < 6; i++ {
		unit *= 10
	}
	t.micro = t.micro / unit * unit
	return Text(t.formatDatetime(fsp)), nil
}

// fnUnixTimestamp is UNIX_TIMESTAMP([d]): seconds since the epoch of d in
// the local zone, a DECIMAL with d's fraction digits when it has some.
// Dates outside the TIMESTAMP range give 0, as in MySQL.
func fnUnixTimestamp(a []Value) (Value, error) {
	if len(a) == 0 {
		return Int(time.Now().Unix()), nil
	}
	if a[0].IsNull() {
		return Null(), nil
	}
	t, _, ok := toDatetime(a[0])
	if !ok {
		return Null(), nil
	}
	tm := time.Date(t.year, time.Month(t.month), t.day, t.hour, t.minute, t.second, 0, time.Local)
	secs := tm.Unix()
	if secs < 1 || secs > maxUnixtime {
		return Int(0), nil
	}
	fsp := fracDigits(a[0])
	if fsp == 0 {
		return Int(secs), nil
	}
	return Dec(NewDecimal(secs*1000000+int64(t.micro), 6).Truncate(fsp)), nil
}

// fracDigits is the number of fraction digits (at most 6) of a temporal
// text such as '10:20:30.5' or of a DECIMAL: the precision MySQL gives a
// result computed from it.
func fracDigits(v Value) int {
	switch v.kind {
	case KindText, KindBlob:
		s := strings.TrimSpace(v.s)
		if i := strings.LastIndexByte(s, '.'); i >= 0 && allDigits(s[i+1:]) {
			return min(len(s)-i-1, 6)
		}
	case KindDecimal:
		return min(v.d.Scale(), 6)
	}
	return 0
}

// fnTime is TIME(x), with as many fraction digits as x has (MySQL's
// precision for a constant; a DATETIME(3) column's text has 3).
func fnTime(a []Value) (Value, error) {
	t, ok := timeOf(a[0])
	if !ok {
		return Null(), nil
	}
	fsp := fracDigits(a[0])
	if fsp == 0 && t.micro != 0 {
		fsp = 6
	}
	return Text(t.formatTime(fsp)), nil
}

// timeOf reads the time of day of a DATETIME or a TIME value.
func timeOf(v Value) (dateTime, bool) {
	if t, hasTime, ok := toDatetime(v); ok {
		if !hasTime {
			t.hour, t.minute, t.second, t.micro = 0, 0, 0, 0
		}
		return t, true
	}
	var s string
	switch v.kind {
	case KindText, KindBlob:
		s = v.s
	default:
		s = v.String()
	}
	return parseTime(s)
}

func datePart(f func(dateTime) int64) func([]Value) (Value, error) {
	return func(a []Value) (Value, error) {
		t, _, ok := toDatetime(a[0])
		if !ok {
			return Null(), nil
		}
		return Int(f(t)), nil
	}
}

func timePart(f func(dateTime) int64) func([]Value) (Value, error) {
	return func(a []Value) (Value, error) {
		t, ok := timeOf(a[0])
		if !ok {
			return Null(), nil
		}
		return Int(f(t)), nil
	}
}

func dateText(f func(dateTime) string) func([]Value) (Value, error) {
	return func(a []Value) (Value, error) {
		t, _, ok := toDatetime(a[0])
		if !ok {
			return Null(), nil
		}
		return Text(f(t)), nil
	}
}

// weekday returns 0 for Sunday .. 6 for Saturday.
func weekday(t dateTime) int {
	d := daysFromCivil(t.year, t.month, t.day) // 1970-01-01 was a Thursday
	return int(((d % 7) + 7 + 4) % 7)
}

// toDays is MySQL's TO_DAYS: days since year 0 (0000-01-01 is day 1 of MySQL's calendar;
// 1970-01-01 is 719528).
func toDays(t dateTime) int64 { return daysFromCivil(t.year, t.month, t.day) + 719528 }

func fnFromDays(a []Value) (Value, error) {
	n := intArg(a[0])
	if n < 366 || n > 3652424 {
		return Null(), nil
	}
	y, m, d := civilFromDays(n - 719528)
	return Text(dateTime{year: y, month: m, day: d}.formatDate()), nil
}

func fnDateDiff(a []Value) (Value, error) {
	t1, _, ok1 := toDatetime(a[0])
	t2, _, ok2 := toDatetime(a[1])
	if !ok1 || !ok2 {
		return Null(), nil
	}
	return Int(toDays(t1) - toDays(t2)), nil
}

// maxIntervalSecs bounds intervals to about 10000 years (MySQL's date range), so that no
// arithmetic below overflows; larger intervals give NULL.
const maxIntervalSecs = 10000 * 366 * 86400

// dateAdd is DATE_ADD(d, n, unit) (sign +1) and DATE_SUB (sign -1).
func dateAdd(a []Value, sign int64) (Value, error) {
	t, hasTime, ok := toDatetime(a[0])
	if !ok {
		return Null(), nil
	}
	unit := strings.ToUpper(a[2].AsString())
	var n int64
	if cu, composite := compositeUnits[unit]; composite {
		if n, unit, ok = compositeInterval(a[1], cu); !ok {
			return Null(), nil
		}
	} else {
		n = intArg(a[1])
	}
	n *= sign
	switch unit {
	case "MICROSECOND":
		t.micro += int(n % 1000000)
		secs := n / 1000000
		if t.micro < 0 {
			t.micro += 1000000
			secs--
		} else if t.micro >= 1000000 {
			t.micro -= 1000000
			secs++
		}
		t = t.addSeconds(secs, false)
		hasTime = true
	case "SECOND", "MINUTE", "HOUR", "DAY", "WEEK":
		unitSecs := map[string]int64{"SECOND": 1, "MINUTE": 60, "HOUR": 3600, "DAY": 86400, "WEEK": 7 * 86400}[unit]
		secs, overflow := mulInt64(n, unitSecs)
		if overflow || secs > maxIntervalSecs || secs < -maxIntervalSecs {
			return Null(), nil
		}
		t = t.addSeconds(secs, false)
		hasTime = hasTime || unitSecs < 86400
	case "MONTH", "QUARTER", "YEAR":
		if n > maxIntervalSecs/86400/28 || n < -maxIntervalSecs/86400/28 {
			return Null(), nil
		}
		months := n
		if unit == "QUARTER" {
			months *= 3
		} else if unit == "YEAR" {
			months *= 12
		}
		total := int64(t.year)*12 + int64(t.month-1) + months
		t.year, t.month = int(floorDiv(total, 12)), int(total-floorDiv(total, 12)*12)+1
		t.day = min(t.day, monthDays(t.year, t.month))
	default:
		return Null(), errorf(ErrArgs, "vm: unsupported INTERVAL unit %q", unit)
	}
	if !t.validDate() {
		return Null(), nil
	}
	if !hasTime {
		return Text(t.formatDate()), nil
	}
	fsp := 0
	if t.micro != 0 {
		fsp = 6
	}
	return Text(t.formatDatetime(fsp)), nil
}

func dayOrdinal(d int) string {
	if d/10 == 1 {
		return "th"
	}
	switch d % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

// fnDateFormat is DATE_FORMAT(d, format) for the specifiers of MySQL's manual (week numbers
// in func_week.go).
func fnDateFormat(a []Value) (Value, error) {
	t, ok := timeOf(a[0])
	if dt, _, okd := toDatetime(a[0]); okd {
		t, ok = dt, true
	}
	if !ok {
		return Null(), nil
	}
	f := a[1].AsString()
	if f == "" {
		return Null(), nil // as MySQL and MariaDB
	}
	var b strings.Builder
	p2 := func(n int) { pad(&b, n, 2) }
	h12 := t.hour % 12
	if h12 == 0 {
		h12 = 12
	}
	ampm := "AM"
	if t.hour >= 12 {
		ampm = "PM"
	}
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' || i+1 == len(f) {
			b.WriteByte(c)
			continue
		}
		i++
		switch f[i] {
		case 'a':
			b.WriteString(time.Weekday(weekday(t)).String()[:3])
		case 'b':
			if t.month >= 1 {
				b.WriteString(time.Month(t.month).String()[:3])
			}
		case 'c':
			b.WriteString(strconv.Itoa(t.month))
		case 'D':
			b.WriteString(strconv.Itoa(t.day) + dayOrdinal(t.day))
		case 'd':
			p2(t.day)
		case 'e':
			b.WriteString(strconv.Itoa(t.day))
		case 'f':
			pad(&b, t.micro, 6)
		case 'H':
			p2(t.hour)
		case 'h', 'I':
			p2(h12)
		case 'i':
			p2(t.minute)
		case 'j':
			pad(&b, int(daysFromCivil(t.year, t.month, t.day)-daysFromCivil(t.year, 1, 1)+1), 3)
		case 'k':
			b.WriteString(strconv.Itoa(t.hour))
		case 'l':
			b.WriteString(strconv.Itoa(h12))
		case 'M':
			if t.month >= 1 {
				b.WriteString(time.Month(t.month).String())
			}
		case 'm':
			p2(t.month)
		case 'p':
			b.WriteString(ampm)
		case 'r':
			p2(h12)
			b.WriteByte(':')
			p2(t.minute)
			b.WriteByte(':')
			p2(t.second)
			b.WriteString(" " + ampm)
		case 'S', 's':
			p2(t.second)
		case 'T':
			p2(t.hour)
			b.WriteByte(':')
			p2(t.minute)
			b.WriteByte(':')
			p2(t.second)
		case 'W':
			b.WriteString(time.Weekday(weekday(t)).String())
		case 'w':
			b.WriteString(strconv.Itoa(weekday(t)))
		case 'Y':
			pad(&b, t.year, 4)
		case 'y':
			p2(t.year % 100)
		case 'U', 'u':
			w, _ := calcWeek(t, formatWeekMode(f[i]))
			p2(w)
		case 'V', 'v':
			w, _ := calcWeek(t, formatWeekMode(f[i]))
			p2(w)
		case 'X', 'x':
			_, y := calcWeek(t, formatWeekMode(f[i]))
			pad(&b, y, 4)
		default:
			b.WriteByte(f[i])
		}
	}
	return Text(b.String()), nil
}
