package web

import (
	"net/http"
	"sort"

	"github.com/dhakira/dhakira"
)

// maxDayEvents bounds one day's chronicle; the store caps a list at 1000.
const maxDayEvents = 1000

type chronicleView struct {
	Day        string // the day, written out
	ISO        string // YYYY-MM-DD
	Total      string
	Groups     []chronicleGroup
	PrevURL    string
	NextURL    string
	PrevEvents string // "Earlier day with events: ..."
	PrevEvURL  string
	NextEvents string
	NextEvURL  string
}

type chronicleGroup struct {
	Title LText
	URL   string // the governorate's page; "" for "place not specified"
	Items []item
	code  string
}

func (p *page) chronicleURL(d dhakira.Day) string { return p.URL("/chronicle/" + d.String()) }

func (s *Server) handleChronicleLatest(w http.ResponseWriter, r *http.Request, lang string) {
	// The day picker of the chronicle page sends ?date=YYYY-MM-DD here.
	if d, err := dhakira.ParseDay(r.URL.Query().Get("date")); err == nil {
		http.Redirect(w, r, "/"+lang+"/chronicle/"+d.String(), http.StatusFound)
		return
	}
	// The day before 9999-12-31 that has events is the latest one.
	prev, _, err := s.store.ChronicleNeighbours(r.Context(), 99991231, dhakira.Public)
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	day := dhakira.DayOf(s.now())
	if prev != 0 {
		day = dayFromNum(prev)
	}
	http.Redirect(w, r, "/"+lang+"/chronicle/"+day.String(), http.StatusFound)
}

func (s *Server) handleChronicle(w http.ResponseWriter, r *http.Request, lang string) {
	day, err := dhakira.ParseDay(r.PathValue("date"))
	if err != nil {
		s.notFound(w, r, lang)
		return
	}
	ctx := r.Context()
	p := s.newPage(lang, "chronicle", r.URL)
	p.Nav = "chronicle"
	n := dayNum(day)
	events, total, err := s.store.Records(ctx, dhakira.RecordFilter{
		Audience: dhakira.Public,
		Kind:     dhakira.KindDiary,
		Day:      n,
		Sort:     dhakira.SortDate,
		Limit:    maxDayEvents,
	})
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	v := &chronicleView{
		Day:   p.Day(day),
		ISO:   day.String(),
		Total: p.Count(dhakira.KindDiary, total),
	}
	p.Title = p.T("chronicle_of", "Date", v.Day)

	// Group the events by governorate: the widest place of each place an
	// event names. An event in two governorates shows under both.
	governorate := map[string]*dhakira.Summary{} // place code → its governorate
	groups := map[string]*chronicleGroup{}
	var unplaced chronicleGroup
	for _, ev := range events {
		if !dhakira.Public.Sees(ev.Status) {
			continue
		}
		rec, _, err := s.store.Record(ctx, ev.Code, dhakira.Public)
		if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
			continue
		}
		if err != nil {
			s.fail(w, r, lang, err)
			return
		}
		it := p.item(ev)
		if !rec.Text.IsZero() {
			t := p.Text(rec.Text)
			t.Text = excerpt(t.Text, 280)
			it.Excerpt = t
		}
		if ev.Date == day.String() {
			it.Date = "" // the page says the day already
		}
		placed := map[string]bool{}
		for _, pc := range rec.Places {
			g, ok := governorate[pc]
			if !ok {
				path, err := s.store.PlacePath(ctx, pc, dhakira.Public)
				if err != nil && dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
					s.fail(w, r, lang, err)
					return
				}
				if len(path) > 0 && dhakira.Public.Sees(path[0].Status) {
					g = &path[0]
				}
				governorate[pc] = g
			}
			if g == nil || placed[g.Code] {
				continue
			}
			placed[g.Code] = true
			grp := groups[g.Code]
			if grp == nil {
				grp = &chronicleGroup{Title: p.Text(g.Title), URL: p.RecordURL(g.Code), code: g.Code}
				groups[g.Code] = grp
			}
			grp.Items = append(grp.Items, it)
		}
		if len(placed) == 0 {
			unplaced.Items = append(unplaced.Items, it)
		}
	}
	for _, g := range groups {
		v.Groups = append(v.Groups, *g)
	}
	// Governorates in the order of their codes: with OCHA p-codes that is
	// the order of Syria's official lists (Damascus, Aleppo, Rural
	// Damascus, Homs, ...).
	sort.Slice(v.Groups, func(i, j int) bool { return v.Groups[i].code < v.Groups[j].code })
	if len(unplaced.Items) > 0 {
		unplaced.Title = LText{Text: p.T("place_unspecified"), Lang: lang, Dir: p.Dir}
		v.Groups = append(v.Groups, unplaced)
	}

	v.PrevURL = p.chronicleURL(addDays(day, -1))
	v.NextURL = p.chronicleURL(addDays(day, 1))
	prev, next, err := s.store.ChronicleNeighbours(ctx, n, dhakira.Public)
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	if prev != 0 {
		d := dayFromNum(prev)
		v.PrevEvents = p.T("chronicle_prev_events", "Date", p.Day(d))
		v.PrevEvURL = p.chronicleURL(d)
	}
	if next != 0 {
		d := dayFromNum(next)
		v.NextEvents = p.T("chronicle_next_events", "Date", p.Day(d))
		v.NextEvURL = p.chronicleURL(d)
	}
	p.Data = v
	s.render(w, r, p)
}
