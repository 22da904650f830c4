package web

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dhakira/dhakira"
)

// SearchPageSize is the number of hits on one page of search results.
const SearchPageSize = 20

// maxSearchOffset is the deepest a search may page: the engine gives no hit
// beyond its first ten thousand.
const maxSearchOffset = dhakira.MaxSearchOffset

// maxQueryBytes bounds the query a reader may type (the box says so too).
const maxQueryBytes = 500

// Search sorts, as the engine names them.
const (
	sortRelevance = ""
	sortNewest    = "date"
	sortOldest    = "date-asc"
)

// facetNames are the facets the engine counts, in the order the page
// shows them.
var facetNames = []string{"kind", "place", "type", "reliability", "year"}

// searchParams are a search's query parameters.
type searchParams struct {
	q           string
	kind        dhakira.Kind
	place, typ  string
	reliability dhakira.Reliability
	from, to    string // canonical YYYY, YYYY-MM or YYYY-MM-DD
	sort        string
	page        int
	perPage     int
}

// paramError is a parameter the API refuses, with what is wrong with it.
type paramError struct{ name, msg string }

func (e *paramError) Error() string { return e.name + ": " + e.msg }

// readSearchParams reads a search from a URL's query. Pages read it
// leniently (strict false): a value that makes no sense is taken as
// absent, and per_page is the page's own. The API reads it strictly and
// reports the first value it cannot use. The query itself is never wrong:
// the engine reads anything as words.
func readSearchParams(v url.Values, strict bool) (searchParams, error) {
	sp := searchParams{page: 1, perPage: SearchPageSize}
	var errs []error
	bad := func(name, msg string) { errs = append(errs, &paramError{name, msg}) }
	q := strings.TrimSpace(v.Get("q"))
	if len(q) > maxQueryBytes {
		q = q[:maxQueryBytes]
	}
	sp.q = strings.TrimSpace(strings.ToValidUTF8(q, ""))
	if k := strings.TrimSpace(v.Get("kind")); k != "" {
		if dhakira.Kind(k).Valid() {
			sp.kind = dhakira.Kind(k)
		} else {
			bad("kind", fmt.Sprintf("unknown kind %q", k))
		}
	}
	if pl := strings.TrimSpace(v.Get("place")); pl != "" {
		if dhakira.ValidCode(pl) {
			sp.place = pl
		} else {
			bad("place", "not a memory code")
		}
	}
	if t := strings.TrimSpace(v.Get("type")); t != "" {
		if len(t) <= 100 && utf8.ValidString(t) {
			sp.typ = t
		} else {
			bad("type", "not a type")
		}
	}
	if g := strings.TrimSpace(v.Get("reliability")); g != "" {
		if dhakira.Reliability(g).Valid() {
			sp.reliability = dhakira.Reliability(g)
		} else {
			bad("reliability", fmt.Sprintf("unknown grade %q", g))
		}
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"from", &sp.from}, {"to", &sp.to}} {
		s := strings.TrimSpace(v.Get(f.name))
		if s == "" {
			continue
		}
		d, err := dhakira.ParseDate(s)
		if err != nil || d.IsZero() || d.IsInterval() {
			bad(f.name, "want YYYY, YYYY-MM or YYYY-MM-DD")
			continue
		}
		*f.dst = d.Start.String()
	}
	switch so := strings.TrimSpace(v.Get("sort")); so {
	case "", "relevance":
	case sortNewest, "newest":
		sp.sort = sortNewest
	case sortOldest, "oldest":
		sp.sort = sortOldest
	default:
		bad("sort", "want relevance, date or date-asc")
	}
	if s := strings.TrimSpace(v.Get("per_page")); s != "" && strict { // pages always show SearchPageSize
		n, err := strconv.Atoi(s)
		switch {
		case err != nil || n < 1:
			bad("per_page", "want a number from 1 to 100")
		case n > 100:
			sp.perPage = 100
		default:
			sp.perPage = n
		}
	}
	if s := strings.TrimSpace(v.Get("page")); s != "" {
		n, err := strconv.Atoi(s)
		switch {
		case err != nil || n < 1:
			bad("page", "want a number from 1")
		case (n - 1) > maxSearchOffset/sp.perPage:
			bad("page", fmt.Sprintf("at most %d with per_page %d: results are listed up to the %dth", maxSearchOffset/sp.perPage+1, sp.perPage, maxSearchOffset+sp.perPage))
		default:
			sp.page = n
		}
	}
	if strict && len(errs) > 0 {
		return sp, errs[0]
	}
	return sp, nil
}

