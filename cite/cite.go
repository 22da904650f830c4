// Package cite writes the reference to a record: as a ready citation in
// Arabic or English, in parts that a page can isolate each in its own
// direction, and as the files of reference managers, BibTeX, RIS and
// CSL-JSON. Each names the archive, the title (in the asked language when
// the record has it), the memory code, the record's date, its permanent
// address and the day it was accessed.
package cite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/locale"
)

// Format is one downloadable form of a citation.
type Format struct {
	Ext, Label, ContentType string
	Write                   func(c *Citation, tr *locale.Translator) []byte
}

// Formats are the citation files a record page offers.
var Formats = []Format{
	{"bib", "BibTeX", "application/x-bibtex; charset=utf-8", (*Citation).BibTeX},
	{"ris", "RIS", "application/x-research-info-systems; charset=utf-8", (*Citation).RIS},
	{"json", "CSL-JSON", "application/vnd.citationstyles.csl+json; charset=utf-8", (*Citation).CSLJSON},
}

// Citation is what a reference to a record names.
type Citation struct {
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

// textIn returns t in lang, else in the other language, on one line.
func textIn(t dhakira.Text, lang string) string {
	s, _ := t.In(lang)
	return strings.Join(strings.Fields(s), " ")
}

// title is the record's title in lang (else the other one) and the
// language it is in.
func (c *Citation) title(lang string) (string, string) {
	s, l := c.Title.In(lang)
	return strings.Join(strings.Fields(s), " "), l
}

// issuers names who issued the record, in lang.
func (c *Citation) issuers(tr *locale.Translator) string {
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
func (c *Citation) publisher(tr *locale.Translator) string {
	if p := c.issuers(tr); p != "" {
		return p
	}
	if !c.Kind.IsWork() {
		return textIn(c.Archive, tr.Lang())
	}
	return ""
}

// Part is a run of a Citation as the page shows it: plain text in the
// Citation's language, or a title, code or address isolated in its own
// direction.
type Part struct {
	Text string
	Dir  string // "" for text in the Citation's own direction
	Lang string
	ID   bool // the code or the address: kept in one left-to-right block
}

// fieldMark marks where a value goes in the translated Citation, so that
// the page can isolate it: a Latin address inside Arabic text must not
// reorder the text around it.
var fieldMark = regexp.MustCompile("\uE000([A-Za-z]+)\uE001")

// text is the Citation in the translator's language, as parts.
func (c *Citation) Text(tr *locale.Translator) []Part {
	lang := tr.Lang()
	title, titleLang := c.title(lang)
	if title == "" {
		title, titleLang = tr.T("untitled"), lang
	}
	values := map[string]Part{
		"Title": {Text: title, Dir: locale.Dir(titleLang), Lang: titleLang},
		"Code":  {Text: c.Code, Dir: "ltr", ID: true},
		"URL":   {Text: c.URL, Dir: "ltr", ID: true},
	}
	if a := c.issuers(tr); a != "" {
		values["Author"] = Part{Text: a, Dir: "auto"}
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
	var parts []Part
	last := 0
	for _, m := range fieldMark.FindAllStringSubmatchIndex(msg, -1) {
		if m[0] > last {
			parts = append(parts, Part{Text: msg[last:m[0]]})
		}
		parts = append(parts, values[msg[m[2]:m[3]]])
		last = m[1]
	}
	if last < len(msg) {
		parts = append(parts, Part{Text: msg[last:]})
	}
	// A title that ends in its own punctuation takes no period after it.
	for i := 1; i < len(parts); i++ {
		if r, _ := utf8.DecodeLastRuneInString(title); parts[i-1].Text == title && strings.ContainsRune(".?!…؟", r) && parts[i].Dir == "" {
			parts[i].Text = strings.TrimPrefix(parts[i].Text, ".")
		}
	}
	return parts
}

// Plain joins the parts of a Citation.
func Plain(parts []Part) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

var bibMonths = []string{"", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// bibLangs are the babel names of the languages, for biblatex's langid.
var bibLangs = map[string]string{"ar": "arabic", "en": "english"}

// bibtex writes the Citation as a BibTeX @misc entry, in UTF-8, with the
// fields of both BibTeX and biblatex.
func (c *Citation) BibTeX(tr *locale.Translator) []byte {
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

// bibEscape escapes the characters TeX gives a meaning to, and leaves out
// control characters and bidirectional overrides (dhakira.Printable).
// Everything else, Arabic included, is written as it is, in UTF-8.
func bibEscape(s string) string {
	var b strings.Builder
	for _, r := range dhakira.Printable(s) {
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
	return strings.NewReplacer("{", "%7B", "}", "%7D", `\`, "%5C").Replace(dhakira.Printable(u))
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

// ris writes the Citation in RIS, lines ending CRLF as the format wants.
func (c *Citation) RIS(tr *locale.Translator) []byte {
	var b bytes.Buffer
	line := func(tag, value string) {
		if value = strings.Join(strings.Fields(dhakira.Printable(value)), " "); value != "" || tag == "ER" {
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

// cslJSON writes the Citation as CSL-JSON: an array of one item.
func (c *Citation) CSLJSON(tr *locale.Translator) []byte {
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
