package web

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/arabic"
)

// adminPickResult is one record a picker offers: a place with its path, or
// any record with its kind.
type adminPickResult struct {
	Code      string       `json:"code"`
	Kind      dhakira.Kind `json:"kind"`
	KindLabel string       `json:"kindLabel"`
	Title     string       `json:"title"`
	TitleLang string       `json:"titleLang"`
	Path      string       `json:"path,omitempty"`   // places: "Homs Governorate › Homs › …"
	Status    string       `json:"status,omitempty"` // the status's label, when not published
	Date      string       `json:"date,omitempty"`
}

// pickScanLimit bounds how many records a picker reads when it matches
// titles itself: a gazetteer's worth of places, and more records than a
// team looks through by name.
const pickScanLimit = 20000

// adminPick finds records of kind ("" for any) whose code is q, or whose
// title or other names hold q, as the team may see them: drafts included.
// With a search engine it also asks it, for words inside texts.
func (s *Server) adminPick(ctx context.Context, p *page, kind dhakira.Kind, q string, limit int) ([]adminPickResult, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	var found []dhakira.Summary
	seen := map[string]bool{}
	add := func(sm dhakira.Summary) {
		if !seen[sm.Code] && (kind == "" || sm.Kind == kind) && len(found) < limit {
			seen[sm.Code] = true
			found = append(found, sm)
		}
	}
	// A memory code opens its record at once.
	if dhakira.ValidCode(q) {
		rec, info, err := s.bo.Record(ctx, q)
		switch {
		case err == nil:
			sm := summaryOf(rec)
			if info != nil {
				sm.Updated = info.Updated
			}
			add(sm)
		case dhakira.ErrorCode(err) != dhakira.ENOTFOUND:
			return nil, err
		}
	}
	// Titles and other names, drafts included, best matches first.
	fq := arabic.Fold(q)
	type match struct {
		sm    dhakira.Summary
		score int
	}
	var matches []match
	for offset := 0; offset < pickScanLimit; offset += 1000 {
		list, total, err := s.bo.Records(ctx, dhakira.RecordFilter{Kind: kind, Sort: dhakira.SortCode, Offset: offset, Limit: 1000})
		if err != nil {
			return nil, err
		}
		for _, sm := range list {
			if score := pickScore(sm, fq); score >= 0 {
				matches = append(matches, match{sm, score})
			}
		}
		if offset+len(list) >= total || len(list) == 0 {
			break
		}
	}
	slices.SortStableFunc(matches, func(a, b match) int {
		if a.score != b.score {
			return a.score - b.score
		}
		return levelRank(a.sm) - levelRank(b.sm)
	})
	for _, m := range matches {
		add(m.sm)
	}
	// Words inside texts, from the search engine (published records only).
	if s.search != nil && len(found) < limit {
		res, err := s.search.Search(ctx, dhakira.SearchRequest{Q: q, Kind: kind, Limit: limit, Lang: p.Lang})
		if err != nil {
			s.log.Warn("web: picker search", "err", err) // the title matches above still answer
		} else {
			for _, h := range res.Hits {
				add(h.Summary)
			}
		}
	}
	out := make([]adminPickResult, 0, len(found))
	for _, sm := range found {
		res, err := s.adminPickResult(ctx, p, sm)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

// pickScore says how well a record's names match the folded query: 0 for a
// whole name, 1 for a name's start, 2 for a part, -1 for none.
func pickScore(sm dhakira.Summary, fq string) int {
	best := -1
	names := append([]string{sm.Title.AR, sm.Title.EN}, sm.Aliases...)
	for _, n := range names {
		fn := arabic.Fold(n)
		score := -1
		switch {
		case fn == "":
		case fn == fq:
			score = 0
		case strings.HasPrefix(fn, fq):
			score = 1
		case strings.Contains(fn, fq):
			score = 2
		}
		if score >= 0 && (best < 0 || score < best) {
			best = score
		}
	}
	return best
}

// levelRank puts wider places first: a governorate before a village of
// the same name.
func levelRank(sm dhakira.Summary) int {
	if sm.Kind != dhakira.KindPlace {
		return 0
	}
	if i := slices.Index(dhakira.PlaceLevels, sm.Type); i >= 0 {
		return i
	}
	return len(dhakira.PlaceLevels)
}

func (s *Server) adminPickResult(ctx context.Context, p *page, sm dhakira.Summary) (adminPickResult, error) {
	title := p.Text(sm.Title)
	res := adminPickResult{
		Code: sm.Code, Kind: sm.Kind, KindLabel: p.KindLabel(sm.Kind),
		Title: title.Text, TitleLang: title.Lang, Date: p.Date(sm.Date),
	}
	if sm.Status != "" && sm.Status != dhakira.Published {
		res.Status = p.StatusLabel(sm.Status)
	}
	if sm.Kind == dhakira.KindPlace {
		path, err := s.placePathText(ctx, p, sm.Code)
		if err != nil {
			return res, err
		}
		res.Path = path
	}
	return res, nil
}

// placePathText writes a place's path in the page's language, as the team
// sees it (drafts included): "Homs Governorate › Homs › Homs Central Prison".
func (s *Server) placePathText(ctx context.Context, p *page, code string) (string, error) {
	path, err := s.store.PlacePath(ctx, code, dhakira.Staff)
	if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	names := make([]string, 0, len(path))
	for _, sm := range path {
		names = append(names, p.Text(sm.Title).Text)
	}
	return strings.Join(names, " › "), nil
}

// summaryOf is what a list shows of a whole record.
func summaryOf(r *dhakira.Record) dhakira.Summary {
	return dhakira.Summary{
		Code: r.Code, Kind: r.Kind, Title: r.Title, Type: r.Type, Date: r.Date,
		Reliability: r.Reliability, Status: r.Status, Parent: r.Attrs.Parent,
	}
}

// handleAdminPick answers a picker's search as JSON: the editor's script
// lists the results; without script, the editor's own "find" buttons ask
// the same question through the form.
func (s *Server) handleAdminPick(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User) {
	q := r.URL.Query()
	kind := dhakira.Kind(q.Get("kind"))
	if !kind.Valid() {
		kind = ""
	}
	p := s.adminPage(r, lang, "admin_editor", u)
	res, err := s.adminPick(r.Context(), p, kind, q.Get("q"), 20)
	if err != nil {
		if r.Context().Err() == nil {
			s.log.Error("web: picker", "err", err)
		}
		writeJSONError(w, http.StatusInternalServerError, "the search failed", "")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "private, no-store")
	if res == nil {
		res = []adminPickResult{}
	}
	json.NewEncoder(w).Encode(res)
}
