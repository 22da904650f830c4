package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dhakira/dhakira"
)

// PageSize is the number of records on one page of a list.
const PageSize = 50

// maxPage keeps offsets far from overflowing: no archive has 50 million
// records of one kind.
const maxPage = 1_000_000

// maxBrowsePage is the deepest page of a list: a page is found by
// skipping the entries before it in an index, so that page 7,000 of the
// diaries cost 40 ms at 1M records where the first costs a fraction of a
// millisecond. Deeper, the list says how to narrow it (a year, a type, a
// grade, a place) or read it from its other end, as big archives do.
var maxBrowsePage = 200 // a variable for the tests

type option struct {
	Value    string
	Label    string
	Selected bool
}

type browseView struct {
	Kind          dhakira.Kind
	Heading       string
	Total         string
	Items         []item
	Place         string // the place filter's code
	PlaceTitle    LText
	PlaceURL      string
	PlaceBefore   string // the text around the place's name in "In … and every place within it"
	PlaceAfter    string
	PlaceClearURL string
	Action        string
	Types         []option
	Grades        []option
	Sorts         []option
	Year          string
	Filtered      bool
	ClearURL      string
	Page, Pages   int
	PageOf        string
	Depth         string // why the list goes no deeper, on its deepest page and beyond
	PrevURL       string
	NextURL       string
}

// browseParams are a list's query parameters, read leniently: a value that
// makes no sense is taken as absent, never as an error.
type browseParams struct {
	place, typ  string
	reliability dhakira.Reliability
	year, page  int
	sort        dhakira.Sort
}

func readBrowseParams(q url.Values) browseParams {
	var b browseParams
	if pl := strings.TrimSpace(q.Get("place")); dhakira.ValidCode(pl) {
		b.place = pl
	}
	if t := strings.TrimSpace(q.Get("type")); len(t) <= 100 {
		b.typ = strings.ToValidUTF8(t, "")
	}
	if g := dhakira.Reliability(q.Get("reliability")); g.Valid() {
		b.reliability = g
	}
	if y, err := strconv.Atoi(strings.TrimSpace(q.Get("year"))); err == nil && y >= 1 && y <= 9999 {
		b.year = y
	}
	b.page = 1
	if n, err := strconv.Atoi(strings.TrimSpace(q.Get("page"))); err == nil && n >= 1 && n <= maxPage {
		b.page = n
	}
	switch so := dhakira.Sort(q.Get("sort")); so {
	case dhakira.SortDate, dhakira.SortNewest, dhakira.SortLatest, dhakira.SortCode:
		b.sort = so
	}
	return b
}

