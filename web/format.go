package web

import (
	"strings"

	"github.com/dhakira/dhakira"
)

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
	s = dhakira.Printable(s)
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
	s = strings.Join(strings.Fields(dhakira.Printable(s)), " ")
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