// filtered reports whether any filter is set.
func (sp searchParams) filtered() bool {
	return sp.kind != "" || sp.place != "" || sp.typ != "" || sp.reliability != "" || sp.from != "" || sp.to != ""
}

// order is the sort to search with: without a query there is nothing to
// rank by relevance, and the newest come first.
func (sp searchParams) order() string {
	if sp.q == "" && sp.sort == sortRelevance {
		return sortNewest
	}
	return sp.sort
}

func (sp searchParams) request(lang string) dhakira.SearchRequest {
	return dhakira.SearchRequest{
		Q:           sp.q,
		Kind:        sp.kind,
		Place:       sp.place,
		Type:        sp.typ,
		Reliability: sp.reliability,
		From:        sp.from,
		To:          sp.to,
		Sort:        sp.order(),
		Offset:      (sp.page - 1) * sp.perPage,
		Limit:       sp.perPage,
		Lang:        lang,
	}
}

// values writes the parameters back, page 1 and the default sort left out.
func (sp searchParams) values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("q", sp.q)
	set("kind", string(sp.kind))
	set("place", sp.place)
	set("type", sp.typ)
	set("reliability", string(sp.reliability))
	set("from", sp.from)
	set("to", sp.to)
	set("sort", sp.sort)
	if sp.page > 1 {
		v.Set("page", strconv.Itoa(sp.page))
	}
	return v
}

// link is the search page of sp in the page's language.
func (sp searchParams) link(p *page) string {
	u := p.URL("/search")
	if q := sp.values().Encode(); q != "" {
		u += "?" + q
	}
	return u
}

// with returns sp changed by fn and back on page 1: a new filter or sort
// makes a new list.
func (sp searchParams) with(fn func(*searchParams)) searchParams {
	fn(&sp)
	sp.page = 1
	return sp
}

type searchView struct {
	Query     string
	Available bool // the site has a search service
	Searched  bool
	Failed    bool
	Partial   string      // while the index is incomplete, the notice that says how far it is
	Counts    []kindCount // for the page without search
	Hidden    []hiddenField
	Total     string
	TotalN    int
	Hits      []hitView
	Facets    []facetView
	Active    []activeFilter
	ClearURL  string // every filter removed, the query kept
	Sorts     []sortLink
	Page      int
	Pages     int
	PageOf    string
	PrevURL   string
	NextURL   string
	Help      []helpLine
}

// hiddenField keeps a filter when the reader changes the query.
type hiddenField struct{ Name, Value string }

type hitView struct {
	item
	Snippet     template.HTML // checked: only <mark> tags
	SnippetText string        // a snippet that failed the check, shown as text
	SnippetLang string
}

type facetView struct {
	Name    string
	Heading string
	Values  []facetValue
	More    []facetValue // behind a "more" switch
	Compact bool         // short values side by side (years)
}

type facetValue struct {
	Label   LText
	N       int
	URL     string
	Current bool
	Sub     bool // a place inside the current one
}

type activeFilter struct {
	Name      string
	Value     LText
	RemoveURL string
}

type sortLink struct {
	Label   string
	URL     string
	Current bool
}

type helpLine struct {
	Example string
	Text    string
}

