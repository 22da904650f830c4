package web

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/locale"
)

// The Atom feeds (RFC 4287) of newly published records, in each language:
//
//	/{lang}/feed.atom                  every kind
//	/{lang}/browse/{kind}/feed.atom    one kind, next to its list
//
// "Newly published" is by the time a record became public: the revision
// that last changed its status to published, or its first revision when
// it was created published. A draft worked on for a month shows when it is
// published, not a month back; correcting a published record does not
// bring it back to the top (its entry's <updated> changes); a record
// withdrawn and published again is new again. An entry's id is the
// record's permanent address (/records/CODE, the same in both languages'
// feeds: it is the same record); its title and summary are in the feed's
// language when the record has it, else in the other, with xml:lang
// saying which. Drafts, records in review and withdrawn records never
// appear.

// feedEntries is how many entries a feed holds.
const feedEntries = 50

// feedSummaryChars is the length of an entry's summary, cut from the
// record's text.
const feedSummaryChars = 300

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Subtitle  *atomText   `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr"`
	Type     string `xml:"type,attr,omitempty"`
	HrefLang string `xml:"hreflang,attr,omitempty"`
	Href     string `xml:"href,attr"`
	Title    string `xml:"title,attr,omitempty"`
}

type atomPerson struct {
	Name  string `xml:"name"`
	URI   string `xml:"uri,omitempty"`
	Email string `xml:"email,omitempty"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary,omitempty"`
}

// feedLink is a feed a page announces in its <head>.
type feedLink struct {
	URL   string
	Title string
}

// feedPath is the path of the feed of kind k ("" for every kind) in lang.
func feedPath(lang string, k dhakira.Kind) string {
	if k == "" {
		return "/" + lang + "/feed.atom"
	}
	return "/" + lang + "/browse/" + string(k) + "/feed.atom"
}

// feedTitle names the feed of kind k in the translator's language.
func (s *Server) feedTitle(tr *locale.Translator, k dhakira.Kind) string {
	t := tr.T("feed_title")
	if k != "" {
		t = tr.T("feed_title_kind", "Kinds", tr.KindsLabel(k))
	}
	return s.settings.Name.Get(tr.Lang()) + " — " + t
}

// Feeds are the feeds the page announces: its kind's on a list of one
// kind, and the feed of every kind.
func (p *page) Feeds() []feedLink {
	var out []feedLink
	if v, ok := p.Data.(*browseView); ok && v.Kind != "" {
		out = append(out, feedLink{URL: feedPath(p.Lang, v.Kind), Title: p.s.feedTitle(p.Translator, v.Kind)})
	}
	return append(out, feedLink{URL: feedPath(p.Lang, ""), Title: p.s.feedTitle(p.Translator, "")})
}

func (s *Server) handleFeed(w http.ResponseWriter, r *http.Request, lang string) {
	s.serveFeed(w, r, lang, "")
}

func (s *Server) handleKindFeed(w http.ResponseWriter, r *http.Request, lang string) {
	k := dhakira.Kind(r.PathValue("kind"))
	if !k.Valid() {
		s.notFound(w, r, lang)
		return
	}
	s.serveFeed(w, r, lang, k)
}

