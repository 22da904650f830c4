package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/locale"
)

// A record page offers a ready citation of the record in Arabic and in
// English, and the same reference as files for reference managers:
// /{lang}/records/{code}/cite.bib (BibTeX), cite.ris (RIS) and cite.json
// (CSL-JSON), with the title in the page's language when the record has
// it. Each names the archive, the title, the memory code, the record's
// date, its permanent address and today as the date it was accessed.

// citeFormat is one downloadable form of a citation.
type citeFormat struct {
	ext, label, contentType string
	write                   func(c *citation, tr *locale.Translator) []byte
}

var citeFormats = []citeFormat{
	{"bib", "BibTeX", "application/x-bibtex; charset=utf-8", (*citation).bibtex},
	{"ris", "RIS", "application/x-research-info-systems; charset=utf-8", (*citation).ris},
	{"json", "CSL-JSON", "application/vnd.citationstyles.csl+json; charset=utf-8", (*citation).cslJSON},
}

func (s *Server) citeRoutes(mux *http.ServeMux, lang string) {
	for _, f := range citeFormats {
		mux.HandleFunc("GET /"+lang+"/records/{code}/cite."+f.ext, s.withLang(lang, s.citeHandler(f)))
	}
}

func (s *Server) citeHandler(f citeFormat) func(http.ResponseWriter, *http.Request, string) {
	return func(w http.ResponseWriter, r *http.Request, lang string) {
		code := r.PathValue("code")
		if !dhakira.ValidCode(code) {
			s.notFound(w, r, lang)
			return
		}
		ctx := r.Context()
		rec, _, err := s.store.Record(ctx, code, dhakira.Public)
		if err == nil && (rec == nil || !dhakira.Public.Sees(rec.Status)) {
			err = dhakira.Errorf(dhakira.ENOTFOUND, "not found")
		}
		var related []dhakira.Related
		if err == nil {
			related, err = s.store.Related(ctx, code, dhakira.Public)
		}
		if err != nil {
			s.fail(w, r, lang, err)
			return
		}
		body := f.write(s.citation(r, rec, related), s.tr[lang])
		h := w.Header()
		h.Set("Content-Type", f.contentType)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": rec.Code + "." + f.ext}))
		h.Set("Content-Language", lang)
		h.Set("Cache-Control", "no-cache") // the access date is today's
		h.Set("Access-Control-Allow-Origin", "*")
		w.Write(body)
	}
}

// citation is what a reference to a record names.
type citation struct {
	Code     string
	Kind     dhakira.Kind
	Type     string
	Title    dhakira.Text
	Date     dhakira.Date
	Issuers  []dhakira.Text // the records it is issued by
	URL      string         // the permanent address
	Archive  dhakira.Text   // the archive's name
	Accessed dhakira.Day
}

// citation gathers the reference to rec; related are its links as the
// public sees them.
func (s *Server) citation(r *http.Request, rec *dhakira.Record, related []dhakira.Related) *citation {
	c := &citation{
		Code:     rec.Code,
		Kind:     rec.Kind,
		Type:     rec.Type,
		Title:    rec.Title,
		Date:     rec.ParsedDate(),
		URL:      s.permanentURL(r, rec.Code),
		Archive:  dhakira.Text{AR: s.settings.Name.AR, EN: s.settings.Name.EN},
		Accessed: dhakira.DayOf(s.now()),
	}
	for _, rl := range related {
		if rl.Rel == dhakira.RelIssuedBy && !rl.Inverse && dhakira.Public.Sees(rl.Status) {
			c.Issuers = append(c.Issuers, rl.Title)
		}
	}
	return c
}

// textIn returns t in lang, else in the other language, on one line.
func textIn(t dhakira.Text, lang string) string {
	s, _ := t.In(lang)
	return strings.Join(strings.Fields(s), " ")
}

// title is the record's title in lang (else the other one) and the
// language it is in.
func (c *citation) title(lang string) (string, string) {
	s, l := c.Title.In(lang)
	return strings.Join(strings.Fields(s), " "), l
}

// issuers names who issued the record, in lang.
func (c *citation) issuers(tr *locale.Translator) string {
	var names []string
	for _, t := range c.Issuers {
		if n := textIn(t, tr.Lang()); n != "" {
			names = append(names, n)
		}
	}
	return strings.Join(names, tr.T("list_separator"))
}

// publisher is who published what the record cites: its issuers; for the
// archive's own entries (a diary event, a biography, an organization, a
// place) without one, the archive.
func (c *citation) publisher(tr *locale.Translator) string {
	if p := c.issuers(tr); p != "" {
		return p
	}
	if !creative(c.Kind) {
		return textIn(c.Archive, tr.Lang())
	}
	return ""
}

// citePart is a run of a citation as the page shows it: plain text in the
// citation's language, or a title, code or address isolated in its own
// direction.
type citePart struct {
	Text string
	Dir  string // "" for text in the citation's own direction
	Lang string
	ID   bool // the code or the address: kept in one left-to-right block
}

