package locale

import (
	"strconv"
	"time"

	"github.com/dhakira/dhakira"
)

// Date writes a record's date (YYYY, YYYY-MM, YYYY-MM-DD or an interval of
// those) for a reader: "October 19, 2017", "19 تشرين الأول 2017", "October
// 2017", "2017", "… – …". A value that is not a date is shown as given.
func (t *Translator) Date(s string) string {
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
func (t *Translator) Day(d dhakira.Day) string {
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
func (t *Translator) DayNum(n int) string {
	return t.Day(dhakira.Day{Year: n / 10000, Month: n / 100 % 100, Day: n % 100})
}

// Time writes the calendar day of a time.
func (t *Translator) Time(tm time.Time) string {
	if tm.IsZero() {
		return ""
	}
	return t.Day(dhakira.DayOf(tm.UTC()))
}

// When writes a moment for the team: the day and the time, in UTC.
func (t *Translator) When(tm time.Time) string {
	if tm.IsZero() {
		return ""
	}
	return t.T("admin_when", "Date", t.Time(tm), "Clock", tm.UTC().Format("15:04"))
}

// Month names month m (1–12).
func (t *Translator) Month(m int) string {
	if m < 1 || m > 12 {
		return strconv.Itoa(m)
	}
	return t.T("month_" + strconv.Itoa(m))
}

// KindLabel is the singular name of a kind, KindsLabel the plural heading.
func (t *Translator) KindLabel(k dhakira.Kind) string  { return t.T("kind_" + string(k)) }
func (t *Translator) KindsLabel(k dhakira.Kind) string { return t.T("kinds_" + string(k)) }

// Count writes "3 documents" with the plural form the language wants.
func (t *Translator) Count(k dhakira.Kind, n int) string { return t.N("count_"+string(k), n) }

// TypeLabel translates a type slug of a kind; an unknown slug is shown as
// given, as the contract says.
func (t *Translator) TypeLabel(k dhakira.Kind, slug string) string {
	if slug == "" {
		return ""
	}
	if l, ok := t.Known("type_" + string(k) + "_" + slug); ok {
		return l
	}
	return slug
}

// TypeLabel returns the label of a type slug of kind k in lang ("بيان صحفي"
// for a document's press-release in Arabic); "" when the slug has none. The
// search index takes these labels so that a reader's word for a type finds
// its records.
func TypeLabel(k dhakira.Kind, slug, lang string) string {
	trs, err := shared()
	if err != nil || slug == "" {
		return ""
	}
	tr := trs[lang]
	if tr == nil {
		return ""
	}
	l, _ := tr.Known("type_" + string(k) + "_" + slug)
	return l
}

// Grade names a reliability grade.
func (t *Translator) Grade(g dhakira.Reliability) string {
	if !g.Valid() {
		return string(g)
	}
	return t.T("grade_" + string(g))
}

// RelLabel names a link type as seen from the page's record: inverse when the
// link was made by the other record.
func (t *Translator) RelLabel(r dhakira.Rel, inverse bool) string {
	if !r.Valid() {
		return string(r)
	}
	id := "rel_" + string(r)
	if inverse {
		id += "_inverse"
	}
	return t.T(id)
}

// RoleLabel names a role, StatusLabel a workflow status.
func (t *Translator) RoleLabel(r dhakira.Role) string {
	if !r.Valid() {
		return string(r)
	}
	return t.T("role_" + string(r))
}
func (t *Translator) StatusLabel(s dhakira.Status) string {
	if !s.Valid() {
		return string(s)
	}
	return t.T("status_" + string(s))
}
