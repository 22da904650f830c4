package web

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/jsonld"
	dmedia "github.com/dhakira/dhakira/media"
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
	Files        []fileView
	CaptionsURL  string

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
	Seconds    int    // the start, for the player
	Anchor     string // "#t=SECONDS"
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
	aboutRecord(r.Context(), code)
	rec, info, err := s.store.Record(r.Context(), code, dhakira.Public)
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
	v, err := s.recordView(r, p, rec, info)
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	p.Title = v.Title.Text
	p.Data = v
	s.render(w, r, p)
}

// recordView builds the record page, section by section: the basic
// information, the places, what the record's kind adds, the related
// records, the grades, the citation and schema.org description, the
// correction form and the history line.
func (s *Server) recordView(r *http.Request, p *page, rec *dhakira.Record, info *dhakira.RecordInfo) (*recordView, error) {
	ctx := r.Context()
	v := recordBasics(p, rec)
	places := &placePaths{s: s, ctx: ctx, p: p, paths: map[string][]item{}}
	for _, pc := range rec.Places {
		path, err := places.get(pc)
		if err != nil {
			return nil, err
		}
		if len(path) > 0 {
			v.Regions = append(v.Regions, path)
		}
	}
	if err := s.recordKindSection(ctx, p, v, rec, places); err != nil {
		return nil, err
	}
	if p.User == nil {
		p.User = dhakira.UserFrom(ctx)
	}
	files, err := s.recordFiles(ctx, p, rec)
	if err != nil {
		return nil, err
	}
	v.Files = files
	if len(rec.Attrs.Segments) > 0 && v.Recording() != nil {
		v.CaptionsURL = p.URL("/records/" + url.PathEscape(rec.Code) + "/captions.vtt")
	}
	related, err := s.store.Related(ctx, rec.Code, dhakira.Public)
	if err != nil {
		return nil, err
	}
	v.Related = relatedSections(p, related)
	for _, g := range dhakira.Grades {
		v.Grades = append(v.Grades, gradeView{Slug: g, Label: p.Grade(g), Current: g == rec.Reliability})
	}
	v.Cite = s.citeView(r, p, rec, related)
	if v.LinkedData, err = s.linkedData(r, rec, dhakira.Public); err != nil {
		return nil, err
	}
	s.recordCorrection(r, p, v, rec)
	if info != nil {
		if info.Revision > 0 {
			v.Revisions = p.N("count_revision", info.Revision)
		}
		v.Updated = p.Time(info.Updated)
	}
	return v, nil
}

// recordBasics is the page's basic information: kind, type, title, date,
// grade, text and source.
func recordBasics(p *page, rec *dhakira.Record) *recordView {
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
	return v
}

// placePaths reads the public paths of places (governorate first) once
// each for one page.
type placePaths struct {
	s     *Server
	ctx   context.Context
	p     *page
	paths map[string][]item
}

func (pp *placePaths) get(code string) ([]item, error) {
	if path, ok := pp.paths[code]; ok {
		return path, nil
	}
	ss, err := pp.s.store.PlacePath(pp.ctx, code, dhakira.Public)
	if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
		err = nil
	}
	path := pp.p.items(ss)
	pp.paths[code] = path
	return path, err
}

// recordKindSection fills what a record's kind adds to its page: a video's
// address, a person's dates, an entity's parent, a place's surroundings and
// contents, a testimony's segments.
func (s *Server) recordKindSection(ctx context.Context, p *page, v *recordView, rec *dhakira.Record, places *placePaths) error {
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
		return s.placeSection(ctx, p, v, rec, places)
	case dhakira.KindTestimony:
		for _, sg := range a.Segments {
			sv := segmentView{Start: sg.Start, End: sg.End}
			if d, err := dmedia.ParseTimecode(sg.Start); err == nil {
				sv.Seconds = int(d.Seconds())
				sv.Anchor = "#t=" + strconv.Itoa(sv.Seconds)
			}
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
	return nil
}

// countOnly is an offset past the end of any list: Records then returns
// the number of matches and no record.
const countOnly = math.MaxInt32

// placeSection fills a place's page: its level, codes and coordinates, the
// places around and inside it, and the records placed in it by kind.
func (s *Server) placeSection(ctx context.Context, p *page, v *recordView, rec *dhakira.Record, places *placePaths) error {
	a := rec.Attrs
	v.Aliases = a.Aliases
	v.Level = p.TypeLabel(dhakira.KindPlace, rec.Level())
	v.PCode = a.PCode
	if a.Lat != nil && a.Lon != nil {
		v.Coords = strconv.FormatFloat(*a.Lat, 'f', -1, 64) + ", " + strconv.FormatFloat(*a.Lon, 'f', -1, 64)
	}
	path, err := places.get(rec.Code)
	if err != nil {
		return err
	}
	if len(path) > 1 {
		v.ParentPath = path[:len(path)-1]
	}
	children, err := s.store.Children(ctx, rec.Code, dhakira.KindPlace, dhakira.Public, 1000)
	if err != nil {
		return err
	}
	for _, c := range children {
		if c.Code != rec.Code {
			v.Children = append(v.Children, p.item(c))
		}
	}
	// Counts alone: an offset past the end of any list reads the total
	// (from the counts kept with the data) and no record, where a first
	// record of each kind cost a district's page 7 lookups of its records.
	for _, k := range dhakira.Kinds {
		_, n, err := s.store.Records(ctx, dhakira.RecordFilter{Audience: dhakira.Public, Kind: k, Place: rec.Code, Offset: countOnly})
		if err != nil {
			return err
		}
		if k == dhakira.KindPlace {
			n-- // the place itself
		}
		if n > 0 {
			v.InPlace = append(v.InPlace, kindCount{Kind: k, Label: p.KindsLabel(k), Count: p.Count(k, n), N: n, URL: p.BrowseURL(k, "place", rec.Code)})
		}
	}
	return nil
}

// relatedSections groups the records linked with the page's record by
// kind, in relatedOrder; a record linked more than once (both ways, or
// twice) is listed once, with its link types and notes joined.
func relatedSections(p *page, related []dhakira.Related) []relatedSection {
	byKind := map[dhakira.Kind][]item{}
	at := map[string]int{}
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
	var out []relatedSection
	for _, k := range relatedOrder {
		if k == dhakira.KindPlace && len(byKind[k]) == 0 {
			continue
		}
		out = append(out, relatedSection{Kind: k, ID: "related-" + string(k), Heading: p.T("related_" + string(k)), Items: byKind[k]})
	}
	return out
}

// recordCorrection offers readers a way to send a correction: the form,
// refilled when a reader's post was refused, with a back office; else a
// mail to the archive's contact.
func (s *Server) recordCorrection(r *http.Request, p *page, v *recordView, rec *dhakira.Record) {
	if s.bo != nil {
		v.Feedback = feedbackFormFor(r, p.Lang, rec.Code)
		if v.Feedback.status != 0 {
			p.Status = v.Feedback.status
		}
	} else if s.contact != "" {
		subject := p.T("correction_subject", "Code", rec.Code)
		v.MailTo = "mailto:" + s.contact + "?subject=" + strings.ReplaceAll(url.QueryEscape(subject), "+", "%20")
	}
}