// citeField marks where a value goes in the translated citation, so that
// the page can isolate it: a Latin address inside Arabic text must not
// reorder the text around it.
var citeField = regexp.MustCompile("\uE000([A-Za-z]+)\uE001")

// text is the citation in the translator's language, as parts.
func (c *citation) text(tr *locale.Translator) []citePart {
	lang := tr.Lang()
	title, titleLang := c.title(lang)
	if title == "" {
		title, titleLang = tr.T("untitled"), lang
	}
	values := map[string]citePart{
		"Title": {Text: title, Dir: dirOf(titleLang), Lang: titleLang},
		"Code":  {Text: c.Code, Dir: "ltr", ID: true},
		"URL":   {Text: c.URL, Dir: "ltr", ID: true},
	}
	if a := c.issuers(tr); a != "" {
		values["Author"] = citePart{Text: a, Dir: "auto"}
	}
	mark := func(name string) string {
		if _, ok := values[name]; !ok {
			return ""
		}
		return "\uE000" + name + "\uE001"
	}
	date := ""
	if !c.Date.IsZero() {
		date = tr.Date(c.Date.String())
	}
	msg := tr.T("cite_text",
		"Author", mark("Author"), "Title", mark("Title"), "Code", mark("Code"), "URL", mark("URL"),
		"Date", date, "Archive", textIn(c.Archive, lang), "Accessed", tr.Day(c.Accessed))
	var parts []citePart
	last := 0
	for _, m := range citeField.FindAllStringSubmatchIndex(msg, -1) {
		if m[0] > last {
			parts = append(parts, citePart{Text: msg[last:m[0]]})
		}
		parts = append(parts, values[msg[m[2]:m[3]]])
		last = m[1]
	}
	if last < len(msg) {
		parts = append(parts, citePart{Text: msg[last:]})
	}
	// A title that ends in its own punctuation takes no period after it.
	for i := 1; i < len(parts); i++ {
		if r, _ := utf8.DecodeLastRuneInString(title); parts[i-1].Text == title && strings.ContainsRune(".?!…؟", r) && parts[i].Dir == "" {
			parts[i].Text = strings.TrimPrefix(parts[i].Text, ".")
		}
	}
	return parts
}

// citePlain joins the parts of a citation.
func citePlain(parts []citePart) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

var bibMonths = []string{"", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// bibLangs are the babel names of the languages, for biblatex's langid.
var bibLangs = map[string]string{"ar": "arabic", "en": "english"}

// bibtex writes the citation as a BibTeX @misc entry, in UTF-8, with the
// fields of both BibTeX and biblatex.
func (c *citation) bibtex(tr *locale.Translator) []byte {
	var b bytes.Buffer
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(&b, "  %s = {%s},\n", name, value)
		}
	}
	title, titleLang := c.title(tr.Lang())
	fmt.Fprintf(&b, "@misc{%s,\n", c.Code)
	if title != "" {
		field("title", "{"+bibEscape(title)+"}") // braced again: keep its capitals
	}
	if a := c.issuers(tr); a != "" {
		field("organization", bibEscape(a))
	}
	if !c.Date.IsZero() {
		field("date", c.Date.String())
		year := strconv.Itoa(c.Date.Start.Year)
		if c.Date.IsInterval() && c.Date.End.Year != c.Date.Start.Year {
			year += "--" + strconv.Itoa(c.Date.End.Year)
		}
		field("year", year)
		if !c.Date.IsInterval() && c.Date.Start.Month != 0 {
			fmt.Fprintf(&b, "  month = %s,\n", bibMonths[c.Date.Start.Month])
		}
	}
	field("howpublished", bibEscape(textIn(c.Archive, tr.Lang())))
	field("note", bibEscape(tr.T("cite_memory_code", "Code", c.Code)))
	field("url", bibURL(c.URL))
	field("urldate", c.Accessed.String())
	field("langid", bibLangs[titleLang])
	b.WriteString("}\n")
	return b.Bytes()
}

