package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dhakira/dhakira"
)

// The editor's POST is read in one place: readEditorForm takes what every
// kind has (titles, texts, type, date, places, links, source, grade,
// status), and the kind's own fields are read by its reader in
// admin_form_attrs.go. Nothing is checked here beyond what the form itself
// cannot hold (a latitude that is no number): the service validates.

// formReader is an editor's POST being read into f.
type formReader struct {
	pf url.Values
	f  *adminForm
}

// val is a field's value with the spaces around it trimmed.
func (e *formReader) val(name string) string { return strings.TrimSpace(e.pf.Get(name)) }

// row is the i-th value of a repeated field, trimmed; "" past its end.
func (e *formReader) row(name string, i int) string { return at(e.pf[name], i) }

func at(list []string, i int) string {
	if i < len(list) {
		return strings.TrimSpace(list[i])
	}
	return ""
}

// indexes are the row numbers a list of checkboxes ticks.
func (e *formReader) indexes(name string) map[int]bool {
	out := map[int]bool{}
	for _, i := range e.pf[name] {
		if n, err := strconv.Atoi(i); err == nil {
			out[n] = true
		}
	}
	return out
}

// textValue is a textarea's value as the archive keeps it: the browser's
// CRLF line ends turned into LF, the spaces around the whole trimmed.
func textValue(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	return strings.TrimSpace(s)
}

// lines splits a textarea into its non-blank lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(textValue(s), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// readEditorForm reads an editor's POST into a record of kind. Fields of
// other kinds are not read at all.
func readEditorForm(r *http.Request, kind dhakira.Kind, code string, canGrade bool) *adminForm {
	e := &formReader{pf: r.PostForm, f: &adminForm{action: r.PostFormValue("action")}}
	f := e.f
	rec := &dhakira.Record{Kind: kind, Code: code}
	if code == "" {
		rec.Code = e.val("code")
	}
	f.base, _ = strconv.Atoi(e.val("base"))
	rec.Title = dhakira.Text{AR: e.val("title_ar"), EN: e.val("title_en")}
	rec.Text = dhakira.Text{AR: textValue(e.pf.Get("text_ar")), EN: textValue(e.pf.Get("text_en"))}
	if t := e.val("type"); t == "_other" {
		rec.Type = e.val("type_other")
	} else if t != "" {
		rec.Type = t
	} else if o := e.val("type_other"); o != "" {
		rec.Type = o
	}
	rec.Date = e.val("date")
	rec.Places = e.places()
	rec.Links = e.links()
	src := dhakira.Source{Name: e.val("source_name"), URL: e.val("source_url"), Note: textValue(e.pf.Get("source_note"))}
	if src != (dhakira.Source{}) {
		rec.Source = &src
	}
	if canGrade {
		rec.Reliability = dhakira.Reliability(e.val("reliability"))
		f.reason = e.val("reason")
	}
	rec.Status = dhakira.Status(e.val("status"))
	switch f.action {
	case "submit":
		rec.Status = dhakira.Review
	case "publish":
		rec.Status = dhakira.Published
	case "withdraw":
		rec.Status = dhakira.Withdrawn
	}
	f.note = e.val("note")
	if read := attrsForms[kind]; read != nil {
		read(e, &rec.Attrs)
	}
	rec.Files = e.files()
	f.pickPlace, f.pickLink, f.pickParent = e.val("pick_place_q"), e.val("pick_link_q"), e.val("pick_parent_q")
	f.rec = rec
	return f
}

// places are those listed, less those ticked for removal, plus those picked
// and those typed, each once.
func (e *formReader) places() []string {
	removed := map[string]bool{}
	for _, c := range e.pf["place_remove"] {
		removed[c] = true
	}
	var out []string
	seen := map[string]bool{}
	add := func(c string) {
		if c = strings.TrimSpace(c); c != "" && !removed[c] && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, c := range e.pf["place"] {
		add(c)
	}
	for _, c := range e.pf["place_pick"] {
		add(c)
	}
	for _, c := range strings.FieldsFunc(e.pf.Get("places_add"), func(r rune) bool {
		return r == ',' || r == '،' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t'
	}) {
		add(c)
	}
	return out
}

// links are the rows, less those ticked, plus those picked (with the
// picker's link type and note, kept for the form), plus the lines "rel
// code note" typed.
func (e *formReader) links() []dhakira.Link {
	var out []dhakira.Link
	dropped := e.indexes("link_remove")
	for i := range e.pf["link_to"] {
		if dropped[i] {
			continue
		}
		out = append(out, dhakira.Link{Rel: dhakira.Rel(e.row("link_rel", i)), To: e.row("link_to", i), Note: e.row("link_note", i)})
	}
	f := e.f
	f.pickRel = dhakira.Rel(e.val("pick_rel"))
	if !f.pickRel.Valid() {
		f.pickRel = dhakira.RelRelated
	}
	f.pickNote = e.val("pick_note")
	for _, c := range e.pf["link_pick"] {
		out = append(out, dhakira.Link{Rel: f.pickRel, To: strings.TrimSpace(c), Note: f.pickNote})
	}
	for _, line := range lines(e.pf.Get("links_add")) {
		fields := strings.Fields(line)
		l := dhakira.Link{Rel: dhakira.RelRelated}
		if dhakira.Rel(fields[0]).Valid() {
			l.Rel, fields = dhakira.Rel(fields[0]), fields[1:]
		}
		if len(fields) > 0 {
			l.To = fields[0]
			l.Note = strings.Join(fields[1:], " ")
		}
		out = append(out, l)
	}
	return out
}
