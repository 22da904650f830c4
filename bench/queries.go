package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
	"github.com/dhakira/dhakira/gazetteer"
	"github.com/dhakira/dhakira/internal/corpus"
	"github.com/dhakira/dhakira/search"
	"github.com/dhakira/dhakira/web"
)

const (
	pageSize = 20 // hits a search returns, as a page of the site shows
	warmUp   = 20 // searches run before measuring
)

// query is one search of the mix.
type query struct {
	q, kind, place, lang string
}

// category is a kind of search the mix measures apart.
type category struct {
	name    string
	queries []query
}

// categories are the names of the mix's categories, in the order they run.
var categories = []string{"rare-word", "common-word", "two-words", "phrase", "arabic-variant", "english-stem",
	"place-filter", "facet-heavy", "exclusion", "or"}

// englishStems are forms of English words that are not in the corpus's
// vocabulary but stem as words of it do ("arresting" finds "arrested").
var englishStems = []string{"arresting", "killings", "bombing", "protesting", "demonstrating", "negotiating",
	"violation", "witnessed", "documenting", "displacing", "tortures", "besieging", "evacuating", "executed",
	"kidnappings", "massacres"}

// places for the place filter: governorates and a few districts.
var places = []string{"SY01", "SY02", "SY04", "SY07", "SY09", "SY12", "SY03", "SY05", "SY0200", "SY0401", "SY0700", "SY1200"}

// newMix builds the searches of each category, chosen from the corpus's
// vocabulary by frequency rank, the same for every run. only, when not
// empty, keeps the categories it names.
func newMix(only string) ([]category, error) {
	var keep []string
	if only != "" {
		keep = strings.Split(only, ",")
		for _, name := range keep {
			if !slices.Contains(categories, name) {
				return nil, fmt.Errorf("-only: no category %q (want some of %s)", name, strings.Join(categories, ", "))
			}
		}
	}
	arAll, enAll := corpus.Vocabulary("ar"), corpus.Vocabulary("en")
	ar, en := words(arAll, false), words(enAll, false)
	both := func(n int, f func(v []string, lang string, i int) query) []query {
		var qs []query
		for i := range n {
			qs = append(qs, f(ar, "ar", i), f(en, "en", i))
		}
		return qs
	}
	var mix []category
	add := func(name string, qs []query) {
		if !slices.Contains(categories, name) {
			panic("bench: category " + name + " is not in categories")
		}
		if keep == nil || slices.Contains(keep, name) {
			mix = append(mix, category{name, qs})
		}
	}
	// Rare words are the last of the Zipf tail; common ones its head.
	add("rare-word", both(12, func(v []string, lang string, i int) query { return query{q: v[len(v)-1-2*i], lang: lang} }))
	add("common-word", both(12, func(v []string, lang string, i int) query { return query{q: v[i], lang: lang} }))
	add("two-words", both(12, func(v []string, lang string, i int) query {
		return query{q: v[15+3*i] + " " + v[30+5*i], lang: lang}
	}))
	arP, enP := words(arAll, true), words(enAll, true)
	var phrases []query
	for i := range 12 {
		phrases = append(phrases, query{q: `"` + arP[i] + `"`, lang: "ar"}, query{q: `"` + enP[i] + `"`, lang: "en"})
	}
	add("phrase", phrases)
	add("arabic-variant", arabicVariants(ar, arAll, 24))
	var stems []query
	for _, s := range englishStems {
		if !slices.Contains(enAll, s) {
			stems = append(stems, query{q: s, lang: "en"})
		}
	}
	add("english-stem", stems)
	gaz, err := gazetteer.Syria()
	if err != nil {
		return nil, err
	}
	var placed []query
	for i, p := range places {
		if !slices.ContainsFunc(gaz, func(r *dhakira.Record) bool { return r.Code == p }) {
			return nil, fmt.Errorf("place filter: %s is not in the gazetteer", p)
		}
		placed = append(placed, query{place: p, lang: "ar"}, query{q: ar[i], place: p, lang: "ar"})
	}
	add("place-filter", placed)
	var kinds []query
	for _, k := range dhakira.Kinds {
		kinds = append(kinds, query{kind: string(k), lang: "ar"})
	}
	add("facet-heavy", kinds)
	add("exclusion", both(8, func(v []string, lang string, i int) query {
		return query{q: v[i] + " -" + v[20+i], lang: lang}
	}))
	add("or", both(8, func(v []string, lang string, i int) query {
		return query{q: v[10+i] + " OR " + v[40+2*i], lang: lang}
	}))
	return mix, nil
}

