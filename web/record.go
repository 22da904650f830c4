package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/jsonld"
)

// recordView is everything the record page shows.
type recordView struct {
	Code       string
	Kind       dhakira.Kind
	KindLabel  string
	KindURL    string
	TypeLabel  string
	Title      LText
	Text       LText
	Paragraphs []string
	Date       string
	DateLabel  string
	TypeName   string // the label of the type row: "Document type", "Level", ...
	Regions    [][]item
	Source     *sourceView

	// Kind-specific.
	VideoURL     string
	VideoURLText string
	Duration     string
	Born, Died   string
	Aliases      []dhakira.Alias
	ParentEntity *item
	Level        string
	ParentPath   []item
	Coords       string
	PCode        string
	Children     []item
	InPlace      []kindCount
	Segments     []segmentView

	Related   []relatedSection
	Grades    []gradeView
	Grade     string
	MailTo    string        // without a back office: a mailto link for corrections
	Feedback  *feedbackForm // with one: the correction form
	Revisions string
	Updated   string
	JSONURL   string

	LinkedData jsonld.Node // the schema.org description, for the page's JSON-LD
	Cite       *citeView   // "Cite this record"
}

type sourceView struct {
	Name string
	URL  string
	Note string
}

type segmentView struct {
	Start, End string
	Title      LText
	Text       LText
	Paragraphs []string
}

type relatedSection struct {
	Kind    dhakira.Kind
	ID      string
	Heading string
	Items   []item
}

type gradeView struct {
	Slug    dhakira.Reliability
	Label   string
	Current bool
}

// relatedOrder is the order of the related sections: the reference page's
// entities, persons and diaries first, then the other kinds. Places show
// only when some are linked: a record's own places are in its basic
// information already.
var relatedOrder = []dhakira.Kind{
	dhakira.KindEntity, dhakira.KindPerson, dhakira.KindDiary,
	dhakira.KindDocument, dhakira.KindVideo, dhakira.KindTestimony, dhakira.KindPlace,
}

