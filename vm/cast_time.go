package vm

import (
	"math"
	"strconv"
	"strings"
)

// Temporal values are Text in MySQL's canonical forms ('2024-01-31', '2024-01-31 12:00:00.5',
// '-12:30:00'), which sort correctly as bytes for DATE and DATETIME. This file parses and formats
// them.

// dateTime is a broken-down DATE, DATETIME or TIME. For TIME, hour may exceed 23 (up to 838)
// and neg marks a negative duration.
type dateTime struct {
	year, month, day     int
	hour, minute, second int
	micro                int
	neg                  bool
}

var daysInMonth = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func monthDays(y, m int) int {
	if m == 2 && isLeap(y) {
		return 29
	}
	return daysInMonth[m]
}

// validDate reports whether the date part is a real calendar date (MySQL's default sql_mode
// rejects zero dates and zero parts).
func (t dateTime) validDate() bool {
	return t.year >= 1 && t.year <= 9999 && t.month >= 1 && t.month <= 12 && t.day >= 1 && t.day <= monthDays(t.year, t.month)
}

func (t dateTime) validClock() bool {
	return t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59 && t.second >= 0 && t.second <= 59
}

func pad(b *strings.Builder, n, width int) {
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		b.WriteByte('0')
	}
	b.WriteString(s)
}

func (t dateTime) formatDate() string {
	var b strings.Builder
	pad(&b, t.year, 4)
	b.WriteByte('-')
	pad(&b, t.month, 2)
	b.WriteByte('-')
	pad(&b, t.day, 2)
	return b.String()
}

func formatFrac(b *strings.Builder, micro, fsp int) {
	if fsp <= 0 {
		return
	}
	b.WriteByte('.')
	s := strconv.Itoa(micro)
	s = strings.Repeat("0", 6-len(s)) + s
	b.WriteString(s[:fsp])
}

func (t dateTime) formatDatetime(fsp int) string {
	var b strings.Builder
	b.WriteString(t.formatDate())
	b.WriteByte(' ')
	pad(&b, t.hour, 2)
	b.WriteByte(':')
	pad(&b, t.minute, 2)
	b.WriteByte(':')
	pad(&b, t.second, 2)
	formatFrac(&b, t.micro, fsp)
	return b.String()
}

func (t dateTime) formatTime(fsp int) string {
	var b strings.Builder
	if t.neg && (t.hour|t.minute|t.second|t.micro) != 0 {
		b.WriteByte('-')
	}
	pad(&b, t.hour, 2)
	b.WriteByte(':')
	pad(&b, t.minute, 2)
	b.WriteByte(':')
	pad(&b, t.second, 2)
	formatFrac(&b, t.micro, fsp)
	return b.String()
}

// roundMicro rounds the fraction to fsp digits, carrying into the seconds (and for datetimes
// through the calendar).
func (t dateTime) roundMicro(fsp int, isTime bool) dateTime {
	if fsp >= 6 {
		return t
	}
	unit := int(math.Pow10(6 - fsp))
	m := (t.micro + unit/2) / unit * unit
	if m < 1000000 {
		t.micro = m
		return t
	}
	t.micro = 0
	return t.addSeconds(1, isTime)
}

// addSeconds adds s seconds (s may be negative), carrying through the calendar for datetimes.
func (t dateTime) addSeconds(s int64, isTime bool) dateTime {
	if isTime {
		total := int64(t.hour)*3600 + int64(t.minute)*60 + int64(t.second)
		if t.neg {
			total = -total
		}
		total += s
		t.neg = total < 0
		if total < 0 {
			total = -total
		}
		t.hour, t.minute, t.second = int(total/3600), int(total/60%60), int(total%60)
		return t
	}
	day := daysFromCivil(t.year, t.month, t.day)
	secs := int64(t.hour)*3600 + int64(t.minute)*60 + int64(t.second) + s
	day += floorDiv(secs, 86400)
	secs = secs - floorDiv(secs, 86400)*86400
	t.year, t.month, t.day = civilFromDays(day)
	t.hour, t.minute, t.second = int(secs/3600), int(secs/60%60), int(secs%60)
	return t
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// daysFromCivil returns the day number of a proleptic Gregorian date (0 = 1970-01-01).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(int64(y), 400)
	yoe := int64(y) - era*400
	mp := (int64(m) + 9) % 12
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	yy := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		yy++
	}
	return int(yy), m, d
}

