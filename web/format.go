package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
)

// Date writes a record's date (YYYY, YYYY-MM, YYYY-MM-DD or an interval of
// those) for a reader: "October 19, 2017", "19 تشرين الأول 2017", "October
// 2017", "2017", "… – …". A value that is not a date is shown as given.
func (t *translator) Date(s string) string {
	d, err := dhakira.ParseDate(s)
	if err != nil {
		return s
	}
	if d.IsZero() {
		return ""
	}
	if !d.IsInterval() {
		return t.Day(d.Start)
	}
	return t.T("date_interval", "Start", t.Day(d.Start), "End", t.Day(d.End))
}

// Day writes one day with its precision.
func (t *translator) Day(d dhakira.Day) string {
	year := strconv.Itoa(d.Year)
	switch d.Precision() {
	case dhakira.PrecisionDay:
		return t.T("date_day", "Day", strconv.Itoa(d.Day), "Month", t.Month(d.Month), "Year", year)
	case dhakira.PrecisionMonth:
		return t.T("date_month", "Month", t.Month(d.Month), "Year", year)
	}
	return year
}

// DayNum writes a YYYYMMDD number as a day.
func (t *translator) DayNum(n int) string { return t.Day(dayFromNum(n)) }

// Time writes the calendar day of a time.
func (t *translator) Time(tm time.Time) string {
	if tm.IsZero() {
		return ""
	}
	return t.Day(dhakira.DayOf(tm.UTC()))
}

// Month names month m (1–12).
func (t *translator) Month(m int) string {
	if m < 1 || m > 12 {
		return strconv.Itoa(m)
	}
	return t.T("month_" + strconv.Itoa(m))
}

// KindLabel is the singular name of a kind, KindsLabel the plural heading.
func (t *translator) KindLabel(k dhakira.Kind) string  { return t.T("kind_" + string(k)) }
func (t *translator) KindsLabel(k dhakira.Kind) string { return t.T("kinds_" + string(k)) }

// Count writes "3 documents" with the plural form the language wants.
func (t *translator) Count(k dhakira.Kind, n int) string { return t.N("count_"+string(k), n) }

// TypeLabel translates a type slug of a kind; an unknown slug is shown as
// given, as the contract says.
func (t *translator) TypeLabel(k dhakira.Kind, slug string) string {
	if slug == "" {
		return ""
	}
	id := "type_" + string(k) + "_" + slug
	if validKey(id) && t.Has(id) {
		return t.T(id)
	}
	return slug
}

// Grade names a reliability grade.
func (t *translator) Grade(g dhakira.Reliability) string {
	if !g.Valid() {
		return string(g)
	}
	return t.T("grade_" + string(g))
}

// RelLabel names a link type as seen from the page's record: inverse when the
// link was made by the other record.
func (t *translator) RelLabel(r dhakira.Rel, inverse bool) string {
	if !r.Valid() {
		return string(r)
	}
	id := "rel_" + string(r)
	if inverse {
		id += "_inverse"
	}
	return t.T(id)
}

// validKey keeps odd slugs (spaces, dots) from being looked up at all.
func validKey(id string) bool {
	return strings.IndexFunc(id, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	}) < 0
}

func dayFromNum(n int) dhakira.Day {
	return dhakira.Day{Year: n / 10000, Month: n / 100 % 100, Day: n % 100}
}

func dayNum(d dhakira.Day) int { return d.Year*10000 + d.Month*100 + d.Day }

// addDays moves a full-precision day by n calendar days.
func addDays(d dhakira.Day, n int) dhakira.Day {
	return dhakira.DayOf(d.Time().AddDate(0, 0, n))
}

// paragraphs splits a text on blank lines; single line breaks stay inside a
// paragraph, where CSS (white-space: pre-line) shows them.
func paragraphs(s string) []string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cur = append(cur, strings.TrimRight(line, " \t"))
	}
	flush()
	return out
}

// excerpt cuts s to about n characters at a word boundary.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.،؛") + "…"
}
