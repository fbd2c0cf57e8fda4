package vm

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// TIME arithmetic: TIME_TO_SEC, SEC_TO_TIME, TIMEDIFF, ADDTIME, SUBTIME,
// TIMESTAMP, MAKEDATE, MAKETIME, TO_SECONDS, UTC_TIME. Results keep the
// fraction digits of their most precise argument, as MySQL's do.

func init() {
	builtin("time_to_sec", 1, 1, strict(fnTimeToSec))
	builtin("sec_to_time", 1, 1, strict(fnSecToTime))
	builtin("timediff", 2, 2, strict(fnTimeDiff))
	builtin("addtime", 2, 2, strict(func(a []Value) (Value, error) { return addTime(a[0], a[1], 1) }))
	builtin("subtime", 2, 2, strict(func(a []Value) (Value, error) { return addTime(a[0], a[1], -1) }))
	builtin("timestamp", 1, 2, strict(fnTimestamp))
	builtin("makedate", 2, 2, strict(fnMakeDate))
	builtin("maketime", 3, 3, strict(fnMakeTime))
	builtin("to_seconds", 1, 1, strict(fnToSeconds))
	funcRegistry.m["utc_time"] = &FuncDef{Name: "UTC_TIME", MinArgs: 0, MaxArgs: 1, Fn: func([]Value) (Value, error) {
		return Text(time.Now().UTC().Format("15:04:05")), nil
	}}
}

// maxTimeMicros is TIME's range: 838:59:59.
const maxTimeMicros = (838*3600 + 59*60 + 59) * usSecond

// timeValue is a TIME as signed microseconds.
func timeValue(t dateTime) int64 {
	m := (int64(t.hour)*3600+int64(t.minute)*60+int64(t.second))*usSecond + int64(t.micro)
	if t.neg {
		return -m
	}
	return m
}

// formatTimeMicros prints a TIME of m microseconds with fsp fraction
// digits, clamped to TIME's range as MySQL clamps.
func formatTimeMicros(m int64, fsp int) string {
	if m > maxTimeMicros || m < -maxTimeMicros {
		m = int64(math.Copysign(float64(maxTimeMicros), float64(m)))
	}
	t := dateTime{neg: m < 0}
	if m < 0 {
		m = -m
	}
	t.micro = int(m % usSecond)
	s := m / usSecond
	t.hour, t.minute, t.second = int(s/3600), int(s/60%60), int(s%60)
	return t.formatTime(fsp)
}

// datetimeMicros is a DATETIME as microseconds since 0000-01-01 (TO_DAYS
// scale), for arithmetic.
func datetimeMicros(t dateTime) int64 {
	return (toDays(t)*86400+int64(t.hour)*3600+int64(t.minute)*60+int64(t.second))*usSecond + int64(t.micro)
}

func fromDatetimeMicros(m int64) (dateTime, bool) {
	days := floorDiv(m, 86400*usSecond)
	rest := m - days*86400*usSecond
	if days < 366 || days > 3652424 {
		return dateTime{}, false
	}
	var t dateTime
	t.year, t.month, t.day = civilFromDays(days - 719528)
	t.micro = int(rest % usSecond)
	s := rest / usSecond
	t.hour, t.minute, t.second = int(s/3600), int(s/60%60), int(s%60)
	return t, true
}

// asDatetime reads v as a DATETIME with a time part ('2024-01-01 10:00:00');
// a bare time such as '10:00:00' is not one.
func asDatetime(v Value) (dateTime, bool) {
	t, hasTime, ok := toDatetime(v)
	return t, ok && hasTime
}

// asTime reads v as a TIME ('1 02:00:00', '-01:30', 10000).
func asTime(v Value) (dateTime, bool) {
	switch v.kind {
	case KindText, KindBlob:
		// 'D hh:mm:ss' has days: parseTime would first try it as a
		// datetime of year D.
		s := strings.TrimSpace(v.s)
		neg := strings.HasPrefix(s, "-")
		d, rest, ok := strings.Cut(strings.TrimPrefix(s, "-"), " ")
		if !ok || d == "" || len(d) > 2 || !allDigits(d) {
			return parseTime(s)
		}
		t, ok := parseTime(rest)
		if !ok || t.neg {
			return t, false
		}
		days, _ := strconv.Atoi(d)
		t.hour += days * 24
		t.neg = neg
		return t, true
	case KindInt, KindUint, KindDecimal, KindFloat:
		return parseTime(v.String())
	}
	return dateTime{}, false
}

func fnTimeToSec(a []Value) (Value, error) {
	t, ok := timeOf(a[0])
	if !ok {
		return Null(), nil
	}
	m := timeValue(t)
	if fsp := fracDigits(a[0]); fsp > 0 {
		return Dec(NewDecimal(m, 6).Truncate(fsp)), nil
	}
	return Int(m / usSecond), nil
}