// query writes the parameters back, with page n (1 is left out).
func (b browseParams) query(n int) url.Values {
	v := url.Values{}
	if b.place != "" {
		v.Set("place", b.place)
	}
	if b.typ != "" {
		v.Set("type", b.typ)
	}
	if b.reliability != "" {
		v.Set("reliability", string(b.reliability))
	}
	if b.year != 0 {
		v.Set("year", strconv.Itoa(b.year))
	}
	if b.sort != "" {
		v.Set("sort", string(b.sort))
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	return v
}

// defaultSort orders dated kinds by date, most recent first, and the others
// by code, which is the order they were catalogued in.
func defaultSort(k dhakira.Kind) dhakira.Sort {
	switch k {
	case dhakira.KindPerson, dhakira.KindEntity, dhakira.KindPlace:
		return dhakira.SortCode
	}
	return dhakira.SortNewest
}

func (s *Server) handleBrowse(w http.ResponseWriter, r *http.Request, lang string) {
	kind := dhakira.Kind(r.PathValue("kind"))
	if !kind.Valid() {
		s.notFound(w, r, lang)
		return
	}
	ctx := r.Context()
	p := s.newPage(lang, "browse", r.URL)
	p.Nav = string(kind)
	b := readBrowseParams(r.URL.Query())
	sort := b.sort
	if sort == "" {
		sort = defaultSort(kind)
	}
	f := dhakira.RecordFilter{
		Audience:    dhakira.Public,
		Kind:        kind,
		Place:       b.place,
		Type:        b.typ,
		Reliability: b.reliability,
		Year:        b.year,
		Sort:        sort,
		Offset:      (min(b.page, maxBrowsePage+1) - 1) * PageSize,
		Limit:       PageSize,
	}
	if b.page > maxBrowsePage {
		f.Offset, f.Limit = 0, 1 // the number of records only
	}
	list, total, err := s.store.Records(ctx, f)
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	v := &browseView{
		Kind:     kind,
		Heading:  p.KindsLabel(kind),
		Total:    p.Count(kind, total),
		Items:    p.items(list),
		Place:    b.place,
		Page:     b.page,
		Pages:    (total + PageSize - 1) / PageSize,
		ClearURL: p.BrowseURL(kind),
		Filtered: b.place != "" || b.typ != "" || b.reliability != "" || b.year != 0,
	}
	p.Title = v.Heading
	if b.year != 0 {
		v.Year = strconv.Itoa(b.year)
	}
	v.Action = p.URL("/browse/" + string(kind))
	if b.place != "" {
		const mark = "\x00"
		v.PlaceBefore, v.PlaceAfter, _ = strings.Cut(p.T("filter_place_active", "Place", mark), mark)
		noPlace := b
		noPlace.place = ""
		v.PlaceClearURL = v.Action
		if q := noPlace.query(1).Encode(); q != "" {
			v.PlaceClearURL += "?" + q
		}
		v.PlaceTitle = LText{Text: p.T("filter_place_unknown", "Code", b.place), Lang: lang, Dir: p.Dir}
		pl, _, err := s.store.Record(ctx, b.place, dhakira.Public)
		switch {
		case err == nil && pl.Kind == dhakira.KindPlace && dhakira.Public.Sees(pl.Status):
			v.PlaceTitle = p.Text(pl.Title)
			v.PlaceURL = p.RecordURL(pl.Code)
		case err != nil && dhakira.ErrorCode(err) != dhakira.ENOTFOUND:
			s.fail(w, r, lang, err)
			return
		}
	}
	types, err := s.store.CountTypes(ctx, kind, dhakira.Public)
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	seen := false
	for _, c := range types {
		if c.Value == "" {
			continue
		}
		label := p.TypeLabel(kind, c.Value) + " (" + strconv.Itoa(c.N) + ")"
		v.Types = append(v.Types, option{Value: c.Value, Label: label, Selected: c.Value == b.typ})
		seen = seen || c.Value == b.typ
	}
	if b.typ != "" && !seen {
		v.Types = append(v.Types, option{Value: b.typ, Label: p.TypeLabel(kind, b.typ) + " (0)", Selected: true})
	}
	for _, g := range dhakira.Grades {
		v.Grades = append(v.Grades, option{Value: string(g), Label: p.Grade(g), Selected: g == b.reliability})
	}
	for _, so := range []struct {
		s  dhakira.Sort
		id string
	}{{dhakira.SortNewest, "sort_newest"}, {dhakira.SortDate, "sort_date"}, {dhakira.SortLatest, "sort_latest"}, {dhakira.SortCode, "sort_code"}} {
		v.Sorts = append(v.Sorts, option{Value: string(so.s), Label: p.T(so.id), Selected: so.s == sort})
	}
	if v.Pages > 1 {
		v.PageOf = p.T("page_of", "Page", b.page, "Pages", v.Pages)
	}
	base := v.Action
	link := func(n int) string {
		if q := b.query(n).Encode(); q != "" {
			return base + "?" + q
		}
		return base
	}
	if b.page > 1 {
		prev := b.page - 1
		if v.Pages > 0 && prev > v.Pages {
			prev = v.Pages
		}
		v.PrevURL = link(prev)
	}
	if b.page > maxBrowsePage {
		v.Items = nil
		if v.Pages > 0 {
			v.PrevURL = link(min(v.Pages, maxBrowsePage))
		}
	}
	if b.page >= maxBrowsePage && v.Pages > maxBrowsePage {
		v.Depth = p.T("browse_depth", "Records", p.Count(kind, maxBrowsePage*PageSize), "Pages", maxBrowsePage)
	}
	if b.page < min(v.Pages, maxBrowsePage) {
		v.NextURL = link(b.page + 1)
	}
	p.Data = v
	s.render(w, r, p)
}