// bibEscape escapes the characters TeX gives a meaning to. Everything else,
// Arabic included, is written as it is, in UTF-8.
func bibEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '{', '}', '%', '&', '$', '#', '_':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '^':
			b.WriteString(`\textasciicircum{}`)
		case '~':
			b.WriteString(`\textasciitilde{}`)
		case '\\':
			b.WriteString(`\textbackslash{}`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// bibURL keeps an address verbatim, as biblatex reads its url field, but
// percent-encodes what would unbalance the field's braces.
func bibURL(u string) string {
	return strings.NewReplacer("{", "%7B", "}", "%7D", `\`, "%5C").Replace(u)
}

// risTypes are the RIS reference types of the kinds.
var risTypes = map[dhakira.Kind]string{
	dhakira.KindDocument:  "GEN",
	dhakira.KindVideo:     "VIDEO",
	dhakira.KindTestimony: "GEN",
	dhakira.KindDiary:     "GEN",
	dhakira.KindPerson:    "ENCYC",
	dhakira.KindEntity:    "ENCYC",
	dhakira.KindPlace:     "ENCYC",
}

// ris writes the citation in RIS, lines ending CRLF as the format wants.
func (c *citation) ris(tr *locale.Translator) []byte {
	var b bytes.Buffer
	line := func(tag, value string) {
		if value = strings.Join(strings.Fields(value), " "); value != "" || tag == "ER" {
			b.WriteString(tag + "  - " + value + "\r\n")
		}
	}
	title, titleLang := c.title(tr.Lang())
	line("TY", risTypes[c.Kind])
	line("TI", title)
	line("T2", textIn(c.Archive, tr.Lang()))
	line("PB", c.publisher(tr))
	if !c.Date.IsZero() {
		line("PY", strconv.Itoa(c.Date.Start.Year))
		line("DA", risDate(c.Date.Start))
	}
	line("AN", c.Code)
	line("UR", c.URL)
	line("Y2", risDate(c.Accessed))
	line("LA", titleLang)
	line("ER", "")
	return b.Bytes()
}

// risDate writes YYYY/MM/DD/, leaving out what is not known (2017/10//).
func risDate(d dhakira.Day) string {
	s := fmt.Sprintf("%04d/", d.Year)
	if d.Month != 0 {
		s += fmt.Sprintf("%02d", d.Month)
	}
	s += "/"
	if d.Day != 0 {
		s += fmt.Sprintf("%02d", d.Day)
	}
	return s + "/"
}

// cslTypes are the CSL item types of the kinds: the archive's own entries
// are entries of a reference work.
var cslTypes = map[dhakira.Kind]string{
	dhakira.KindDocument:  "document",
	dhakira.KindVideo:     "motion_picture",
	dhakira.KindTestimony: "interview",
	dhakira.KindDiary:     "entry",
	dhakira.KindPerson:    "entry-encyclopedia",
	dhakira.KindEntity:    "entry-encyclopedia",
	dhakira.KindPlace:     "entry-encyclopedia",
}

type cslDate struct {
	DateParts [][]int `json:"date-parts"`
}

type cslItem struct {
	ID              string   `json:"id"`
	Type            string   `json:"type"`
	Title           string   `json:"title,omitempty"`
	Genre           string   `json:"genre,omitempty"`
	Publisher       string   `json:"publisher,omitempty"`
	Issued          *cslDate `json:"issued,omitempty"`
	Archive         string   `json:"archive"`
	ArchiveLocation string   `json:"archive_location"`
	URL             string   `json:"URL"`
	Accessed        cslDate  `json:"accessed"`
	Language        string   `json:"language,omitempty"`
}

// cslJSON writes the citation as CSL-JSON: an array of one item.
func (c *citation) cslJSON(tr *locale.Translator) []byte {
	title, titleLang := c.title(tr.Lang())
	it := cslItem{
		ID:              c.Code,
		Type:            cslTypes[c.Kind],
		Title:           title,
		Genre:           tr.TypeLabel(c.Kind, c.Type),
		Publisher:       c.publisher(tr),
		Archive:         textIn(c.Archive, tr.Lang()),
		ArchiveLocation: c.Code,
		URL:             c.URL,
		Accessed:        cslDate{[][]int{dateParts(c.Accessed)}},
		Language:        titleLang,
	}
	if title == "" {
		it.Language = ""
	}
	if !c.Date.IsZero() {
		it.Issued = &cslDate{[][]int{dateParts(c.Date.Start)}}
		if c.Date.IsInterval() {
			it.Issued.DateParts = append(it.Issued.DateParts, dateParts(c.Date.End))
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode([]cslItem{it}) // cannot fail: strings and numbers only
	return b.Bytes()
}

func dateParts(d dhakira.Day) []int {
	p := []int{d.Year}
	if d.Month != 0 {
		p = append(p, d.Month)
		if d.Day != 0 {
			p = append(p, d.Day)
		}
	}
	return p
}

// citeView is the record page's "Cite this record".
type citeView struct {
	Citations []citeText // the page's language first
	Downloads []citeDownload
}

type citeText struct {
	Lang, Dir, Label string
	Parts            []citePart
}

type citeDownload struct {
	URL, Label, Ext, Type string
}

func (s *Server) citeView(r *http.Request, p *page, rec *dhakira.Record, related []dhakira.Related) *citeView {
	c := s.citation(r, rec, related)
	v := &citeView{}
	labels := map[string]string{"ar": s.settings.Languages.AR, "en": s.settings.Languages.EN}
	for _, lang := range []string{p.Lang, p.OtherLang()} {
		label := labels[lang]
		if label == "" {
			label = map[string]string{"ar": "العربية", "en": "English"}[lang]
		}
		v.Citations = append(v.Citations, citeText{Lang: lang, Dir: dirOf(lang), Label: label, Parts: c.text(s.tr[lang])})
	}
	for _, f := range citeFormats {
		mt, _, _ := strings.Cut(f.contentType, ";")
		v.Downloads = append(v.Downloads, citeDownload{
			URL:   p.URL("/records/" + url.PathEscape(rec.Code) + "/cite." + f.ext),
			Label: f.label,
			Ext:   "." + f.ext,
			Type:  mt,
		})
	}
	return v
}