// facetShown is how many values of a facet show before "more".
const facetShown = 8

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := s.newPage(lang, "search", r.URL)
	p.Nav = "search"
	p.Title = p.T("search_title")
	sp, _ := readSearchParams(r.URL.Query(), false)
	p.Query = sp.q
	v := &searchView{Query: sp.q, Available: s.search != nil}
	p.Data = v
	v.Help = []helpLine{
		{p.T("search_help_words_example"), p.T("search_help_words")},
		{p.T("search_help_phrase_example"), p.T("search_help_phrase")},
		{p.T("search_help_exclude_example"), p.T("search_help_exclude")},
		{p.T("search_help_or_example"), p.T("search_help_or")},
		{p.T("search_help_code_example"), p.T("search_help_code")},
	}
	// A memory code opens its record, with or without a search engine.
	if code, ok, err := s.lookupCode(ctx, sp.q); err != nil {
		s.fail(w, r, lang, err)
		return
	} else if ok {
		http.Redirect(w, r, p.RecordURL(code), http.StatusSeeOther)
		return
	}
	if s.search == nil {
		counts, err := s.store.CountKinds(ctx, dhakira.Public)
		if err != nil {
			s.fail(w, r, lang, err)
			return
		}
		for _, k := range dhakira.Kinds {
			v.Counts = append(v.Counts, kindCount{Kind: k, Label: p.KindsLabel(k), Count: p.Count(k, counts[k]), N: counts[k], URL: p.BrowseURL(k)})
		}
		s.render(w, r, p)
		return
	}
	if sp.q == "" && !sp.filtered() {
		s.render(w, r, p)
		return
	}
	// Result lists are endless combinations of filters: no robot needs them.
	w.Header().Set("X-Robots-Tag", "noindex")
	if sp.q != "" {
		p.Title = p.T("search_title_for", "Query", sp.q)
	}
	v.Searched = true
	res, err := s.search.Search(ctx, sp.request(lang))
	if err != nil {
		if ctx.Err() != nil {
			return // the reader went away
		}
		s.log.Error("web: search", "q", sp.q, "err", err)
		v.Failed = true
		p.Status = http.StatusInternalServerError
		s.render(w, r, p)
		return
	}
	if err := s.searchView(ctx, p, v, sp, res); err != nil {
		s.fail(w, r, lang, err)
		return
	}
	s.render(w, r, p)
}

// lookupCode reports whether q is the memory code of a record the public
// may see, trying it as typed and then in capitals ("doc-000001").
func (s *Server) lookupCode(ctx context.Context, q string) (string, bool, error) {
	if !dhakira.ValidCode(q) {
		return "", false, nil
	}
	tries := []string{q}
	if up := strings.ToUpper(q); up != q {
		tries = append(tries, up)
	}
	for _, code := range tries {
		rec, _, err := s.store.Record(ctx, code, dhakira.Public)
		switch {
		case err == nil && rec != nil && dhakira.Public.Sees(rec.Status):
			return rec.Code, true, nil
		case err != nil && dhakira.ErrorCode(err) != dhakira.ENOTFOUND:
			return "", false, err
		}
	}
	return "", false, nil
}

