package web

import (
	"net/url"
	"strings"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/locale"
)

// page is what every template gets: the language, the frame (name,
// statement, navigation, the other language's link) and the page's own data.
// Its translator's methods (T, N, Date, KindLabel, ...) are the templates'
// only source of interface strings.
type page struct {
	*locale.Translator
	s      *Server
	Lang   string
	Dir    string
	Title  string // the page's own title, before the archive's name in <title>
	Name   string // template name, also a CSS class on <body>
	Nav    string // which navigation item is current: "home", a kind, "chronicle", "search", "about"
	Status int
	Query  string        // the search box's text
	path   string        // the path after /{lang}, escaped, e.g. "/records/DOC-000001"
	query  string        // the raw query
	User   *dhakira.User // the member of the team logged in, nil for the public
	Data   any
}

func (s *Server) newPage(lang, name string, u *url.URL) *page {
	p := &page{
		Translator: s.tr[lang],
		s:          s,
		Lang:       lang,
		Dir:        "ltr",
		Name:       name,
		Status:     200,
	}
	if lang == "ar" {
		p.Dir = "rtl"
	}
	if u != nil {
		p.path = strings.TrimPrefix(u.EscapedPath(), "/"+lang)
		if p.path == "" {
			p.path = "/"
		}
		p.query = u.RawQuery
	} else {
		p.path = "/"
	}
	return p
}

// SiteName is the archive's name in the page's language.
func (p *page) SiteName() string { return p.s.settings.Name.Get(p.Lang) }

// Statement is the archive's statement, shown at the top of every page.
func (p *page) Statement() string { return p.s.settings.Statement.Get(p.Lang) }

// Contact is the archive's e-mail address, or "" when it has none that is
// a valid address.
func (p *page) Contact() string { return p.s.contact }

// ContactURL is a mailto: link to the contact address.
func (p *page) ContactURL() string {
	if p.s.contact == "" {
		return ""
	}
	return "mailto:" + p.s.contact
}

// URL is a path of the site in the page's language.
func (p *page) URL(path string) string { return "/" + p.Lang + path }

// OtherLang is the language the language switch leads to.
func (p *page) OtherLang() string { return dhakira.OtherLang(p.Lang) }

// OtherDir is the direction of the other language.
func (p *page) OtherDir() string {
	if p.OtherLang() == "ar" {
		return "rtl"
	}
	return "ltr"
}

// OtherURL is this page in the other language: same path, same query.
func (p *page) OtherURL() string {
	u := "/" + p.OtherLang() + p.path
	if p.query != "" {
		u += "?" + p.query
	}
	return u
}

// OtherLangLabel names the other language in that language ("English",
// "العربية"), from the settings.
func (p *page) OtherLangLabel() string {
	l := p.s.settings.Languages
	if p.OtherLang() == "ar" {
		if l.AR != "" {
			return l.AR
		}
		return "العربية"
	}
	if l.EN != "" {
		return l.EN
	}
	return "English"
}

// Asset is the versioned URL of a static file.
func (p *page) Asset(name string) string { return p.s.assets.url(name) }

// Kinds lists the kinds, for the navigation.
func (p *page) Kinds() []dhakira.Kind { return dhakira.Kinds }

// NavKind reports whether the navigation item of kind k is the current one.
func (p *page) NavKind(k dhakira.Kind) bool { return p.Nav == string(k) }

// Grades lists the four reliability grades.
func (p *page) Grades() []dhakira.Reliability { return dhakira.Grades }

// LText is a piece of record content as shown on a page: in the page's
// language when the record has it, else in the other one, marked.
type LText struct {
	Text     string
	Lang     string
	Dir      string
	Fallback bool   // shown in the other language than the page's
	Mark     string // "(in Arabic)" / "(بالإنجليزية)" when Fallback
}

// Text picks the page's language of t, falling back to the other one.
func (p *page) Text(t dhakira.Text) LText {
	return localText(p.Translator, t)
}

func localText(tr *locale.Translator, t dhakira.Text) LText {
	s, lang := t.In(tr.Lang())
	s = strings.TrimSpace(s)
	lt := LText{Text: s, Lang: lang, Dir: locale.Dir(lang)}
	if s == "" {
		lt.Text, lt.Lang, lt.Dir = tr.T("untitled"), tr.Lang(), locale.Dir(tr.Lang())
		return lt
	}
	if lang != tr.Lang() {
		lt.Fallback = true
		lt.Mark = tr.T("in_lang_" + lang)
	}
	return lt
}

// item is one record in a list: a related record, a search result, a place
// in a path.
type item struct {
	Code      string
	Kind      dhakira.Kind
	KindLabel string
	URL       string
	Title     LText
	Date      string
	Type      string
	Grade     string
	Rel       string // the link's label, on related lists
	ShowKind  bool   // on lists that mix kinds
	Note      string
	Excerpt   LText
}

func (p *page) item(s dhakira.Summary) item {
	return item{
		Code:      s.Code,
		Kind:      s.Kind,
		KindLabel: p.KindLabel(s.Kind),
		URL:       p.URL("/records/" + url.PathEscape(s.Code)),
		Title:     p.Text(s.Title),
		Date:      p.Date(s.Date),
		Type:      p.TypeLabel(s.Kind, s.Type),
		Grade:     p.Grade(s.Reliability),
	}
}

func (p *page) items(ss []dhakira.Summary) []item {
	out := make([]item, 0, len(ss))
	for _, s := range ss {
		if !dhakira.Public.Sees(s.Status) && s.Status != "" {
			continue
		}
		out = append(out, p.item(s))
	}
	return out
}

// RecordURL is the page of a record in the page's language.
func (p *page) RecordURL(code string) string { return p.URL("/records/" + url.PathEscape(code)) }

// BrowseURL is the list of a kind, with optional filters as pairs of name
// and value.
func (p *page) BrowseURL(k dhakira.Kind, kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v.Set(kv[i], kv[i+1])
		}
	}
	u := p.URL("/browse/" + string(k))
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	return u
}
