package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/dhakira/dhakira"
)

// kindCount is one kind on the home page, with its count and list.
type kindCount struct {
	Kind  dhakira.Kind
	Label string
	Count string
	N     int
	URL   string
}

// homeLatest is how many of the latest additions the home page lists.
const homeLatest = 12

type homeView struct {
	Counts []kindCount
	Total  int
	Latest []item
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request, lang string) {
	ctx := r.Context()
	p := s.newPage(lang, "home", r.URL)
	p.Nav = "home"
	counts, err := s.store.CountKinds(ctx, dhakira.Public)
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	v := &homeView{}
	for _, k := range dhakira.Kinds {
		n := counts[k]
		v.Total += n
		v.Counts = append(v.Counts, kindCount{Kind: k, Label: p.KindsLabel(k), Count: p.Count(k, n), N: n, URL: p.BrowseURL(k)})
	}
	// The latest additions leave places out: loading a gazetteer adds
	// hundreds at once, and they are the map, not the archive's news.
	var latest []dhakira.Summary
	for _, k := range dhakira.Kinds {
		if k == dhakira.KindPlace {
			continue
		}
		list, _, err := s.store.Records(ctx, dhakira.RecordFilter{Audience: dhakira.Public, Kind: k, Sort: dhakira.SortLatest, Limit: homeLatest})
		if err != nil {
			s.fail(w, r, lang, err)
			return
		}
		latest = append(latest, list...)
	}
	slices.SortStableFunc(latest, func(a, b dhakira.Summary) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return strings.Compare(b.Code, a.Code)
	})
	if len(latest) > homeLatest {
		latest = latest[:homeLatest]
	}
	v.Latest = p.items(latest)
	for i := range v.Latest {
		v.Latest[i].ShowKind = true
	}
	p.Data = v
	s.render(w, r, p)
}

type aboutView struct {
	Attribution string
}

func (s *Server) handleAbout(w http.ResponseWriter, r *http.Request, lang string) {
	p := s.newPage(lang, "about", r.URL)
	p.Nav = "about"
	p.Title = p.T("about_title")
	p.Data = &aboutView{Attribution: gazetteerAttribution(lang)}
	s.render(w, r, p)
}
