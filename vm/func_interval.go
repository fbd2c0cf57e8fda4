package vm

import (
	"strings"
)

// Composite INTERVAL units (INTERVAL '1:30' HOUR_MINUTE) and EXTRACT.

// compositeUnit lists the fields of a composite unit, largest first, as
// multiples of its base: months for YEAR_MONTH, microseconds otherwise.
type compositeUnit struct {
	scale  []int64
	micro  bool // the last field is microseconds (right-padded to 6 digits)
	months bool // YEAR_MONTH: the base is months, not microseconds
}

const (
	usSecond = int64(1000000)
	usMinute = 60 * usSecond
	usHour   = 60 * usMinute
	usDay    = 24 * usHour
)

var compositeUnits = map[string]compositeUnit{
	"YEAR_MONTH":         {scale: []int64{12, 1}, months: true},
	"DAY_HOUR":           {scale: []int64{usDay, usHour}},
	"DAY_MINUTE":         {scale: []int64{usDay, usHour, usMinute}},
	"DAY_SECOND":         {scale: []int64{usDay, usHour, usMinute, usSecond}},
	"DAY_MICROSECOND":    {scale: []int64{usDay, usHour, usMinute, usSecond, 1}, micro: true},
	"HOUR_MINUTE":        {scale: []int64{usHour, usMinute}},
	"HOUR_SECOND":        {scale: []int64{usHour, usMinute, usSecond}},
	"HOUR_MICROSECOND":   {scale: []int64{usHour, usMinute, usSecond, 1}, micro: true},
	"MINUTE_SECOND":      {scale: []int64{usMinute, usSecond}},
	"MINUTE_MICROSECOND": {scale: []int64{usMinute, usSecond, 1}, micro: true},
	"SECOND_MICROSECOND": {scale: []int64{usSecond, 1}, micro: true},
}

// compositeInterval reads the value of a composite interval: the digit
// groups of its text, separated by anything else, with a leading '-' for a
// negative interval. Missing groups are the leftmost ones, as in MySQL
// ('1:30' DAY_SECOND is 1 minute 30 seconds). It returns the amount in
// the simple unit it is converted to: MONTH for YEAR_MONTH, else
// MICROSECOND (a value without digits is 0, as in MariaDB); ok is false
// for a value with too many groups.
func compositeInterval(v Value, cu compositeUnit) (n int64, unit string, ok bool) {
	s := strings.TrimSpace(v.AsString())
	neg := strings.HasPrefix(s, "-")
	var groups []string
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		groups = append(groups, s[i:j])
		i = j
	}
	if len(groups) > len(cu.scale) {
		return 0, "", false
	}
	off := len(cu.scale) - len(groups)
	for k, g := range groups {
		var x int64
		for i := 0; i < len(g); i++ {
			x = x*10 + int64(g[i]-'0')
			if x > maxIntervalSecs*usSecond {
				return 0, "", false // beyond any date range; keeps the sum from overflowing
			}
		}
		if cu.micro && off+k == len(cu.scale)-1 && len(groups) > 1 {
			for d := len(g); d < 6; d++ {
				x *= 10 // '.5' is half a second
			}
		}
		if x > maxIntervalSecs*usSecond/cu.scale[off+k] {
			return 0, "", false
		}
		n += x * cu.scale[off+k]
	}
	if neg {
		n = -n
	}
	if cu.months {
		return n, "MONTH", true
	}
	return n, "MICROSECOND", true
}

func init() {
	builtin("extract", 2, 2, strict(fnExtract))
}

// fnExtract is EXTRACT(unit FROM d); the parser passes the unit's name
// first. Composite units concatenate their fields (DAY_MINUTE of
// '2024-03-15 10:20:30' is 151020).
func fnExtract(a []Value) (Value, error) {
	unit := strings.ToUpper(a[0].AsString())
	switch unit {
	case "YEAR", "QUARTER", "MONTH", "WEEK", "YEAR_MONTH":
		t, _, ok := toDatetime(a[1])
		if !ok {
			return Null(), nil
		}
		switch unit {
		case "YEAR":
			return Int(int64(t.year)), nil
		case "QUARTER":
			return Int(int64((t.month + 2) / 3)), nil
		case "MONTH":
			return Int(int64(t.month)), nil
		case "WEEK":
			w, _ := calcWeek(t, weekMode(0))
			return Int(int64(w)), nil
		}
		return Int(int64(t.year)*100 + int64(t.month)), nil
	}
	t, hasTime, ok := toDatetime(a[1])
	if !ok || !hasTime {
		if tt, tok := parseTime(a[1].AsString()); tok && !ok {
			t, ok = tt, true
		}
	}
	if !ok {
		return Null(), nil
	}
	day, h, m, s, us := int64(t.day), int64(t.hour), int64(t.minute), int64(t.second), int64(t.micro)
	var r int64
	switch unit {
	case "DAY":
		r = day
	case "HOUR":
		r = h
	case "MINUTE":
		r = m
	case "SECOND":
		r = s
	case "MICROSECOND":
		r = us
	case "DAY_HOUR":
		r = day*100 + h
	case "DAY_MINUTE":
		r = (day*100+h)*100 + m
	case "DAY_SECOND":
		r = ((day*100+h)*100+m)*100 + s
	case "DAY_MICROSECOND":
		r = (((day*100+h)*100+m)*100+s)*1000000 + us
	case "HOUR_MINUTE":
		r = h*100 + m
	case "HOUR_SECOND":
		r = (h*100+m)*100 + s
	case "HOUR_MICROSECOND":
		r = ((h*100+m)*100+s)*1000000 + us
	case "MINUTE_SECOND":
		r = m*100 + s
	case "MINUTE_MICROSECOND":
		r = (m*100+s)*1000000 + us
	case "SECOND_MICROSECOND":
		r = s*1000000 + us
	default:
		return Null(), errorf(ErrArgs, "vm: unsupported EXTRACT unit %q", unit)
	}
	if t.neg {
		r = -r
	}
	return Int(r), nil
}