func fnSecToTime(a []Value) (Value, error) {
	v := a[0]
	fsp := 0
	var m int64
	switch v.kind {
	case KindInt:
		s := v.AsInt()
		if s > maxTimeMicros/usSecond || s < -maxTimeMicros/usSecond {
			return Text(formatTimeMicros(int64(math.Copysign(float64(maxTimeMicros), float64(s))), 0)), nil
		}
		m = s * usSecond
	case KindDecimal:
		d := v.AsDecimal()
		fsp = min(d.Scale(), 6)
		f := d.Float64()
		if math.Abs(f) > float64(maxTimeMicros/usSecond) {
			return Text(formatTimeMicros(int64(math.Copysign(float64(maxTimeMicros), f)), fsp)), nil
		}
		m, _ = d.Mul(DecimalFromInt(usSecond)).Round(0).Int64()
	default:
		f := v.AsFloat()
		fsp = 6
		if math.IsNaN(f) {
			return Null(), nil
		}
		if math.Abs(f) > float64(maxTimeMicros/usSecond) {
			return Text(formatTimeMicros(int64(math.Copysign(float64(maxTimeMicros), f)), fsp)), nil
		}
		m = int64(math.Round(f * float64(usSecond)))
	}
	return Text(formatTimeMicros(m, fsp)), nil
}

// fnTimeDiff is TIMEDIFF(a, b): a - b as a TIME, for two DATETIMEs or two
// TIMEs; NULL for one of each.
func fnTimeDiff(a []Value) (Value, error) {
	fsp := max(fracDigits(a[0]), fracDigits(a[1]))
	if x, ok := asDatetime(a[0]); ok {
		y, ok := asDatetime(a[1])
		if !ok {
			return Null(), nil
		}
		return Text(formatTimeMicros(datetimeMicros(x)-datetimeMicros(y), fsp)), nil
	}
	x, okx := asTime(a[0])
	if _, isDT := asDatetime(a[1]); isDT {
		return Null(), nil
	}
	y, oky := asTime(a[1])
	if !okx || !oky {
		return Null(), nil
	}
	return Text(formatTimeMicros(timeValue(x)-timeValue(y), fsp)), nil
}

// addTime is ADDTIME(a, t) (sign 1) and SUBTIME (sign -1): a DATETIME or
// TIME plus a TIME.
func addTime(base, delta Value, sign int64) (Value, error) {
	d, ok := asTime(delta)
	if !ok {
		return Null(), nil
	}
	fsp := max(fracDigits(base), fracDigits(delta))
	dm := timeValue(d) * sign
	if t, ok := asDatetime(base); ok {
		r, ok := fromDatetimeMicros(datetimeMicros(t) + dm)
		if !ok {
			return Null(), nil
		}
		return Text(r.formatDatetime(fsp)), nil
	}
	t, ok := asTime(base)
	if !ok {
		return Null(), nil
	}
	return Text(formatTimeMicros(timeValue(t)+dm, fsp)), nil
}

// fnTimestamp is TIMESTAMP(d[, t]): d as a DATETIME, plus the TIME t.
func fnTimestamp(a []Value) (Value, error) {
	t, _, ok := toDatetime(a[0])
	if !ok {
		return Null(), nil
	}
	fsp := fracDigits(a[0])
	if len(a) == 1 {
		return Text(t.formatDatetime(fsp)), nil
	}
	d, ok := asTime(a[1])
	if !ok {
		return Null(), nil
	}
	r, ok := fromDatetimeMicros(datetimeMicros(t) + timeValue(d))
	if !ok {
		return Null(), nil
	}
	return Text(r.formatDatetime(max(fsp, fracDigits(a[1])))), nil
}

// fnMakeDate is MAKEDATE(year, dayofyear); a two-digit year is taken as
// YEAR columns take it (70 -> 1970).
func fnMakeDate(a []Value) (Value, error) {
	y, n := intArg(a[0]), intArg(a[1])
	if n <= 0 || y < 0 || y > 9999 {
		return Null(), nil
	}
	if y < 100 {
		y = int64(year2000(int(y)))
	}
	days := toDays(dateTime{year: int(y), month: 1, day: 1}) + n - 1
	if days > 3652424 {
		return Null(), nil
	}
	yy, mm, dd := civilFromDays(days - 719528)
	return Text(dateTime{year: yy, month: mm, day: dd}.formatDate()), nil
}

// fnMakeTime is MAKETIME(hour, minute, second); minute and second must be
// in 0..59.
func fnMakeTime(a []Value) (Value, error) {
	h, mi := intArg(a[0]), intArg(a[1])
	sec := a[2].AsFloat()
	if mi < 0 || mi > 59 || sec < 0 || sec >= 60 {
		return Null(), nil
	}
	fsp := fracDigits(a[2])
	if a[2].kind == KindFloat {
		fsp = 6
	}
	if h > 838 || h < -838 {
		return Text(formatTimeMicros(int64(math.Copysign(float64(maxTimeMicros), float64(h))), fsp)), nil
	}
	m := (abs64(h)*3600+mi*60)*usSecond + int64(math.Round(sec*float64(usSecond)))
	if h < 0 {
		m = -m
	}
	return Text(formatTimeMicros(m, fsp)), nil
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// fnToSeconds is TO_SECONDS(d): seconds since year 0 (TO_DAYS * 86400
// plus the time of day).
func fnToSeconds(a []Value) (Value, error) {
	t, _, ok := toDatetime(a[0])
	if !ok {
		return Null(), nil
	}
	return Int(toDays(t)*86400 + int64(t.hour)*3600 + int64(t.minute)*60 + int64(t.second)), nil
}
