package oai

import (
	"strings"
	"unicode/utf8"

	"github.com/dhakira/dhakira"
)

// maxDescription is how many characters of a record's text dc:description
// carries: a harvester's summary, not the document (the permanent address
// has that).
const maxDescription = 1500

// openDC opens an oai_dc:dc element with its namespaces.
func openDC(x *xmlWriter) {
	x.start("oai_dc:dc", "xmlns:oai_dc", dcNamespace, "xmlns:dc", dcElements,
		"xsi:schemaLocation", dcNamespace+" "+dcSchema)
}

// langElems writes an element for each language t has, marked with
// xml:lang, Arabic first.
func langElems(x *xmlWriter, name string, t dhakira.Text) {
	if s := strings.TrimSpace(t.AR); s != "" {
		x.elem(name, s, "xml:lang", "ar")
	}
	if s := strings.TrimSpace(t.EN); s != "" {
		x.elem(name, s, "xml:lang", "en")
	}
}

// dcmiTypes map kinds to the DCMI Type Vocabulary, where a kind has a
// term; a testimony's term depends on its type.
var dcmiTypes = map[dhakira.Kind]string{
	dhakira.KindDocument: "Text",
	dhakira.KindVideo:    "MovingImage",
	dhakira.KindDiary:    "Event",
}

func dcmiType(r *dhakira.Record) string {
	if r.Kind == dhakira.KindTestimony {
		switch r.Type {
		case "audio":
			return "Sound"
		case "video":
			return "MovingImage"
		case "written":
			return "Text"
		}
		return ""
	}
	return dcmiTypes[r.Kind]
}

// writeDC writes a record in simple Dublin Core:
//
//	title        the title, in each language it has (xml:lang)
//	creator      the persons it is issued by (issued-by links)
//	publisher    the organizations (entities) it is issued by
//	description  its text, shortened
//	date         its date (YYYY, YYYY-MM, YYYY-MM-DD or START/END)
//	type         the DCMI type where there is one, the kind, the type
//	identifier   its permanent address and its memory code
//	source       its source's name and address
//	language     the languages it is written in
//	coverage     the names of its places
//	format       the media types of its files
//	relation     a video's original address, its files' addresses
//
// Linked records and places show only when the public may see them.
func (h *Handler) writeDC(q *request, r *dhakira.Record) error {
	x := &q.body
	openDC(x)
	langElems(x, "dc:title", r.Title)
	if err := h.writeIssuers(q, r); err != nil {
		return err
	}
	langElems(x, "dc:description", dhakira.Text{AR: excerpt(r.Text.AR, maxDescription), EN: excerpt(r.Text.EN, maxDescription)})
	if r.Date != "" {
		x.elem("dc:date", r.Date)
	}
	if t := dcmiType(r); t != "" {
		x.elem("dc:type", t)
	}
	x.elem("dc:type", string(r.Kind))
	if r.Type != "" {
		x.elem("dc:type", r.Type)
	}
	x.elem("dc:identifier", h.recordURL(q, r.Code))
	x.elem("dc:identifier", r.Code)
	// The record's files: their media types, and their addresses as
	// related resources.
	formats := map[string]bool{}
	for _, f := range r.Files {
		if f.Type != "" && !formats[f.Type] {
			formats[f.Type] = true
			x.elem("dc:format", f.Type)
		}
	}
	for _, f := range r.Files {
		x.elem("dc:relation", h.o.URL(q.r, "/files/"+f.SHA256))
	}
	if src := r.Source; src != nil {
		if src.Name != "" {
			x.elem("dc:source", src.Name)
		}
		if u := dhakira.SafeURL(src.URL); u != "" {
			x.elem("dc:source", u)
		}
	}
	for _, lang := range []string{"ar", "en"} {
		if strings.TrimSpace(r.Title.Get(lang)) != "" || strings.TrimSpace(r.Text.Get(lang)) != "" {
			x.elem("dc:language", lang)
		}
	}
	seen := map[string]bool{}
	for _, code := range r.Places {
		if seen[code] {
			continue
		}
		seen[code] = true
		p, err := h.place(q, code)
		if err != nil {
			return err
		}
		if p.self != nil {
			langElems(x, "dc:coverage", p.self.Title)
		}
	}
	if u := dhakira.SafeURL(r.Attrs.URL); u != "" {
		x.elem("dc:relation", u)
	}
	x.end("oai_dc:dc")
	return nil
}

// writeIssuers writes the records r is issued by that the public may see:
// persons as creators, organizations as publishers.
func (h *Handler) writeIssuers(q *request, r *dhakira.Record) error {
	var issuers []dhakira.Link
	for _, l := range r.Links {
		if l.Rel == dhakira.RelIssuedBy {
			issuers = append(issuers, l)
		}
	}
	if len(issuers) == 0 {
		return nil
	}
	related, err := h.store.Related(q.ctx, r.Code, dhakira.Public)
	if err != nil {
		return err
	}
	for _, l := range issuers {
		for _, rel := range related {
			if rel.Inverse || rel.Code != l.To {
				continue
			}
			name := "dc:creator"
			if rel.Kind == dhakira.KindEntity {
				name = "dc:publisher"
			}
			langElems(&q.body, name, rel.Title)
			break
		}
	}
	return nil
}

// recordURL is the permanent address of a record, made absolute.
func (h *Handler) recordURL(q *request, code string) string {
	u := h.o.Settings.RecordURL(code)
	if strings.HasPrefix(u, "/") {
		return h.o.URL(q.r, u)
	}
	return u
}

// excerpt shortens s to at most limit characters: at the end of a
// paragraph or sentence in the last third, else at a space in the second
// half, marking the cut with an ellipsis.
func excerpt(s string, limit int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	cut := string([]rune(s)[:limit])
	for _, breaks := range [][]string{{"\n", ". ", "? ", "! ", "؟ ", "。"}, {" ", "\t"}} {
		best := -1
		for _, b := range breaks {
			if i := strings.LastIndex(cut, b); i >= 0 {
				best = max(best, i+len(b))
			}
		}
		if best > len(cut)*2/3 || breaks[0] == " " && best > len(cut)/2 {
			cut = cut[:best]
			break
		}
	}
	return strings.TrimRight(cut, " \n\t,;:،؛") + " …"
}
