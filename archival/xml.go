// Package archival writes the archive in the standards archives exchange
// descriptions in: EAD3 finding aids for documents, videos and
// testimonies, and EAC-CPF 2.0 authority records for persons and entities.
// It reads the archive as the public does: a draft, a record in review or a
// withdrawn one never appears, not even as the name at the end of a link.
//
// The XML is written with encoding/xml, which escapes every text and
// attribute and replaces the characters XML 1.0 cannot carry: whatever a
// record holds, the output is well-formed and valid against the schemas
// (the tests check it with xmllint).
package archival

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
	"github.com/dhakira/dhakira/locale"
)

// Store is what the archival formats read: records one by one, and every
// record of a kind for the whole-archive finding aid.
type Store interface {
	dhakira.RecordService
	dhakira.DumpService
}

// KindError is the answer for a record of a kind a format does not
// describe: an EAD3 finding aid of a person, an EAC-CPF record of a
// document.
type KindError struct {
	Code   string
	Kind   dhakira.Kind
	Format string         // "EAD3" or "EAC-CPF"
	Want   []dhakira.Kind // the kinds the format describes
}

func (e *KindError) Error() string {
	want := make([]string, len(e.Want))
	for i, k := range e.Want {
		want[i] = plural(k)
	}
	article := "a"
	if k := string(e.Kind); k != "" && strings.ContainsRune("aeiou", rune(k[0])) {
		article = "an"
	}
	return fmt.Sprintf("%s is %s %s: %s describes %s only", e.Code, article, e.Kind, e.Format, strings.Join(want, " and "))
}

// plural names the records of a kind.
func plural(k dhakira.Kind) string {
	switch k {
	case dhakira.KindTestimony:
		return "testimonies"
	case dhakira.KindDiary:
		return "diary events"
	case dhakira.KindEntity:
		return "entities"
	}
	return string(k) + "s"
}

// langs are the archive's two languages, Arabic first.
var langs = []string{"ar", "en"}

// scriptOf is the ISO 15924 script of each language's text.
var scriptOf = map[string]string{"ar": "Arab", "en": "Latn"}

// node is an element to write: a name, attributes, and either text or
// child elements (never both, so that indenting never changes content).
type node struct {
	name  string
	attrs []xml.Attr
	text  string
	kids  []*node
}

// el makes an element; attrs are name/value pairs, and a pair whose value
// is empty is left out.
func el(name string, attrs ...string) *node {
	n := &node{name: name}
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] != "" {
			n.attrs = append(n.attrs, xml.Attr{Name: xml.Name{Local: attrs[i]}, Value: attrs[i+1]})
		}
	}
	return n
}

// textEl makes an element holding text.
func textEl(name, text string, attrs ...string) *node {
	n := el(name, attrs...)
	n.text = text
	return n
}

// add appends the non-nil kids and returns n.
func (n *node) add(kids ...*node) *node {
	for _, k := range kids {
		if k != nil {
			n.kids = append(n.kids, k)
		}
	}
	return n
}

func (n *node) start() xml.StartElement {
	attrs, cloned := n.attrs, false
	for i, a := range attrs {
		if p := dhakira.Printable(a.Value); p != a.Value {
			if !cloned {
				attrs, cloned = slices.Clone(attrs), true
			}
			attrs[i].Value = p
		}
	}
	return xml.StartElement{Name: xml.Name{Local: n.name}, Attr: attrs}
}

func (n *node) encode(e *xml.Encoder) error {
	start := n.start()
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	if n.text != "" {
		if err := e.EncodeToken(xml.CharData(dhakira.Printable(n.text))); err != nil {
			return err
		}
	}
	for _, k := range n.kids {
		if err := k.encode(e); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

// writer streams one XML document: the root and any open elements are
// started and ended by hand, whole subtrees are encoded as nodes.
type writer struct {
	w    io.Writer
	e    *xml.Encoder
	open []xml.StartElement
}

func newWriter(w io.Writer) (*writer, error) {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return nil, err
	}
	e := xml.NewEncoder(w)
	e.Indent("", "  ")
	return &writer{w: w, e: e}, nil
}

// root opens the document element in namespace ns.
func (x *writer) root(name, ns string) error {
	return x.push(xml.StartElement{Name: xml.Name{Local: name}, Attr: []xml.Attr{{Name: xml.Name{Local: "xmlns"}, Value: ns}}})
}

// begin opens n's start tag; its kids are written until end.
func (x *writer) begin(n *node) error { return x.push(n.start()) }

func (x *writer) push(s xml.StartElement) error {
	x.open = append(x.open, s)
	return x.e.EncodeToken(s)
}

// end closes the innermost open element.
func (x *writer) end() error {
	s := x.open[len(x.open)-1]
	x.open = x.open[:len(x.open)-1]
	return x.e.EncodeToken(s.End())
}

func (x *writer) node(n *node) error { return n.encode(x.e) }

// close ends every open element and flushes.
func (x *writer) close() error {
	for len(x.open) > 0 {
		if err := x.end(); err != nil {
			return err
		}
	}
	if err := x.e.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(x.w, "\n")
	return err
}

// paragraphs splits a text into paragraphs at blank lines. The line breaks
// inside a paragraph are kept (encoding/xml writes them as &#xA;, which
// every XML reader reads back as a line break).
func paragraphs(s string) []string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var out []string
	for _, p := range blankLineRE.Split(s, -1) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// has reports whether s has more than white space.
func has(s string) bool { return strings.TrimSpace(s) != "" }

var blankLineRE = regexp.MustCompile(`\n[ \t]*\n`)

var langTagRE = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)

