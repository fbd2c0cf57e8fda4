package vm

// Week numbers: WEEK, YEARWEEK, WEEKOFYEAR and DATE_FORMAT's %U %u %V %v
// %X %x, after MySQL's calc_week (sql-common/my_time.cc).

func init() {
	// A NULL mode counts as 0 (MySQL reads it with val_int); a NULL date
	// gives NULL.
	builtin("week", 1, 2, fnWeek)
	builtin("yearweek", 1, 2, fnYearWeek)
	builtin("weekofyear", 1, 1, strict(datePart(func(t dateTime) int64 {
		w, _ := calcWeek(t, weekMode(3))
		return int64(w)
	})))
}

// The bits of a calc_week behaviour.
const (
	weekMondayFirst  = 1 // weeks start on Monday (else Sunday)
	weekYear         = 2 // week 0 counts as the last week of the previous year
	weekFirstWeekday = 4 // week 1 is the first week with the first weekday (else with 4+ days)
)

// weekMode maps WEEK()'s mode argument (0..7) to calc_week flags.
func weekMode(mode int64) int {
	f := int(mode & 7)
	if f&weekMondayFirst == 0 {
		f ^= weekFirstWeekday
	}
	return f
}

// calcWeekday is MySQL's calc_weekday: 0 = Monday, or 0 = Sunday when
// sundayFirst.
func calcWeekday(daynr int64, sundayFirst bool) int {
	s := int64(5)
	if sundayFirst {
		s = 6
	}
	return int((daynr + s) % 7)
}

func daysInYear(y int) int64 {
	if isLeap(y) {
		return 366
	}
	return 365
}

// calcWeek returns t's week number under behaviour flags and the year the
// week belongs to.
func calcWeek(t dateTime, behaviour int) (week, year int) {
	daynr := toDays(t)
	firstDaynr := toDays(dateTime{year: t.year, month: 1, day: 1})
	mondayFirst := behaviour&weekMondayFirst != 0
	inWeekYear := behaviour&weekYear != 0
	firstWeekday := behaviour&weekFirstWeekday != 0

	wd := calcWeekday(firstDaynr, !mondayFirst)
	year = t.year
	if t.month == 1 && t.day <= 7-wd {
		if !inWeekYear && ((firstWeekday && wd != 0) || (!firstWeekday && wd >= 4)) {
			return 0, year
		}
		inWeekYear = true
		year--
		days := daysInYear(year)
		firstDaynr -= days
		wd = int((int64(wd) + 53*7 - days) % 7)
	}
	var days int64
	if (firstWeekday && wd != 0) || (!firstWeekday && wd >= 4) {
		days = daynr - (firstDaynr + int64(7-wd))
	} else {
		days = daynr - (firstDaynr - int64(wd))
	}
	if inWeekYear && days >= 52*7 {
		wd = int((int64(wd) + daysInYear(year)) % 7)
		if (!firstWeekday && wd < 4) || (firstWeekday && wd == 0) {
			return 1, year + 1
		}
	}
	return int(days/7) + 1, year
}

// fnWeek is WEEK(date[, mode]); mode defaults to 0 (default_week_format).
func fnWeek(a []Value) (Value, error) {
	if a[0].IsNull() {
		return Null(), nil
	}
	t, _, ok := toDatetime(a[0])
	if !ok || t.month == 0 || t.day == 0 {
		return Null(), nil
	}
	var mode int64
	if len(a) == 2 && !a[1].IsNull() {
		mode = intArg(a[1])
	}
	w, _ := calcWeek(t, weekMode(mode))
	return Int(int64(w)), nil
}

// fnYearWeek is YEARWEEK(date[, mode]): year*100 + week, the week counted
// in the year it belongs to.
func fnYearWeek(a []Value) (Value, error) {
	if a[0].IsNull() {
		return Null(), nil
	}
	t, _, ok := toDatetime(a[0])
	if !ok || t.month == 0 || t.day == 0 {
		return Null(), nil
	}
	var mode int64
	if len(a) == 2 && !a[1].IsNull() {
		mode = intArg(a[1])
	}
	w, y := calcWeek(t, weekMode(mode)|weekYear)
	return Int(int64(y)*100 + int64(w)), nil
}

// formatWeekMode is the calc_week behaviour of a DATE_FORMAT week
// specifier: %U/%V/%X count from Sunday, %u/%v/%x from Monday; %V %v %X %x
// number weeks within their own year.
func formatWeekMode(spec byte) int {
	switch spec {
	case 'U':
		return weekFirstWeekday
	case 'u':
		return weekMondayFirst
	case 'V', 'X':
		return weekYear | weekFirstWeekday
	}
	return weekYear | weekMondayFirst // v, x
}
