package archival

import (
	"context"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
)

// EACNamespace is the namespace of EAC-CPF 2.0.
const EACNamespace = "https://archivists.org/ns/eac/v2"

// EACKinds are the kinds EAC-CPF describes.
var EACKinds = []dhakira.Kind{dhakira.KindPerson, dhakira.KindEntity}

// AuthorityCodes lists the codes of the published records of kinds
// (EACKinds when none is given), ordered by code: the records an EAC-CPF
// export writes.
func AuthorityCodes(ctx context.Context, store dhakira.DumpService, kinds ...dhakira.Kind) ([]string, error) {
	if len(kinds) == 0 {
		kinds = EACKinds
	}
	var codes []string
	for _, k := range kinds {
		if !slices.Contains(EACKinds, k) {
			return nil, dhakira.Errorf(dhakira.EINVALID, "EAC-CPF describes persons and entities, not %s records", k)
		}
		err := store.Dump(ctx, k, dhakira.Public, func(line []byte) error {
			var r struct {
				Code   string         `json:"code"`
				Status dhakira.Status `json:"status"`
			}
			if err := json.Unmarshal(line, &r); err != nil {
				return err
			}
			if r.Status == dhakira.Published {
				codes = append(codes, r.Code)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.Sort(codes)
	return codes, nil
}

// AuthorityRecord writes the published person or entity code as an
// EAC-CPF 2.0 record: its names in both languages and its other names, its
// dates of existence, places, biography or history, its relations — the
// links it makes and those made to it — and, in the control section, its
// history of revisions and its reliability grade. The error is ENOTFOUND
// when the public may not see a record code, a *KindError when it is
// neither a person nor an entity.
func AuthorityRecord(ctx context.Context, w io.Writer, store dhakira.RecordService, settings config.Settings, code string) error {
	rec, _, err := store.Record(ctx, code, dhakira.Public)
	if err == nil && rec.Status != dhakira.Published {
		err = dhakira.Errorf(dhakira.ENOTFOUND, "no public record %q", code)
	}
	if err != nil {
		return err
	}
	if !slices.Contains(EACKinds, rec.Kind) {
		return &KindError{Code: code, Kind: rec.Kind, Format: "EAC-CPF", Want: EACKinds}
	}
	revs, err := store.Revisions(ctx, code)
	if err != nil {
		return err
	}
	related, err := store.Related(ctx, code, dhakira.Public)
	if err != nil {
		return err
	}
	e := &eacBuilder{settings: settings, names: newNames(ctx, store)}
	desc, err := e.description(rec)
	if err != nil {
		return err
	}
	rels, err := e.relations(rec, related)
	if err != nil {
		return err
	}
	x, err := newWriter(w)
	if err != nil {
		return err
	}
	if err := x.root("eac", EACNamespace); err != nil {
		return err
	}
	if err := x.node(e.control(rec, revs)); err != nil {
		return err
	}
	if err := x.node(el("cpfDescription").add(e.identity(rec), desc, rels)); err != nil {
		return err
	}
	return x.close()
}

// eacBuilder makes the elements of authority records.
type eacBuilder struct {
	settings config.Settings
	names    *names
}

// texts makes one element per language that has text, each with
// languageOfElement and scriptOfElement.
func (e *eacBuilder) texts(name string, t dhakira.Text, attrs ...string) []*node {
	var out []*node
	for _, l := range langs {
		if s := t.Get(l); has(s) {
			out = append(out, textEl(name, strings.TrimSpace(s), append([]string{"languageOfElement", l, "scriptOfElement", scriptOf[l]}, attrs...)...))
		}
	}
	return out
}

func (e *eacBuilder) control(rec *dhakira.Record, revs []dhakira.Revision) *node {
	status := "new"
	if len(revs) > 1 {
		status = "revised"
	}
	ctl := el("control", "maintenanceStatus", status, "publicationStatus", "published",
		"languageEncoding", "iso639-1", "scriptEncoding", "iso15924", "dateEncoding", "iso8601")
	ctl.add(textEl("recordId", rec.Code))
	ctl.add(el("maintenanceAgency").add(e.texts("agencyName", archiveName(e.settings))...))
	hist := el("maintenanceHistory")
	agent := func() *node {
		for _, l := range langs {
			if s := bilingual(e.settings.Name).Get(l); has(s) {
				return textEl("agent", strings.TrimSpace(s), "agentType", "human", "languageOfElement", l)
			}
		}
		return textEl("agent", "dhakira", "agentType", "human")
	}
	for _, rv := range revs {
		at := rv.At.UTC().Format(time.RFC3339)
		hist.add(el("maintenanceEvent", "maintenanceEventType", eventType(rv)).add(
			agent(),
			textEl("eventDateTime", at, "standardDateTime", at),
			textEl("eventDescription", revisionNote(rv), "languageOfElement", "en"),
		))
	}
	if len(revs) == 0 { // a store without history
		hist.add(el("maintenanceEvent", "maintenanceEventType", "unknown").add(agent(), textEl("eventDateTime", "unknown")))
	}
	ctl.add(hist)
	if s := rec.Source; s != nil && (has(s.Name) || has(s.Note) || anyURI(s.URL) != "") {
		u := anyURI(s.URL)
		ref := strings.TrimSpace(s.Name)
		if ref == "" {
			ref = u
		}
		src := el("source", "href", u).add(textEl("reference", ref))
		if has(s.Note) {
			src.add(el("descriptiveNote").add(textEl("p", strings.TrimSpace(s.Note))))
		}
		ctl.add(el("sources").add(src))
	}
	for _, l := range langs {
		ctl.add(el("languageDeclaration", "languageCode", l, "scriptCode", scriptOf[l]))
	}
	ctl.add(el("localControl", "localType", "reliability").add(textEl("term", string(rec.Reliability))))
	title, _ := rec.Title.In("en")
	ctl.add(textEl("representation", recordURL(e.settings, rec.Code), "href", recordURL(e.settings, rec.Code),
		"localType", "record-page", "linkTitle", strings.TrimSpace(title)))
	return ctl
}

func (e *eacBuilder) identity(rec *dhakira.Record) *node {
	typ := "person"
	if rec.Kind == dhakira.KindEntity {
		typ = "corporateBody"
	}
	id := el("identity").add(el("entityType", "value", typ))
	first := true
	for _, l := range langs {
		if s := rec.Title.Get(l); has(s) {
			pref := ""
			if first {
				pref, first = "true", false
			}
			id.add(el("nameEntry", "languageOfElement", l, "scriptOfElement", scriptOf[l], "status", "authorized", "preferredForm", pref).
				add(textEl("part", strings.TrimSpace(s))))
		}
	}
	if first { // no name in either language: only data written around validation
		id.add(el("nameEntry", "status", "authorized").add(textEl("part", rec.Code)))
	}
	for _, a := range rec.Attrs.Aliases {
		if !has(a.Value) {
			continue
		}
		lang := langTag(a.Lang)
		id.add(el("nameEntry", "languageOfElement", lang, "scriptOfElement", scriptOf[lang], "status", "alternative").
			add(textEl("part", strings.TrimSpace(a.Value))))
	}
	id.add(textEl("identityId", rec.Code, "localType", "memory-code", "valueURI", recordURL(e.settings, rec.Code)))
	return id
}

func (e *eacBuilder) description(rec *dhakira.Record) (*node, error) {
	d := el("description")
	if rec.Type != "" {
		d.add(el("localDescriptions").add(el("localDescription", "localType", string(rec.Kind)+"-type", "vocabularySource", "dhakira").
			add(textEl("term", rec.Type))))
	}
	places := el("places")
	seen := map[string]bool{}
	for _, code := range rec.Places {
		if seen[code] {
			continue
		}
		seen[code] = true
		p, err := e.place(code)
		if err != nil {
			return nil, err
		}
		places.add(p)
	}
	if len(places.kids) > 0 {
		d.add(places)
	}
	if ex := existDates(rec); ex != nil {
		d.add(ex)
	}
	for _, l := range langs {
		if ps := paragraphs(rec.Text.Get(l)); len(ps) > 0 {
			bio := el("biogHist", "languageOfElement", l, "scriptOfElement", scriptOf[l])
			for _, p := range ps {
				bio.add(textEl("p", p))
			}
			d.add(bio)
		}
	}
	if len(d.kids) == 0 {
		return nil, nil
	}
	return d, nil
}

// place is a place of the record: its names, coordinates, and its path
// from the governorate down as a note.
func (e *eacBuilder) place(code string) (*node, error) {
	path, err := e.names.placePath(code)
	if err != nil || path == nil {
		return nil, err
	}
	v, err := e.names.get(code)
	if err != nil || v == nil {
		return nil, err
	}
	own := path[len(path)-1]
	p := el("place")
	for _, n := range e.texts("placeName", own.Title, "localType", own.Type, "vocabularySource", "dhakira", "valueURI", recordURL(e.settings, code)) {
		p.add(n)
	}
	if v.lat != nil && v.lon != nil {
		p.add(textEl("geographicCoordinates", strconv.FormatFloat(*v.lat, 'f', -1, 64)+" "+strconv.FormatFloat(*v.lon, 'f', -1, 64), "coordinateSystem", "WGS84"))
	}
	if len(path) > 1 {
		note := el("descriptiveNote")
		for _, l := range langs {
			var parts []string
			for _, s := range path {
				if t := strings.TrimSpace(s.Title.Get(l)); t != "" {
					parts = append(parts, t)
				}
			}
			if len(parts) > 0 {
				note.add(textEl("p", strings.Join(parts, " › "), "languageOfElement", l, "scriptOfElement", scriptOf[l]))
			}
		}
		p.add(note)
	}
	return p, nil
}

// existDates are a person's life from attrs born and died, else the
// record's date (an entity's founding and end).
func existDates(rec *dhakira.Record) *node {
	born, _ := dhakira.ParseDate(rec.Attrs.Born)
	died, _ := dhakira.ParseDate(rec.Attrs.Died)
	if !born.IsZero() || !died.IsZero() {
		r := el("dateRange", "localType", "lifespan")
		if !born.IsZero() {
			r.add(datePoint("fromDate", born))
		}
		if !died.IsZero() {
			r.add(datePoint("toDate", died))
		}
		return el("existDates").add(r)
	}
	d, _ := dhakira.ParseDate(rec.Date)
	switch {
	case d.IsZero():
		return nil
	case d.IsInterval():
		return el("existDates").add(el("dateRange").add(
			textEl("fromDate", d.Start.String(), "standardDate", d.Start.String()),
			textEl("toDate", d.End.String(), "standardDate", d.End.String()),
		))
	}
	return el("existDates").add(textEl("date", d.String(), "standardDate", d.String()))
}

// datePoint is one end of a life: a date of its own precision, or, when
// only known to lie in an interval, that interval as its bounds.
func datePoint(name string, d dhakira.Date) *node {
	if d.IsInterval() {
		return textEl(name, d.String(), "notBefore", d.Start.String(), "notAfter", d.End.String())
	}
	return textEl(name, d.String(), "standardDate", d.String())
}

// parentLabel names an entity's parent entity (attrs.parent).
var parentLabel = dhakira.Text{AR: "الكيان الأم", EN: "parent entity"}

// relations are the record's links both ways, as the public may see them,
// and an entity's parent.
func (e *eacBuilder) relations(rec *dhakira.Record, related []dhakira.Related) (*node, error) {
	rels := el("relations")
	parentLinked := false
	for _, r := range related {
		if r.Status != dhakira.Published {
			continue
		}
		slug := string(r.Rel)
		if r.Inverse {
			slug += "-inverse"
		}
		rel := e.relation(r.Code, r.Kind, r.Title, relLabel(r.Rel, r.Inverse), slug)
		if has(r.Note) {
			rel.add(el("descriptiveNote").add(textEl("p", strings.TrimSpace(r.Note))))
		}
		rels.add(rel)
		parentLinked = parentLinked || (!r.Inverse && r.Code == rec.Attrs.Parent)
	}
	if p := rec.Attrs.Parent; p != "" && !parentLinked {
		v, err := e.names.get(p)
		if err != nil {
			return nil, err
		}
		if v != nil {
			rels.add(e.relation(p, v.kind, v.title, parentLabel, "parent"))
		}
	}
	if len(rels.kids) == 0 {
		return nil, nil
	}
	return rels, nil
}

func (e *eacBuilder) relation(code string, kind dhakira.Kind, title dhakira.Text, label dhakira.Text, slug string) *node {
	target := "resource"
	switch kind {
	case dhakira.KindPerson:
		target = "person"
	case dhakira.KindEntity:
		target = "corporateBody"
	}
	te := el("targetEntity", "targetType", target, "valueURI", recordURL(e.settings, code))
	te.add(e.texts("part", title)...)
	te.add(textEl("part", code, "localType", "memory-code"))
	rel := el("relation").add(te)
	rel.add(e.texts("relationType", label, "localType", slug, "vocabularySource", "dhakira")...)
	return rel
}