func (s *Server) searchView(ctx context.Context, p *page, v *searchView, sp searchParams, res *dhakira.SearchResult) error {
	if ix := res.Index; ix != nil && !ix.Ready() {
		percent := strconv.Itoa(int(ix.Done * 100))
		switch ix.State {
		case "building":
			v.Partial = p.T("search_index_building", "Percent", percent)
		case "rebuilding":
			v.Partial = p.T("search_index_rebuilding", "Percent", percent)
		default:
			v.Partial = p.T("search_index_catching_up")
		}
	}
	v.Total = p.N("count_result", res.Total)
	v.TotalN = res.Total
	for _, h := range res.Hits {
		if !dhakira.Public.Sees(h.Status) && h.Status != "" {
			continue
		}
		hv := hitView{item: p.item(h.Summary)}
		hv.ShowKind = true
		if strings.HasPrefix(h.Anchor, "t=") {
			hv.URL += "#" + h.Anchor // the testimony at the second its segment starts
		}
		if h.Snippet != "" {
			h.Snippet = dhakira.Printable(h.Snippet)
			if safeSnippet(h.Snippet) {
				hv.Snippet = template.HTML(h.Snippet)
			} else {
				hv.SnippetText = html.UnescapeString(stripMarks(h.Snippet))
			}
			hv.SnippetLang = h.SnippetLang
			if hv.SnippetLang != "ar" && hv.SnippetLang != "en" {
				hv.SnippetLang = ""
			}
		}
		v.Hits = append(v.Hits, hv)
	}
	// Keep the filters when the reader changes the query.
	for _, name := range []string{"kind", "place", "type", "reliability", "from", "to", "sort"} {
		if val := sp.values().Get(name); val != "" {
			v.Hidden = append(v.Hidden, hiddenField{name, val})
		}
	}
	v.ClearURL = searchParams{q: sp.q, sort: sp.sort}.link(p)

	// Sorts. Without a query there is nothing to rank by relevance.
	sorts := []struct{ value, id string }{{sortRelevance, "search_sort_relevance"}, {sortNewest, "sort_newest"}, {sortOldest, "sort_date"}}
	if sp.q == "" {
		sorts = sorts[1:]
	}
	for _, so := range sorts {
		link := sp.with(func(x *searchParams) { x.sort = so.value })
		if sp.q == "" && so.value == sortNewest {
			link.sort = sortRelevance // the default without a query
		}
		v.Sorts = append(v.Sorts, sortLink{Label: p.T(so.id), URL: link.link(p), Current: so.value == sp.order()})
	}

	// Paging.
	v.Page = sp.page
	v.Pages = min((res.Total+sp.perPage-1)/sp.perPage, maxSearchOffset/sp.perPage+1)
	if v.Pages > 1 {
		v.PageOf = p.T("page_of", "Page", sp.page, "Pages", v.Pages)
	}
	at := func(n int) string { x := sp; x.page = n; return x.link(p) }
	if sp.page > 1 {
		v.PrevURL = at(min(sp.page-1, max(v.Pages, 1)))
	}
	if sp.page < v.Pages {
		v.NextURL = at(sp.page + 1)
	}

	return s.facets(ctx, p, v, sp, res)
}

// facets makes the facet lists and the active filters.
func (s *Server) facets(ctx context.Context, p *page, v *searchView, sp searchParams, res *dhakira.SearchResult) error {
	byName := map[string][]dhakira.Count{}
	for _, name := range facetNames {
		for _, c := range res.Facets[name] {
			if c.Value != "" && c.N > 0 {
				byName[name] = append(byName[name], c)
			}
		}
	}
	placeValues, placeTitle, err := s.placeFacet(ctx, p, sp, byName["place"], res.Total)
	if err != nil {
		return err
	}
	v.Active = s.activeFilters(p, sp, placeTitle)
	f := facetLinks{p: p, sp: sp}
	all := []facetView{
		f.kinds(byName["kind"]),
		{Name: "place", Heading: p.T("filter_place"), Values: placeValues}, // see placeFacet
		f.types(s, byName["type"]),
		f.grades(byName["reliability"]),
		f.years(byName["year"]),
	}
	for _, f := range all {
		limit := facetShown
		if f.Compact {
			limit = 3 * facetShown
		}
		if len(f.Values) > limit+1 {
			f.Values, f.More = f.Values[:limit], f.Values[limit:]
		}
		if len(f.Values) > 0 {
			v.Facets = append(v.Facets, f)
		}
	}
	return nil
}

// activeFilters are the search's filters, each with a link that removes it.
func (s *Server) activeFilters(p *page, sp searchParams, placeTitle LText) []activeFilter {
	var out []activeFilter
	active := func(name string, value LText, fn func(*searchParams)) {
		out = append(out, activeFilter{Name: name, Value: value, RemoveURL: sp.with(fn).link(p)})
	}
	plain := p.plain
	if sp.kind != "" {
		active(p.T("facet_kind"), plain(p.KindsLabel(sp.kind)), func(x *searchParams) { x.kind = "" })
	}
	if sp.place != "" {
		active(p.T("filter_place"), placeTitle, func(x *searchParams) { x.place = "" })
	}
	if sp.typ != "" {
		active(p.T("filter_type"), plain(s.typeLabel(p, sp.kind, sp.typ)), func(x *searchParams) { x.typ = "" })
	}
	if sp.reliability != "" {
		active(p.T("filter_reliability"), plain(p.Grade(sp.reliability)), func(x *searchParams) { x.reliability = "" })
	}
	if sp.from != "" && sp.from == sp.to {
		active(p.T("search_date"), plain(p.Date(sp.from)), func(x *searchParams) { x.from, x.to = "", "" })
	} else {
		if sp.from != "" {
			active(p.T("search_from"), plain(p.Date(sp.from)), func(x *searchParams) { x.from = "" })
		}
		if sp.to != "" {
			active(p.T("search_to"), plain(p.Date(sp.to)), func(x *searchParams) { x.to = "" })
		}
	}
	return out
}