func (s *Server) serveFeed(w http.ResponseWriter, r *http.Request, lang string, k dhakira.Kind) {
	ctx := r.Context()
	seq, err := s.store.LastChange(ctx)
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	if notModified(w, r, archiveTag(seq, 0)) {
		return
	}
	list, err := s.store.RecentlyPublished(ctx, k, feedEntries)
	if err != nil {
		w.Header().Del("ETag")
		s.fail(w, r, lang, err)
		return
	}
	tr := s.tr[lang]
	other := dhakira.OtherLang(lang)
	self := s.absURL(r, feedPath(lang, k))
	page := s.absURL(r, "/"+lang+"/")
	if k != "" {
		page = s.absURL(r, "/"+lang+"/browse/"+string(k))
	}
	f := atomFeed{
		Lang:  lang,
		ID:    self,
		Title: atomText{Text: s.feedTitle(tr, k)},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: self},
			{Rel: "alternate", Type: "text/html", HrefLang: lang, Href: page},
			{Rel: "alternate", Type: "application/atom+xml", HrefLang: other, Href: s.absURL(r, feedPath(other, k)), Title: s.feedTitle(s.tr[other], k)},
		},
		Author:    atomPerson{Name: s.settings.Name.Get(lang), URI: s.absURL(r, "/"+lang+"/"), Email: s.contact},
		Generator: "dhakira",
	}
	if st := s.settings.Statement.Get(lang); st != "" {
		f.Subtitle = &atomText{Text: st}
	}
	var updated time.Time
	for _, p := range list {
		if !dhakira.Public.Sees(p.Status) {
			continue
		}
		// The record itself, for its text: and to be sure it is still
		// public, should it have been withdrawn a moment ago.
		rec, _, err := s.store.Record(ctx, p.Code, dhakira.Public)
		if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
			continue
		}
		if err != nil {
			w.Header().Del("ETag")
			s.fail(w, r, lang, err)
			return
		}
		e := s.feedEntry(r, tr, p, rec)
		f.Entries = append(f.Entries, e)
		updated = maxTime(updated, p.Updated, p.Published)
	}
	if updated.IsZero() {
		updated = s.now() // an empty feed
	}
	f.Updated = w3cTime(updated)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		w.Header().Del("ETag")
		s.serverError(w, r, lang, err)
		return
	}
	buf.WriteString("\n")
	h := w.Header()
	h.Set("Content-Type", "application/atom+xml; charset=utf-8")
	h.Set("Content-Language", lang)
	h.Set("Last-Modified", updated.UTC().Format(http.TimeFormat))
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

func (s *Server) feedEntry(r *http.Request, tr *locale.Translator, p dhakira.Publication, rec *dhakira.Record) atomEntry {
	lang := tr.Lang()
	code := url.PathEscape(p.Code)
	title := localText(tr, rec.Title)
	e := atomEntry{
		ID:        s.permanentURL(r, p.Code),
		Title:     atomText{Text: dhakira.Printable(title.Text)},
		Updated:   w3cTime(maxTime(p.Updated, p.Published)),
		Published: w3cTime(p.Published),
		Links: []atomLink{
			{Rel: "alternate", Type: "text/html", HrefLang: lang, Href: s.absURL(r, "/"+lang+"/records/"+code)},
			{Rel: "alternate", Type: "text/html", HrefLang: dhakira.OtherLang(lang), Href: s.absURL(r, "/"+dhakira.OtherLang(lang)+"/records/"+code)},
		},
		Categories: []atomCategory{{Term: string(rec.Kind), Label: tr.KindLabel(rec.Kind)}},
	}
	if title.Lang != lang {
		e.Title.Lang = title.Lang
	}
	if rec.Type != "" {
		e.Categories = append(e.Categories, atomCategory{Term: rec.Type, Label: tr.TypeLabel(rec.Kind, rec.Type)})
	}
	// The summary: the beginning of the text, else what the list shows of
	// the record (kind, type, date), in the feed's language.
	if text, tl := rec.Text.In(lang); strings.TrimSpace(text) != "" {
		e.Summary = &atomText{Type: "text", Text: excerpt(text, feedSummaryChars)}
		if tl != lang {
			e.Summary.Lang = tl
		}
	} else {
		parts := []string{tr.KindLabel(rec.Kind)}
		if rec.Type != "" {
			parts = append(parts, tr.TypeLabel(rec.Kind, rec.Type))
		}
		if rec.Date != "" {
			parts = append(parts, tr.Date(rec.Date))
		}
		e.Summary = &atomText{Type: "text", Text: strings.Join(parts, " · ")}
	}
	return e
}

func maxTime(ts ...time.Time) time.Time {
	var m time.Time
	for _, t := range ts {
		if t.After(m) {
			m = t
		}
	}
	return m
}