// parseDatetime parses a DATE or DATETIME string as MySQL does: 'YYYY-MM-DD', 'YY-MM-DD', any
// punctuation as delimiter, 'T' or spaces before the time, 'YYYYMMDD[HHMMSS]' without delimiters,
// and an optional fraction. hasTime reports whether a time part was present.
func parseDatetime(s string) (t dateTime, hasTime bool, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return t, false, false
	}
	if allDigits(s) || (strings.Count(s, ".") == 1 && allDigits(strings.Replace(s, ".", "", 1)) && len(s[:strings.IndexByte(s, '.')]) >= 12) {
		return parseCompactDatetime(s)
	}
	// Split into numeric fields.
	var fields []string
	var seps []byte
	i := 0
	for i < len(s) {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == i {
			return t, false, false
		}
		fields = append(fields, s[i:j])
		if j == len(s) {
			break
		}
		sep := s[j]
		k := j + 1
		if sep == ' ' || sep == 'T' {
			for k < len(s) && s[k] == ' ' {
				k++
			}
		}
		if isDigit(sep) {
			return t, false, false
		}
		seps = append(seps, sep)
		i = k
		if i == len(s) {
			return t, false, false
		}
	}
	if len(fields) < 3 {
		return t, false, false
	}
	nums := make([]int, len(fields))
	for k, f := range fields {
		if len(f) > 9 {
			return t, false, false
		}
		nums[k], _ = strconv.Atoi(f)
	}
	t.year, t.month, t.day = nums[0], nums[1], nums[2]
	if len(fields[0]) <= 2 {
		t.year = twoDigitYear(t.year)
	}
	if len(fields) > 3 {
		hasTime = true
		if len(fields) < 5 {
			return t, false, false
		}
		t.hour, t.minute = nums[3], nums[4]
		if len(fields) >= 6 {
			t.second = nums[5]
		}
		if len(fields) == 7 {
			if seps[5] != '.' {
				return t, false, false
			}
			t.micro = fracMicro(fields[6])
			if len(fields[6]) > 6 && fields[6][6] >= '5' {
				t = t.addMicro(1)
			}
		}
		if len(fields) > 7 {
			return t, false, false
		}
	}
	if !t.validDate() || !t.validClock() {
		return t, hasTime, false
	}
	return t, hasTime, true
}

// addMicro adds one microsecond-rounding carry.
func (t dateTime) addMicro(n int) dateTime {
	t.micro += n
	if t.micro >= 1000000 {
		t.micro -= 1000000
		t = t.addSeconds(1, false)
	}
	return t
}

func fracMicro(f string) int {
	if len(f) > 6 {
		f = f[:6]
	}
	m, _ := strconv.Atoi(f + strings.Repeat("0", 6-len(f)))
	return m
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}

func twoDigitYear(y int) int {
	if y < 70 {
		return 2000 + y
	}
	if y < 100 {
		return 1900 + y
	}
	return y
}

// parseCompactDatetime parses YYYYMMDD, YYMMDD, YYYYMMDDHHMMSS[.frac], YYMMDDHHMMSS.
func parseCompactDatetime(s string) (t dateTime, hasTime bool, ok bool) {
	frac := ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s, frac = s[:i], s[i+1:]
	}
	atoi := func(x string) int { n, _ := strconv.Atoi(x); return n }
	switch len(s) {
	case 8:
		t.year, t.month, t.day = atoi(s[:4]), atoi(s[4:6]), atoi(s[6:8])
	case 6:
		t.year, t.month, t.day = twoDigitYear(atoi(s[:2])), atoi(s[2:4]), atoi(s[4:6])
	case 14:
		t.year, t.month, t.day = atoi(s[:4]), atoi(s[4:6]), atoi(s[6:8])
		t.hour, t.minute, t.second = atoi(s[8:10]), atoi(s[10:12]), atoi(s[12:14])
		hasTime = true
	case 12:
		t.year, t.month, t.day = twoDigitYear(atoi(s[:2])), atoi(s[2:4]), atoi(s[4:6])
		t.hour, t.minute, t.second = atoi(s[6:8]), atoi(s[8:10]), atoi(s[10:12])
		hasTime = true
	default:
		return t, false, false
	}
	if frac != "" {
		t.micro = fracMicro(frac)
	}
	return t, hasTime, t.validDate() && t.validClock()
}