// plain is s as text in the page's language.
func (p *page) plain(s string) LText { return LText{Text: s, Lang: p.Lang, Dir: p.Dir} }

// facetLinks makes the facets of a search, each value linking to the
// search narrowed by it, on its first page.
type facetLinks struct {
	p  *page
	sp searchParams
}

func (f facetLinks) link(fn func(*searchParams)) string { return f.sp.with(fn).link(f.p) }

// kinds, in the archive's order.
func (f facetLinks) kinds(counts []dhakira.Count) facetView {
	p := f.p
	kf := facetView{Name: "kind", Heading: p.T("facet_kind")}
	slices.SortStableFunc(counts, func(a, b dhakira.Count) int {
		return cmp.Compare(slices.Index(dhakira.Kinds, dhakira.Kind(a.Value)), slices.Index(dhakira.Kinds, dhakira.Kind(b.Value)))
	})
	for _, c := range counts {
		k := dhakira.Kind(c.Value)
		if k.Valid() {
			kf.Values = append(kf.Values, facetValue{Label: p.plain(p.KindsLabel(k)), N: c.N, Current: k == f.sp.kind,
				URL: f.link(func(x *searchParams) { x.kind = k })})
		}
	}
	return kf
}

// types, most frequent first.
func (f facetLinks) types(s *Server, counts []dhakira.Count) facetView {
	p := f.p
	tf := facetView{Name: "type", Heading: p.T("filter_type")}
	for _, c := range counts {
		val := c.Value
		tf.Values = append(tf.Values, facetValue{Label: p.plain(s.typeLabel(p, f.sp.kind, val)), N: c.N, Current: val == f.sp.typ,
			URL: f.link(func(x *searchParams) { x.typ = val })})
	}
	return tf
}

// grades, in their order.
func (f facetLinks) grades(counts []dhakira.Count) facetView {
	p := f.p
	gf := facetView{Name: "reliability", Heading: p.T("filter_reliability")}
	n := map[string]int{}
	for _, c := range counts {
		n[c.Value] = c.N
	}
	for _, g := range dhakira.Grades {
		if n := n[string(g)]; n > 0 {
			gf.Values = append(gf.Values, facetValue{Label: p.plain(p.Grade(g)), N: n, Current: g == f.sp.reliability,
				URL: f.link(func(x *searchParams) { x.reliability = g })})
		}
	}
	return gf
}

// years, latest first; one is the range from its start to its end.
func (f facetLinks) years(counts []dhakira.Count) facetView {
	yf := facetView{Name: "year", Heading: f.p.T("filter_year"), Compact: true}
	slices.SortFunc(counts, func(a, b dhakira.Count) int { return cmp.Compare(b.Value, a.Value) })
	for _, c := range counts {
		y := c.Value
		if _, err := strconv.Atoi(y); err != nil || len(y) != 4 {
			continue
		}
		yf.Values = append(yf.Values, facetValue{Label: f.p.plain(y), N: c.N, Current: f.sp.from == y && f.sp.to == y,
			URL: f.link(func(x *searchParams) { x.from, x.to = y, y })})
	}
	return yf
}

// typeLabel names a type slug: as a type of kind when the search is of one
// kind, else of the first kind that has it.
func (s *Server) typeLabel(p *page, k dhakira.Kind, slug string) string {
	if k != "" {
		return p.TypeLabel(k, slug)
	}
	for _, k := range dhakira.Kinds {
		if l := p.TypeLabel(k, slug); l != slug {
			return l
		}
	}
	return slug
}

