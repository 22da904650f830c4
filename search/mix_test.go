package search

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dhakira/dhakira/internal/corpus"
)

// BenchmarkIndexMix (go test -run NONE -bench IndexMix -benchtime 1x) times the index alone (no store, no snippets) on the
// bench's kinds of query, over an index a bench run left: set
// DHAKIRA_INDEX to its folder. It reports the CPU time of each kind.
func BenchmarkIndexMix(t *testing.B) {
	dir := os.Getenv("DHAKIRA_INDEX")
	if dir == "" {
		t.Skip("DHAKIRA_INDEX not set")
	}
	ix, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	single := func(v []string) []string {
		var out []string
		for _, w := range v {
			if !strings.Contains(w, " ") {
				out = append(out, w)
			}
		}
		return out
	}
	phrases := func(v []string) []string {
		var out []string
		for _, w := range v {
			if strings.Contains(w, " ") {
				out = append(out, `"`+w+`"`)
			}
		}
		return out
	}
	ar, en := single(corpus.Vocabulary("ar")), single(corpus.Vocabulary("en"))
	arP, enP := phrases(corpus.Vocabulary("ar")), phrases(corpus.Vocabulary("en"))
	type cat struct {
		name string
		qs   []plan
	}
	var cats []cat
	add := func(name string, f func(i int) plan) {
		c := cat{name: name}
		for i := range 12 {
			c.qs = append(c.qs, f(i))
		}
		cats = append(cats, c)
	}
	q := func(s string) plan { return plan{q: Parse(s), k: 20} }
	both := func(f func(v []string, i int) string) func(int) plan {
		return func(i int) plan {
			if i%2 == 0 {
				return q(f(ar, i/2))
			}
			return q(f(en, i/2))
		}
	}
	add("rare-word", both(func(v []string, i int) string { return v[len(v)-1-2*i] }))
	add("common-word", both(func(v []string, i int) string { return v[i] }))
	add("two-words", both(func(v []string, i int) string { return v[15+3*i] + " " + v[30+5*i] }))
	add("phrase", func(i int) plan {
		if i%2 == 0 {
			return q(arP[i/2])
		}
		return q(enP[i/2])
	})
	add("english-stem", func(i int) plan {
		return q([]string{"arresting", "killings", "bombing", "protesting", "demonstrating", "negotiating",
			"violation", "witnessed", "documenting", "displacing", "tortures", "besieging"}[i])
	})
	add("place-filter", func(i int) plan {
		p := q(ar[i])
		p.place = []string{"SY01", "SY02", "SY04", "SY07", "SY09", "SY12", "SY03", "SY05", "SY0200", "SY0401", "SY0700", "SY1200"}[i]
		return p
	})
	add("facet-heavy", func(i int) plan {
		return plan{kind: []string{"document", "diary", "person", "entity", "place", "event", "document"}[i%7], k: 20}
	})
	add("exclusion", both(func(v []string, i int) string { return v[i] + " -" + v[20+i] }))
	add("or", both(func(v []string, i int) string { return v[10+i] + " OR " + v[40+2*i] }))
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	rounds := 5
	if r := os.Getenv("DHAKIRA_ROUNDS"); r != "" {
		rounds, _ = strconv.Atoi(r)
	}
	only := os.Getenv("DHAKIRA_ONLY")
	if os.Getenv("DHAKIRA_HEADS") == "0" {
		useHeads = false
		defer func() { useHeads = true }()
	}
	var all time.Duration
	var n int
	for _, c := range cats {
		if only != "" && !strings.Contains(","+only+",", ","+c.name+",") {
			continue
		}
		for _, p := range c.qs { // warm
			ix.v.run(p)
		}
		start, wall := cpu(), time.Now()
		hits := 0
		for range rounds {
			for _, p := range c.qs {
				hits += ix.v.run(p).total
			}
		}
		took := cpu() - start
		t.Logf("%s: %d segments served from heads, %d from groups (%d from stems' groups), %d counted their facets from groups (%d from stems')",
			c.name, headsServed.Swap(0), groupsServed.Swap(0), stemGroupsServed.Swap(0), groupsCounted.Swap(0), stemGroupsCounted.Swap(0))
		all += took
		n += rounds * len(c.qs)
		t.Logf("%-14s CPU %6.2f ms/search, wall %6.2f ms, %8d hits", c.name, float64(took)/float64(time.Millisecond)/float64(rounds*len(c.qs)),
			float64(time.Since(wall))/float64(time.Millisecond)/float64(rounds*len(c.qs)), hits/(rounds*len(c.qs)))
	}
	t.Logf("%-14s CPU %6.2f ms/search", "all", float64(all)/float64(time.Millisecond)/float64(n))
}