// String writes q as the query string of the search API.
func (q query) String() string {
	v := url.Values{"lang": {q.lang}}
	for name, value := range map[string]string{"q": q.q, "kind": q.kind, "place": q.place} {
		if value != "" {
			v.Set(name, value)
		}
	}
	return v.Encode()
}

// words returns the single words of a vocabulary, or its set phrases, in
// rank order.
func words(v []string, phrases bool) []string {
	var out []string
	for _, w := range v {
		if strings.Contains(w, " ") == phrases {
			out = append(out, w)
		}
	}
	return out
}

var noHamza = strings.NewReplacer("أ", "ا", "إ", "ا", "آ", "ا")

// arabicVariants returns n Arabic words the texts have with the article
// or a hamza, searched for without them: وثيقة for الوثيقة, امن for الأمن.
func arabicVariants(ar, all []string, n int) []query {
	var qs []query
	for _, w := range ar {
		v := noHamza.Replace(strings.TrimPrefix(w, "ال"))
		if v == w || slices.Contains(all, v) {
			continue
		}
		qs = append(qs, query{q: v, lang: "ar"})
		if len(qs) == n {
			break
		}
	}
	return qs
}

// searchFunc runs one search and returns the number of hits.
type searchFunc func(q query) (int, error)

func inProcess(ctx context.Context, engine *search.Engine) searchFunc {
	return func(q query) (int, error) {
		res, err := engine.Search(ctx, dhakira.SearchRequest{Q: q.q, Kind: dhakira.Kind(q.kind), Place: q.place, Limit: pageSize, Lang: q.lang})
		if err != nil {
			return 0, fmt.Errorf("search %+v: %w", q, err)
		}
		return res.Total, nil
	}
}

// httpSearch asks the site's search API through a real HTTP server.
type httpSearch struct {
	srv    *httptest.Server
	client *http.Client
}

func newHTTP(db dhakira.BackOfficeStore, engine *search.Engine) *httpSearch {
	srv := httptest.NewServer(web.New(db, config.Default(), web.WithSearch(engine)))
	return &httpSearch{srv: srv, client: &http.Client{}}
}

func (h *httpSearch) Close() { h.srv.Close() }

func (h *httpSearch) search(q query) (int, error) {
	u := h.srv.URL + "/api/v1/search?" + q.String() + "&per_page=" + fmt.Sprint(pageSize)
	resp, err := h.client.Get(u)
	if err != nil {
		return 0, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: %s: %s", u, resp.Status, body)
	}
	var res struct {
		Total int `json:"total"`
	}
	if err := json.Unmarshal(body, &res); err != nil {
		return 0, fmt.Errorf("%s: %w", u, err)
	}
	return res.Total, nil
}

// stat is what one category of searches measured.
type stat struct {
	name string
	took []time.Duration
	hits int
	cpu  time.Duration // the process's CPU time over the category's searches
}

// cpuTime is the CPU time the process has used: on a machine shared with
// other work, a search's wall time measures the machine as much as the
// search.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measure runs count searches of each category, one after the other, and
// times each; a category that takes longer than budget stops early, after
// at least 20 searches. A few searches from every category run first,
// unmeasured.
func measure(mix []category, count int, budget time.Duration, search searchFunc) ([]stat, error) {
	for i := range warmUp {
		c := mix[i%len(mix)]
		if _, err := search(c.queries[i/len(mix)%len(c.queries)]); err != nil {
			return nil, err
		}
	}
	all := stat{name: "all"}
	var stats []stat
	for _, c := range mix {
		s := stat{name: c.name}
		begin, cpu := time.Now(), cpuTime()
		for i := 0; i < count && (i < 20 || time.Since(begin) < budget); i++ {
			start := time.Now()
			n, err := search(c.queries[i%len(c.queries)])
			s.took = append(s.took, time.Since(start))
			if err != nil {
				return nil, err
			}
			s.hits += n
		}
		s.cpu = cpuTime() - cpu
		all.took = append(all.took, s.took...)
		all.hits += s.hits
		all.cpu += s.cpu
		stats = append(stats, s)
	}
	return append(stats, all), nil
}

func printTable(stats []stat) {
	fmt.Printf("%-16s %8s %10s %10s %10s %11s %12s\n", "category", "searches", "p50", "p95", "p99", "mean hits", "CPU/search")
	for _, s := range stats {
		slices.Sort(s.took)
		fmt.Printf("%-16s %8d %10s %10s %10s %11.0f %12s\n", s.name, len(s.took), ms(percentile(s.took, 0.50)), ms(percentile(s.took, 0.95)),
			ms(percentile(s.took, 0.99)), float64(s.hits)/float64(max(len(s.took), 1)), ms(s.cpu/time.Duration(max(len(s.took), 1))))
	}
}

// percentile returns the nearest-rank percentile p of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}