// placeFacet lists the places to narrow the search to, and the title of
// the active place: the widest places among the hits or, within the
// active place, the places right inside it; following one narrows the
// search to it and everything inside it. It asks the store for the
// active place's path and for the places of the archive (or within the
// active place) in one list; only places beyond that list's first
// thousand cost a lookup of their own.
func (s *Server) placeFacet(ctx context.Context, p *page, sp searchParams, counts []dhakira.Count, total int) ([]facetValue, LText, error) {
	known, above, activeTitle, err := s.facetPlaces(ctx, p, sp, counts)
	if err != nil {
		return nil, activeTitle, err
	}
	candidates := map[string]bool{}
	for _, c := range counts {
		if !above[c.Value] && known[c.Value].Code != "" {
			candidates[c.Value] = true
		}
	}
	// The widest candidates: those not inside another one.
	var level []dhakira.Count
	for _, c := range counts {
		if candidates[c.Value] && !candidates[known[c.Value].Parent] {
			level = append(level, c)
		}
	}
	// One place holding every hit narrows nothing: show it, and then
	// the first places below it that divide the hits.
	var head *dhakira.Count
	if len(level) == 1 && level[0].N >= total {
		first := level[0]
		for len(level) == 1 && level[0].N >= total {
			var inside []dhakira.Count
			for _, c := range counts {
				if candidates[c.Value] && known[c.Value].Parent == level[0].Value {
					inside = append(inside, c)
				}
			}
			if len(inside) == 0 {
				break
			}
			level = inside
		}
		if level[0].Value != first.Value {
			head = &first
		}
	}
	var out []facetValue
	value := func(c dhakira.Count, sub bool) facetValue {
		code := c.Value
		return facetValue{Label: p.Text(known[code].Title), N: c.N, Sub: sub,
			URL: sp.with(func(x *searchParams) { x.place = code }).link(p)}
	}
	if sp.place != "" {
		for _, c := range counts {
			if c.Value == sp.place {
				out = append(out, facetValue{Label: activeTitle, N: c.N, Current: true, URL: sp.link(p)})
			}
		}
	}
	if head != nil {
		out = append(out, value(*head, sp.place != ""))
	}
	for _, c := range level {
		out = append(out, value(c, sp.place != "" || head != nil))
	}
	return out, activeTitle, nil
}

// facetPlaces looks up the places of a search's place facet: known are the
// places by code (an empty Summary for a code that is none), above the
// active place and those around it, with the active place's title.
func (s *Server) facetPlaces(ctx context.Context, p *page, sp searchParams, counts []dhakira.Count) (known map[string]dhakira.Summary, above map[string]bool, activeTitle LText, err error) {
	known = map[string]dhakira.Summary{}
	above = map[string]bool{} // the active place and the places around it
	activeTitle = LText{Text: p.T("filter_place_unknown", "Code", sp.place), Lang: p.Lang, Dir: p.Dir}
	if sp.place != "" {
		path, err := s.store.PlacePath(ctx, sp.place, dhakira.Public)
		if err != nil && dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
			return nil, nil, activeTitle, err
		}
		for _, pl := range path {
			known[pl.Code] = pl
			above[pl.Code] = true
		}
		above[sp.place] = true
		if pl, ok := known[sp.place]; ok {
			activeTitle = p.Text(pl.Title)
		}
	}
	missing := func() []dhakira.Count {
		var out []dhakira.Count
		for _, c := range counts {
			if _, ok := known[c.Value]; !ok && !above[c.Value] {
				out = append(out, c)
			}
		}
		return out
	}
	if len(missing()) > 0 {
		list, _, err := s.store.Records(ctx, dhakira.RecordFilter{Audience: dhakira.Public, Kind: dhakira.KindPlace, Place: sp.place, Sort: dhakira.SortCode, Limit: 1000})
		if err != nil {
			return nil, nil, activeTitle, err
		}
		for _, pl := range list {
			known[pl.Code] = pl
		}
	}
	// In an archive of more places than that, the rest come with their
	// paths; the deepest first, as one path names all the places above.
	rest := missing()
	slices.SortStableFunc(rest, func(a, b dhakira.Count) int { return cmp.Compare(a.N, b.N) })
	for _, c := range rest {
		if _, ok := known[c.Value]; ok {
			continue
		}
		if !dhakira.ValidCode(c.Value) {
			known[c.Value] = dhakira.Summary{}
			continue
		}
		path, err := s.store.PlacePath(ctx, c.Value, dhakira.Public)
		if err != nil && dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
			return nil, nil, activeTitle, err
		}
		for _, pl := range path {
			known[pl.Code] = pl
		}
		if _, ok := known[c.Value]; !ok {
			known[c.Value] = dhakira.Summary{Code: c.Value}
		}
	}
	return known, above, activeTitle, nil
}

