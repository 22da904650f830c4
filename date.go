package dhakira

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dhakira/dhakira/arabic"
)

// Precision says how much of a date is known.
type Precision int

const (
	PrecisionYear Precision = iota + 1
	PrecisionMonth
	PrecisionDay
)

// Day is one point of a date with its precision: 2017, 2017-10 or
// 2017-10-19. A month is a month, not its first day.
type Day struct {
	Year, Month, Day int // Month and Day are 0 when not known
}

// Precision of d.
func (d Day) Precision() Precision {
	switch {
	case d.Day != 0:
		return PrecisionDay
	case d.Month != 0:
		return PrecisionMonth
	default:
		return PrecisionYear
	}
}

func (d Day) String() string {
	switch d.Precision() {
	case PrecisionDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d", d.Year)
}

// First is the earliest calendar day d can mean, as the number YYYYMMDD.
func (d Day) First() int {
	m, dd := d.Month, d.Day
	if m == 0 {
		m = 1
	}
	if dd == 0 {
		dd = 1
	}
	return d.Year*10000 + m*100 + dd
}

// Last is the latest calendar day d can mean, as the number YYYYMMDD.
func (d Day) Last() int {
	switch d.Precision() {
	case PrecisionDay:
		return d.First()
	case PrecisionMonth:
		return d.Year*10000 + d.Month*100 + daysIn(d.Year, d.Month)
	}
	return d.Year*10000 + 1231
}

// Time is the first day d can mean, at midnight UTC.
func (d Day) Time() time.Time {
	f := d.First()
	return time.Date(f/10000, time.Month(f/100%100), f%100, 0, 0, 0, 0, time.UTC)
}

// Date is a record's date: one Day, or an interval START/END of Days.
type Date struct {
	Start Day
	End   Day // zero when the date is not an interval
}

// IsZero reports whether no date is set.
func (d Date) IsZero() bool { return d.Start.Year == 0 }

// IsInterval reports whether d is START/END.
func (d Date) IsInterval() bool { return d.End.Year != 0 }

// String is the canonical form, which ParseDate reads back.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if d.IsInterval() {
		return d.Start.String() + "/" + d.End.String()
	}
	return d.Start.String()
}

// First and Last bound the calendar days the date can mean, as YYYYMMDD
// numbers: they sort, and a year filter is an overlap test on them.
func (d Date) First() int { return d.Start.First() }

// Last: see First.
func (d Date) Last() int {
	if d.IsInterval() {
		return d.End.Last()
	}
	return d.Start.Last()
}

// ParseDate reads YYYY, YYYY-MM, YYYY-MM-DD or an interval START/END of
// those. It is lenient where real data is sloppy but unambiguous (surrounding
// spaces, one-digit months and days, Arabic-Indic digits) and strict about
// everything else. The empty string is the zero Date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(arabic.Digits(s))
	if s == "" {
		return Date{}, nil
	}
	start, end, interval := strings.Cut(s, "/")
	a, err := parseDay(strings.TrimSpace(start))
	if err != nil {
		return Date{}, err
	}
	if !interval {
		return Date{Start: a}, nil
	}
	b, err := parseDay(strings.TrimSpace(end))
	if err != nil {
		return Date{}, err
	}
	if b.Last() < a.First() {
		return Date{}, fmt.Errorf("interval ends (%s) before it starts (%s)", b, a)
	}
	return Date{Start: a, End: b}, nil
}

func parseDay(s string) (Day, error) {
	if s == "" {
		return Day{}, fmt.Errorf("empty date in interval")
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 {
		return Day{}, fmt.Errorf("want YYYY, YYYY-MM or YYYY-MM-DD")
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || p == "" || p[0] == '+' || p[0] == '-' {
			return Day{}, fmt.Errorf("want YYYY, YYYY-MM or YYYY-MM-DD")
		}
		if i == 0 && len(p) != 4 {
			return Day{}, fmt.Errorf("year %q must have four digits", p)
		}
		if i > 0 && len(p) > 2 {
			return Day{}, fmt.Errorf("want YYYY, YYYY-MM or YYYY-MM-DD")
		}
		nums[i] = n
	}
	d := Day{Year: nums[0]}
	if d.Year < 1 {
		return Day{}, fmt.Errorf("year 0000")
	}
	if len(nums) > 1 {
		d.Month = nums[1]
		if d.Month < 1 || d.Month > 12 {
			return Day{}, fmt.Errorf("month %d", d.Month)
		}
	}
	if len(nums) > 2 {
		d.Day = nums[2]
		if d.Day < 1 || d.Day > daysIn(d.Year, d.Month) {
			return Day{}, fmt.Errorf("day %d of %04d-%02d", d.Day, d.Year, d.Month)
		}
	}
	return d, nil
}

// ParseDay reads one day of full precision, YYYY-MM-DD, as the chronicle's
// URLs carry it.
func ParseDay(s string) (Day, error) {
	d, err := parseDay(s)
	if err != nil {
		return Day{}, err
	}
	if d.Precision() != PrecisionDay || len(s) != 10 {
		return Day{}, fmt.Errorf("want YYYY-MM-DD")
	}
	return d, nil
}

// DayOf returns the Day of t's calendar date.
func DayOf(t time.Time) Day { return Day{Year: t.Year(), Month: int(t.Month()), Day: t.Day()} }

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