func (s *Server) handleRecord(w http.ResponseWriter, r *http.Request, lang string) {
	code := r.PathValue("code")
	if !dhakira.ValidCode(code) {
		s.notFound(w, r, lang)
		return
	}
	ctx := r.Context()
	rec, info, err := s.store.Record(ctx, code, dhakira.Public)
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	if rec == nil || !dhakira.Public.Sees(rec.Status) {
		s.notFound(w, r, lang)
		return
	}
	p := s.newPage(lang, "record", r.URL)
	p.Nav = string(rec.Kind)
	v := &recordView{
		Code:      rec.Code,
		Kind:      rec.Kind,
		KindLabel: p.KindLabel(rec.Kind),
		KindURL:   p.BrowseURL(rec.Kind),
		TypeLabel: p.TypeLabel(rec.Kind, rec.Type),
		Title:     p.Text(rec.Title),
		Date:      p.Date(rec.Date),
		DateLabel: p.T("date_" + string(rec.Kind)),
		TypeName:  p.T("type_label_" + string(rec.Kind)),
		Grade:     p.Grade(rec.Reliability),
		JSONURL:   "/api/v1/records/" + url.PathEscape(rec.Code),
	}
	p.Title = v.Title.Text
	if !rec.Text.IsZero() {
		v.Text = p.Text(rec.Text)
		v.Paragraphs = paragraphs(v.Text.Text)
	}
	if src := rec.Source; src != nil {
		v.Source = &sourceView{Name: src.Name, URL: dhakira.SafeURL(src.URL), Note: src.Note}
		if v.Source.Name == "" && v.Source.URL == "" && v.Source.Note == "" {
			v.Source = nil
		}
	}
	paths := map[string][]item{}
	placePath := func(code string) ([]item, error) {
		if p, ok := paths[code]; ok {
			return p, nil
		}
		ss, err := s.store.PlacePath(ctx, code, dhakira.Public)
		if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
			err = nil
		}
		path := p.items(ss)
		paths[code] = path
		return path, err
	}
	for _, pc := range rec.Places {
		path, err := placePath(pc)
		if err != nil {
			s.fail(w, r, lang, err)
			return
		}
		if len(path) > 0 {
			v.Regions = append(v.Regions, path)
		}
	}

	a := rec.Attrs
	switch rec.Kind {
	case dhakira.KindVideo:
		v.VideoURL = dhakira.SafeURL(a.URL)
		v.VideoURLText = a.URL
		v.Duration = a.Duration
	case dhakira.KindPerson:
		v.Born, v.Died = p.Date(a.Born), p.Date(a.Died)
		v.Aliases = a.Aliases
	case dhakira.KindEntity:
		v.Aliases = a.Aliases
		if a.Parent != "" {
			if pr, _, err := s.store.Record(ctx, a.Parent, dhakira.Public); err == nil && dhakira.Public.Sees(pr.Status) {
				it := p.item(dhakira.Summary{Code: pr.Code, Kind: pr.Kind, Title: pr.Title, Type: pr.Type})
				v.ParentEntity = &it
			}
		}
	case dhakira.KindPlace:
		v.Aliases = a.Aliases
		v.Level = p.TypeLabel(dhakira.KindPlace, rec.Level())
		v.PCode = a.PCode
		if a.Lat != nil && a.Lon != nil {
			v.Coords = strconv.FormatFloat(*a.Lat, 'f', -1, 64) + ", " + strconv.FormatFloat(*a.Lon, 'f', -1, 64)
		}
		path, err := placePath(rec.Code)
		if err != nil {
			s.fail(w, r, lang, err)
			return
		}
		if len(path) > 1 {
			v.ParentPath = path[:len(path)-1]
		}
		inside, _, err := s.store.Records(ctx, dhakira.RecordFilter{Audience: dhakira.Public, Kind: dhakira.KindPlace, Place: rec.Code, Sort: dhakira.SortCode, Limit: 1000})
		if err != nil {
			s.fail(w, r, lang, err)
			return
		}
		for _, c := range inside {
			if c.Parent == rec.Code && c.Code != rec.Code {
				v.Children = append(v.Children, p.item(c))
			}
		}
		for _, k := range dhakira.Kinds {
			_, n, err := s.store.Records(ctx, dhakira.RecordFilter{Audience: dhakira.Public, Kind: k, Place: rec.Code, Limit: 1})
			if err != nil {
				s.fail(w, r, lang, err)
				return
			}
			if k == dhakira.KindPlace {
				n-- // the place itself
			}
			if n > 0 {
				v.InPlace = append(v.InPlace, kindCount{Kind: k, Label: p.KindsLabel(k), Count: p.Count(k, n), N: n, URL: p.BrowseURL(k, "place", rec.Code)})
			}
		}
	case dhakira.KindTestimony:
		for _, sg := range a.Segments {
			sv := segmentView{Start: sg.Start, End: sg.End}
			if !sg.Title.IsZero() {
				sv.Title = p.Text(sg.Title)
			}
			if !sg.Text.IsZero() {
				sv.Text = p.Text(sg.Text)
				sv.Paragraphs = paragraphs(sv.Text.Text)
			}
			v.Segments = append(v.Segments, sv)
		}
	}

	related, err := s.store.Related(ctx, rec.Code, dhakira.Public)
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	byKind := map[dhakira.Kind][]item{}
	at := map[string]int{} // a record linked more than once (both ways, or twice) is listed once
	for _, rl := range related {
		if !dhakira.Public.Sees(rl.Status) {
			continue // the store already keeps drafts out; a page never trusts one layer alone
		}
		label := p.RelLabel(rl.Rel, rl.Inverse)
		if i, seen := at[rl.Code]; seen {
			it := &byKind[rl.Kind][i]
			if !strings.Contains(it.Rel, label) {
				it.Rel += p.T("list_separator") + label
			}
			if rl.Note != "" && !strings.Contains(it.Note, rl.Note) {
				it.Note = strings.TrimPrefix(it.Note+p.T("list_separator")+rl.Note, p.T("list_separator"))
			}
			continue
		}
		it := p.item(rl.Summary)
		it.Rel = label
		it.Note = rl.Note
		at[rl.Code] = len(byKind[rl.Kind])
		byKind[rl.Kind] = append(byKind[rl.Kind], it)
	}
	for _, k := range relatedOrder {
		if k == dhakira.KindPlace && len(byKind[k]) == 0 {
			continue
		}
		v.Related = append(v.Related, relatedSection{Kind: k, ID: "related-" + string(k), Heading: p.T("related_" + string(k)), Items: byKind[k]})
	}

	for _, g := range dhakira.Grades {
		v.Grades = append(v.Grades, gradeView{Slug: g, Label: p.Grade(g), Current: g == rec.Reliability})
	}
	v.Cite = s.citeView(r, p, rec, related)
	if v.LinkedData, err = s.linkedData(r, rec, dhakira.Public); err != nil {
		s.fail(w, r, lang, err)
		return
	}
	if s.bo != nil {
		// The correction form, refilled when a reader's post was refused.
		v.Feedback = feedbackFormFor(r, lang, rec.Code)
		if v.Feedback.status != 0 {
			p.Status = v.Feedback.status
		}
	} else if s.contact != "" {
		subject := p.T("correction_subject", "Code", rec.Code)
		v.MailTo = "mailto:" + s.contact + "?subject=" + strings.ReplaceAll(url.QueryEscape(subject), "+", "%20")
	}
	if info != nil {
		if info.Revision > 0 {
			v.Revisions = p.N("count_revision", info.Revision)
		}
		v.Updated = p.Time(info.Updated)
	}
	p.Data = v
	s.render(w, r, p)
}