// langTag returns s when it is a language tag (an alias's "lang" is free
// text), else "": a value with a space would break the schema's NMTOKEN.
func langTag(s string) string {
	s = strings.TrimSpace(s)
	if langTagRE.MatchString(s) {
		return s
	}
	return ""
}

// anyURI returns an http(s) address in the form URI parsers accept (spaces
// and other unsafe characters escaped), or "" when s is not one.
func anyURI(s string) string {
	s = dhakira.SafeURL(s)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	return escapeURI(u.String())
}

// escapeURI percent-encodes every byte that may not stand in a URI as it
// is (Go leaves a query's quotes and angle brackets alone; an XML schema's
// anyURI does not accept them).
func escapeURI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~:/?#[]@!$&'()*+,;=%", c) >= 0) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// recordURL is the permanent address of a record, as a URI.
func recordURL(s config.Settings, code string) string { return escapeURI(s.RecordURL(code)) }

// bilingual is a setting as a Text, each language only its own value.
func bilingual(b config.Bilingual) dhakira.Text { return dhakira.Text{AR: b.AR, EN: b.EN} }

// archiveName is the archive's name in its languages.
func archiveName(s config.Settings) dhakira.Text {
	name := bilingual(s.Name)
	if name.IsZero() {
		name.EN = "dhakira"
	}
	return name
}

// langName is the archive's label of a language, as its language switch
// shows it.
func langName(s config.Settings, l string) string {
	if v := bilingual(s.Languages).Get(l); has(v) {
		return strings.TrimSpace(v)
	}
	if l == "ar" {
		return "العربية"
	}
	return "English"
}

// names caches what exports show of the records they point to: their kind
// and names, or nothing when the public may not see them.
type names struct {
	ctx   context.Context
	store dhakira.RecordService
	recs  map[string]*named
	paths map[string][]dhakira.Summary
}

// maxNames bounds the cache of names, which a large archive's links could
// otherwise fill with most of its records.
const maxNames = 50000

type named struct {
	kind     dhakira.Kind
	title    dhakira.Text
	lat, lon *float64
}

func newNames(ctx context.Context, store dhakira.RecordService) *names {
	return &names{ctx: ctx, store: store, recs: map[string]*named{}, paths: map[string][]dhakira.Summary{}}
}

// get returns what the public may see of the record code, nil when it may
// not see it.
func (n *names) get(code string) (*named, error) {
	if v, ok := n.recs[code]; ok {
		return v, nil
	}
	if len(n.recs) >= maxNames {
		clear(n.recs) // most links of a large archive point to few records: start again
	}
	rec, _, err := n.store.Record(n.ctx, code, dhakira.Public)
	if dhakira.ErrorCode(err) == dhakira.ENOTFOUND || (err == nil && rec.Status != dhakira.Published) {
		n.recs[code] = nil
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	v := &named{kind: rec.Kind, title: rec.Title, lat: rec.Attrs.Lat, lon: rec.Attrs.Lon}
	n.recs[code] = v
	return v, nil
}

// placePath returns the published place code with its ancestors, widest
// first; nil when the place itself is not public.
func (n *names) placePath(code string) ([]dhakira.Summary, error) {
	if p, ok := n.paths[code]; ok {
		return p, nil
	}
	path, err := n.store.PlacePath(n.ctx, code, dhakira.Public)
	if err != nil {
		return nil, err
	}
	if len(path) == 0 || path[len(path)-1].Code != code || path[len(path)-1].Kind != dhakira.KindPlace {
		path = nil
	}
	n.paths[code] = path
	return path, nil
}

// relLabel is the label of rel in both languages, seen from the record
// that makes the link and (inverse) from its target, as the site names it;
// an unknown type is shown as given.
func relLabel(rel dhakira.Rel, inverse bool) dhakira.Text {
	return locale.Both(func(t *locale.Translator) string { return t.RelLabel(rel, inverse) })
}

// gradeLabels names the reliability grades as the record page does (in
// English in lower case, as in a sentence, where the page's label is
// capitalized).
var gradeLabels = map[dhakira.Reliability]dhakira.Text{
	dhakira.Correct:     {AR: "صحيحة", EN: "correct"},
	dhakira.Incorrect:   {AR: "غير صحيحة", EN: "incorrect"},
	dhakira.Unverified:  {AR: "لم يتم التأكد من صحتها", EN: "unverified"},
	dhakira.Unspecified: {AR: "غير محدد", EN: "unspecified"},
}

func gradeLabel(g dhakira.Reliability) dhakira.Text {
	if l, ok := gradeLabels[g]; ok {
		return l
	}
	return dhakira.Text{AR: string(g), EN: string(g)}
}