// safeSnippet reports whether an engine's snippet is escaped text with
// only <mark> and </mark> in it, as it should be.
func safeSnippet(s string) bool {
	return !strings.ContainsAny(stripMarks(s), "<>")
}

func stripMarks(s string) string {
	return strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s)
}

// checkedSnippet returns a snippet fit to pass on as HTML: the engine's
// when it has only <mark> tags, else its text escaped again, unmarked.
func checkedSnippet(s string) string {
	if safeSnippet(s) {
		return s
	}
	return html.EscapeString(html.UnescapeString(stripMarks(s)))
}

// apiSearchResult is the JSON of /api/v1/search.
type apiSearchResult struct {
	Total  int                       `json:"total"`
	Hits   []apiHit                  `json:"hits"`
	Facets map[string]map[string]int `json:"facets"`
	Index  *dhakira.IndexState       `json:"index,omitempty"` // only while the index is incomplete
}

type apiHit struct {
	Code    string       `json:"code"`
	Kind    dhakira.Kind `json:"kind"`
	Title   apiText      `json:"title"`
	Date    string       `json:"date"`
	Snippet string       `json:"snippet"` // HTML: escaped text, <mark> around the words that matched
}

// apiText is a title with both languages always present ("" when missing),
// so that clients need not test for the keys.
type apiText struct {
	AR string `json:"ar"`
	EN string `json:"en"`
}

// handleAPISearch answers /api/v1/search with the hits of one page and the
// facet counts of the whole search.
func (s *Server) handleAPISearch(w http.ResponseWriter, r *http.Request) {
	if s.search == nil {
		apiError(w, http.StatusServiceUnavailable, "search is not available on this site")
		return
	}
	q := r.URL.Query()
	sp, err := readSearchParams(q, true)
	if err != nil {
		apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	lang := "ar"
	switch l := strings.TrimSpace(q.Get("lang")); l {
	case "", "ar":
	case "en":
		lang = "en"
	default:
		apiError(w, http.StatusBadRequest, "lang: want ar or en")
		return
	}
	ctx := r.Context()
	res, err := s.search.Search(ctx, sp.request(lang))
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		s.log.Error("web: api search", "q", sp.q, "err", err)
		apiError(w, http.StatusInternalServerError, "search failed")
		return
	}
	out := apiSearchResult{Total: res.Total, Hits: []apiHit{}, Facets: map[string]map[string]int{}}
	if res.Index != nil && !res.Index.Ready() {
		out.Index = res.Index
	}
	for _, name := range facetNames {
		m := map[string]int{}
		for _, c := range res.Facets[name] {
			if c.Value != "" {
				m[c.Value] = c.N
			}
		}
		out.Facets[name] = m
	}
	for _, h := range res.Hits {
		if !dhakira.Public.Sees(h.Status) && h.Status != "" {
			continue
		}
		out.Hits = append(out.Hits, apiHit{
			Code:    h.Code,
			Kind:    h.Kind,
			Title:   apiText{AR: h.Title.AR, EN: h.Title.EN},
			Date:    h.Date,
			Snippet: checkedSnippet(h.Snippet),
		})
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(out); err != nil {
		s.log.Error("web: api search encode", "err", err)
		apiError(w, http.StatusInternalServerError, "internal error")
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/json; charset=utf-8")
	hd.Set("Cache-Control", "no-cache")
	hd.Set("Access-Control-Allow-Origin", "*")
	w.Write(buf.Bytes())
}