// parseTime parses a TIME: '[-][D ]HH:MM[:SS[.frac]]', 'HHMMSS', 'SS', or a datetime string
// (its time part). Range is -838:59:59 .. 838:59:59.
func parseTime(s string) (dateTime, bool) {
	s = strings.TrimSpace(s)
	var t dateTime
	if s == "" {
		return t, false
	}
	if dt, hasTime, ok := parseDatetime(s); ok && hasTime && strings.ContainsAny(s, "- ") && !strings.HasPrefix(s, "-") {
		dt.year, dt.month, dt.day = 0, 0, 0
		return dt, true
	}
	if s[0] == '-' {
		t.neg = true
		s = strings.TrimSpace(s[1:])
	}
	days := 0
	if i := strings.IndexByte(s, ' '); i >= 0 {
		d, err := strconv.Atoi(s[:i])
		if err != nil || d < 0 || d > 34 {
			return t, false
		}
		days = d
		s = strings.TrimSpace(s[i+1:])
	}
	frac := ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s, frac = s[:i], s[i+1:]
		if !allDigits(frac) {
			return t, false
		}
	}
	if strings.Contains(s, ":") {
		parts := strings.Split(s, ":")
		if len(parts) > 3 {
			return t, false
		}
		nums := make([]int, 3)
		for k, p := range parts {
			if !allDigits(p) || len(p) > 7 {
				return t, false
			}
			nums[k], _ = strconv.Atoi(p)
		}
		t.hour, t.minute, t.second = nums[0], nums[1], nums[2]
	} else {
		if !allDigits(s) || len(s) > 7 {
			return t, false
		}
		n, _ := strconv.Atoi(s)
		t.hour, t.minute, t.second = n/10000, n/100%100, n%100
	}
	t.hour += days * 24
	if frac != "" {
		t.micro = fracMicro(frac)
	}
	if t.minute > 59 || t.second > 59 {
		return t, false
	}
	if t.hour > 838 {
		t.hour, t.minute, t.second, t.micro = 838, 59, 59, 0
	}
	return t, true
}

// toDatetime converts v to a broken-down datetime: strings are parsed, numbers read as
// YYYYMMDD[HHMMSS]. ok is false when v is not a valid date.
func toDatetime(v Value) (dateTime, bool, bool) {
	switch v.kind {
	case KindText, KindBlob:
		return parseDatetime(v.s)
	case KindInt, KindUint, KindDecimal, KindFloat:
		s := v.String()
		if v.kind == KindFloat {
			s = strconv.FormatFloat(v.AsFloat(), 'f', -1, 64)
		}
		if strings.HasPrefix(s, "-") {
			return dateTime{}, false, false
		}
		intPart := s
		if i := strings.IndexByte(s, '.'); i >= 0 {
			intPart = s[:i]
		}
		switch len(intPart) {
		case 5, 7:
			s = "0" + s
		case 3, 4: // MDD / MMDD of year 2000 is not a date in MySQL
			return dateTime{}, false, false
		}
		return parseCompactDatetime(s)
	}
	return dateTime{}, false, false
}

// castDate converts v to a DATE text ('YYYY-MM-DD') or NULL when it is not a date.
func castDate(v Value) Value {
	t, _, ok := toDatetime(v)
	if !ok {
		return Null()
	}
	return Text(t.formatDate())
}

// castDatetime converts v to a DATETIME text with fsp fraction digits, or NULL.
func castDatetime(v Value, fsp int) Value {
	t, _, ok := toDatetime(v)
	if !ok {
		return Null()
	}
	t = t.roundMicro(fsp, false)
	return Text(t.formatDatetime(fsp))
}

// castTime converts v to a TIME text with fsp fraction digits, or NULL.
func castTime(v Value, fsp int) Value {
	var t dateTime
	var ok bool
	switch v.kind {
	case KindText, KindBlob:
		t, ok = parseTime(v.s)
	case KindInt, KindUint, KindDecimal, KindFloat:
		s := v.String()
		if v.kind == KindFloat {
			s = strconv.FormatFloat(v.AsFloat(), 'f', -1, 64)
		}
		t, ok = parseTime(s)
	}
	if !ok {
		return Null()
	}
	t = t.roundMicro(fsp, true)
	return Text(t.formatTime(fsp))
}
