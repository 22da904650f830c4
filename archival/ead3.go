package archival

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
)

// EADNamespace is the namespace of EAD3.
const EADNamespace = "http://ead3.archivists.org/schema/"

// EADKinds are the kinds an EAD3 finding aid describes, one series each,
// in this order.
var EADKinds = []dhakira.Kind{dhakira.KindDocument, dhakira.KindVideo, dhakira.KindTestimony}

// seriesTitles name each series of the finding aid.
var seriesTitles = map[dhakira.Kind]dhakira.Text{
	dhakira.KindDocument:  {AR: "الوثائق", EN: "Documents"},
	dhakira.KindVideo:     {AR: "الفيديوهات", EN: "Videos"},
	dhakira.KindTestimony: {AR: "الشهادات", EN: "Testimonies"},
}

// noIssuer titles the group of documents that name no issuer the public
// may see.
var noIssuer = dhakira.Text{AR: "وثائق بلا جهة إصدار معروفة", EN: "Documents without a known issuer"}

// FindingAid writes the archive as one EAD3 finding aid: the archive is the
// collection; each of kinds (EADKinds when none is given) is a series of
// items, one per published record; documents are grouped in subseries by
// the person or entity that issued them (the target of their issued-by
// link), those without one last. Items are in date order, undated last.
//
// It reads the archive twice: once for the codes, dates and issuers of
// every record, once for each record in turn, so that the records of a
// large archive never sit in memory together.
func FindingAid(ctx context.Context, w io.Writer, store Store, settings config.Settings, kinds ...dhakira.Kind) error {
	if len(kinds) == 0 {
		kinds = EADKinds
	}
	for _, k := range kinds {
		if !slices.Contains(EADKinds, k) {
			return dhakira.Errorf(dhakira.EINVALID, "EAD3 describes documents, videos and testimonies, not %s records", k)
		}
	}
	b := &eadBuilder{settings: settings, names: newNames(ctx, store)}
	type group struct {
		issuer string // "" for the records without one
		items  []entry
	}
	type series struct {
		kind   dhakira.Kind
		n      int
		groups []*group
	}
	var all []*series
	var span dateSpan
	var latest time.Time
	for _, k := range kinds {
		entries, err := listEntries(ctx, store, k)
		if err != nil {
			return err
		}
		if len(entries) == 0 {
			continue
		}
		s := &series{kind: k, n: len(entries)}
		byIssuer := map[string]*group{}
		for _, e := range entries {
			span.add(e.date)
			issuer := ""
			if k == dhakira.KindDocument {
				for _, code := range e.issuers {
					if v, err := b.names.get(code); err != nil {
						return err
					} else if v != nil {
						issuer = code
						break
					}
				}
			}
			g := byIssuer[issuer]
			if g == nil {
				g = &group{issuer: issuer}
				byIssuer[issuer] = g
				s.groups = append(s.groups, g)
			}
			g.items = append(g.items, e)
		}
		slices.SortFunc(s.groups, func(a, b *group) int {
			if (a.issuer == "") != (b.issuer == "") {
				return cmp.Compare(b.issuer, a.issuer) // the group without an issuer last
			}
			return strings.Compare(a.issuer, b.issuer)
		})
		for _, g := range s.groups {
			slices.SortFunc(g.items, compareEntries)
		}
		all = append(all, s)
		// The finding aid is dated by the newest change to the records it
		// describes, so the same archive gives the same bytes.
		list, _, err := store.Records(ctx, dhakira.RecordFilter{Kind: k, Sort: dhakira.SortUpdated, Limit: 1})
		if err != nil {
			return err
		}
		if len(list) > 0 && list[0].Updated.After(latest) {
			latest = list[0].Updated
		}
	}

	x, err := newWriter(w)
	if err != nil {
		return err
	}
	if err := x.root("ead", EADNamespace); err != nil {
		return err
	}
	recordID := "finding-aid"
	if len(kinds) == 1 {
		recordID += "-" + string(kinds[0])
	}
	if latest.IsZero() {
		latest = time.Now()
	}
	event := el("maintenanceevent").add(
		el("eventtype", "value", "derived"),
		textEl("eventdatetime", latest.UTC().Format(time.RFC3339), "standarddatetime", latest.UTC().Format(time.RFC3339)),
		el("agenttype", "value", "machine"),
		textEl("agent", "dhakira"),
		textEl("eventdescription", "Derived from the published records of the archive, as of its latest change.", "lang", "en"),
	)
	if err := x.node(b.control(recordID, "", event)); err != nil {
		return err
	}
	if err := x.begin(el("archdesc", "level", "collection")); err != nil {
		return err
	}
	if err := x.node(b.collectionDid(span.normal())); err != nil {
		return err
	}
	if len(all) > 0 {
		if err := x.begin(el("dsc")); err != nil {
			return err
		}
		for _, s := range all {
			if err := x.begin(el("c", "level", "series", "id", "series-"+string(s.kind))); err != nil {
				return err
			}
			title := seriesTitles[s.kind]
			if err := x.node(el("did").add(b.texts("unittitle", title)...).add(
				el("physdescstructured", "coverage", "whole", "physdescstructuredtype", "materialtype").add(
					textEl("quantity", strconv.Itoa(s.n)),
					textEl("unittype", strings.ToLower(title.EN), "lang", "en"),
				),
			)); err != nil {
				return err
			}
			grouped := s.kind == dhakira.KindDocument
			for _, g := range s.groups {
				if grouped {
					if err := x.begin(el("c", "level", "subseries", "id", groupID(g.issuer))); err != nil {
						return err
					}
					did := el("did")
					var v *named
					if g.issuer != "" {
						if v, err = b.names.get(g.issuer); err != nil {
							return err
						}
					}
					if v == nil { // no issuer, or one unpublished a moment ago
						did.add(b.texts("unittitle", noIssuer)...)
					} else {
						did.add(b.texts("unittitle", v.title)...)
						if names := b.agentNames(g.issuer, v, dhakira.RelIssuedBy); len(names) > 0 {
							did.add(el("origination").add(names...))
						}
					}
					if err := x.node(did); err != nil {
						return err
					}
				}
				for _, e := range g.items {
					rec, _, err := store.Record(ctx, e.code, dhakira.Public)
					if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
						continue // unpublished since the first pass
					}
					if err != nil {
						return err
					}
					c, err := b.item(rec)
					if err != nil {
						return err
					}
					if err := x.node(c); err != nil {
						return err
					}
				}
				if grouped {
					if err := x.end(); err != nil {
						return err
					}
				}
			}
			if err := x.end(); err != nil {
				return err
			}
		}
	}
	return x.close()
}

// DocumentFindingAid writes an EAD3 finding aid of the archive with one
// component: the published document code. The error is ENOTFOUND when the
// public may not see a record code, a *KindError when it is not a
// document.
func DocumentFindingAid(ctx context.Context, w io.Writer, store dhakira.RecordService, settings config.Settings, code string) error {
	rec, _, err := store.Record(ctx, code, dhakira.Public)
	if err == nil && rec.Status != dhakira.Published {
		err = dhakira.Errorf(dhakira.ENOTFOUND, "no public record %q", code)
	}
	if err != nil {
		return err
	}
	if rec.Kind != dhakira.KindDocument {
		return &KindError{Code: code, Kind: rec.Kind, Format: "EAD3", Want: []dhakira.Kind{dhakira.KindDocument}}
	}
	revs, err := store.Revisions(ctx, code)
	if err != nil {
		return err
	}
	b := &eadBuilder{settings: settings, names: newNames(ctx, store)}
	c, err := b.item(rec)
	if err != nil {
		return err
	}
	x, err := newWriter(w)
	if err != nil {
		return err
	}
	if err := x.root("ead", EADNamespace); err != nil {
		return err
	}
	var events []*node
	for _, rv := range revs {
		ev := textEl("eventdescription", revisionNote(rv), "lang", "en")
		events = append(events, el("maintenanceevent").add(
			el("eventtype", "value", eventType(rv)),
			textEl("eventdatetime", rv.At.UTC().Format(time.RFC3339), "standarddatetime", rv.At.UTC().Format(time.RFC3339)),
			el("agenttype", "value", "human"),
			b.agent("agent"),
			ev,
		))
	}
	if len(events) == 0 { // a store without history: say at least that it exists
		events = append(events, el("maintenanceevent").add(
			el("eventtype", "value", "unknown"), textEl("eventdatetime", "unknown"),
			el("agenttype", "value", "unknown"), b.agent("agent")))
	}
	if err := x.node(b.control(code, recordURL(settings, code), events...)); err != nil {
		return err
	}
	d, _ := dhakira.ParseDate(rec.Date)
	var span dateSpan
	span.add(d)
	if err := x.node(el("archdesc", "level", "collection").add(
		b.collectionDid(span.normal()),
		el("dsc").add(c),
	)); err != nil {
		return err
	}
	return x.close()
}

// eventType is the maintenance event a revision is.
func eventType(rv dhakira.Revision) string {
	if rv.N == 1 {
		return "created"
	}
	return "revised"
}

// revisionNote describes a revision for the public: its number and the
// fields it changed from the one before. Authors and notes stay in the back office: they name
// the archive's staff and their working remarks.
func revisionNote(rv dhakira.Revision) string {
	s := "revision " + strconv.Itoa(rv.N)
	if rv.N > 1 && len(rv.Changed) > 0 {
		s += ": " + strings.Join(rv.Changed, ", ")
	}
	return s
}

// entry is what the first pass keeps of a record.
type entry struct {
	code    string
	date    dhakira.Date
	issuers []string
}

func compareEntries(a, b entry) int {
	if a.date.IsZero() != b.date.IsZero() {
		if a.date.IsZero() {
			return 1
		}
		return -1
	}
	return cmp.Or(cmp.Compare(a.date.First(), b.date.First()), cmp.Compare(a.date.Last(), b.date.Last()), strings.Compare(a.code, b.code))
}

// listEntries reads the code, date and issuers of every published record
// of kind k.
func listEntries(ctx context.Context, store dhakira.DumpService, k dhakira.Kind) ([]entry, error) {
	var out []entry
	err := store.Dump(ctx, k, dhakira.Public, func(line []byte) error {
		var r struct {
			Code   string         `json:"code"`
			Date   string         `json:"date"`
			Status dhakira.Status `json:"status"`
			Links  []dhakira.Link `json:"links"`
		}
		if err := json.Unmarshal(line, &r); err != nil {
			return err
		}
		if r.Status != dhakira.Published {
			return nil
		}
		d, _ := dhakira.ParseDate(r.Date)
		e := entry{code: r.Code, date: d}
		for _, l := range r.Links {
			if l.Rel == dhakira.RelIssuedBy {
				e.issuers = append(e.issuers, l.To)
			}
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

// dateSpan is the earliest and latest day of a set of dates, each with its
// precision.
type dateSpan struct {
	first, last   dhakira.Day
	firstN, lastN int
}

func (s *dateSpan) add(d dhakira.Date) {
	if d.IsZero() {
		return
	}
	if s.firstN == 0 || d.First() < s.firstN {
		s.first, s.firstN = d.Start, d.First()
	}
	if d.Last() > s.lastN {
		s.last, s.lastN = d.Start, d.Last()
		if d.IsInterval() {
			s.last = d.End
		}
	}
}

// normal is the span as an ISO 8601 date or interval, "" when empty.
func (s dateSpan) normal() string {
	if s.firstN == 0 {
		return ""
	}
	if s.first == s.last {
		return s.first.String()
	}
	return s.first.String() + "/" + s.last.String()
}

func groupID(issuer string) string {
	if issuer == "" {
		return "issuer-none"
	}
	return "issuer-" + issuer
}

// eadBuilder makes the elements of finding aids.
type eadBuilder struct {
	settings config.Settings
	names    *names
}

// texts makes one element per language that has text, with its lang.
func (b *eadBuilder) texts(name string, t dhakira.Text, attrs ...string) []*node {
	var out []*node
	for _, l := range langs {
		if s := t.Get(l); has(s) {
			out = append(out, textEl(name, strings.TrimSpace(s), append([]string{"lang", l}, attrs...)...))
		}
	}
	return out
}

// agent names the archive in a maintenance event.
func (b *eadBuilder) agent(name string) *node {
	for _, l := range langs {
		if s := bilingual(b.settings.Name).Get(l); has(s) {
			return textEl(name, strings.TrimSpace(s), "lang", l)
		}
	}
	return textEl(name, "dhakira")
}

// control is the finding aid's control section.
func (b *eadBuilder) control(recordID, instanceURL string, events ...*node) *node {
	name := archiveName(b.settings)
	titlestmt := el("titlestmt")
	for _, t := range b.texts("titleproper", name) {
		titlestmt.add(t)
	}
	for _, t := range b.texts("subtitle", dhakira.Text{AR: "دليل الوثائق", EN: "Finding aid"}) {
		titlestmt.add(t)
	}
	filedesc := el("filedesc").add(titlestmt)
	pub := el("publicationstmt")
	for _, t := range b.texts("publisher", name) {
		pub.add(t)
	}
	if u := anyURI(b.settings.BaseURL); u != "" {
		pub.add(el("p").add(textEl("ref", u, "href", u)))
	}
	if c := strings.TrimSpace(b.settings.Contact); c != "" {
		pub.add(el("address").add(textEl("addressline", c, "localtype", "email")))
	}
	filedesc.add(pub)
	agency := el("maintenanceagency")
	for _, t := range b.texts("agencyname", name) {
		agency.add(t)
	}
	ctl := el("control", "langencoding", "iso639-1", "scriptencoding", "iso15924", "dateencoding", "iso8601").add(
		textEl("recordid", recordID, "instanceurl", instanceURL),
		filedesc,
		el("maintenancestatus", "value", "derived"),
		el("publicationstatus", "value", "published"),
		agency,
	)
	for _, l := range langs {
		ctl.add(el("languagedeclaration").add(
			textEl("language", b.langName(l), "langcode", l),
			textEl("script", scriptName[l], "scriptcode", scriptOf[l]),
		))
	}
	hist := el("maintenancehistory").add(events...)
	return ctl.add(hist)
}

var scriptName = map[string]string{"ar": "Arabic", "en": "Latin"}

// langName is the archive's label of a language, as its language switch
// shows it.
func (b *eadBuilder) langName(l string) string { return langName(b.settings, l) }

// collectionDid describes the archive as a whole: its name, the dates its
// records span, its statement.
func (b *eadBuilder) collectionDid(normal string) *node {
	name := archiveName(b.settings)
	did := el("did").add(b.texts("unittitle", name)...)
	if normal != "" {
		did.add(textEl("unitdate", normal, "unitdatetype", "inclusive", "normal", normal, "calendar", "gregorian", "era", "ce"))
	}
	repo := el("repository")
	for _, l := range langs {
		if s := name.Get(l); has(s) {
			repo.add(el("corpname", "lang", l).add(textEl("part", s)))
		}
	}
	did.add(repo, b.langmaterial(true, true))
	did.add(b.texts("abstract", bilingual(b.settings.Statement))...)
	return did
}

// langmaterial says which of the two languages a description is in.
func (b *eadBuilder) langmaterial(ar, en bool) *node {
	if !ar && !en {
		return nil
	}
	n := el("langmaterial")
	if ar {
		n.add(textEl("language", b.langName("ar"), "langcode", "ar"))
	}
	if en {
		n.add(textEl("language", b.langName("en"), "langcode", "en"))
	}
	return n
}

// agentNames are a person's or entity's names, one element per language,
// as EAD3 access points (persname, corpname, or name for other kinds).
func (b *eadBuilder) agentNames(code string, v *named, rel dhakira.Rel) []*node {
	name := "name"
	switch v.kind {
	case dhakira.KindPerson:
		name = "persname"
	case dhakira.KindEntity:
		name = "corpname"
	}
	var out []*node
	for _, l := range langs {
		if s := v.title.Get(l); has(s) {
			out = append(out, el(name, "lang", l, "identifier", code, "relator", string(rel)).add(textEl("part", strings.TrimSpace(s))))
		}
	}
	return out
}

// geognames are a place's names, one element per language, each with the
// place's path from its governorate down as parts.
func (b *eadBuilder) geognames(code string) ([]*node, error) {
	path, err := b.names.placePath(code)
	if err != nil || path == nil {
		return nil, err
	}
	v, err := b.names.get(code)
	if err != nil {
		return nil, err
	}
	var out []*node
	for _, l := range langs {
		g := el("geogname", "lang", l, "identifier", code)
		for _, p := range path {
			if s := p.Title.Get(l); has(s) {
				g.add(textEl("part", strings.TrimSpace(s), "localtype", p.Type))
			}
		}
		if len(g.kids) == 0 {
			continue
		}
		if v != nil && v.lat != nil && v.lon != nil {
			g.add(textEl("geographiccoordinates", strconv.FormatFloat(*v.lat, 'f', -1, 64)+" "+strconv.FormatFloat(*v.lon, 'f', -1, 64), "coordinatesystem", "WGS84"))
		}
		out = append(out, g)
	}
	return out, nil
}

// item is one record as a component of level item.
func (b *eadBuilder) item(rec *dhakira.Record) (*node, error) {
	url := recordURL(b.settings, rec.Code)
	did := el("did").add(b.texts("unittitle", rec.Title)...)
	did.add(textEl("unitid", rec.Code, "localtype", "memory-code"))
	if d, err := dhakira.ParseDate(rec.Date); err == nil && !d.IsZero() {
		did.add(textEl("unitdate", d.String(), "normal", d.String(), "calendar", "gregorian", "era", "ce"))
	}
	// The issuers are the documents' creators.
	orig := el("origination")
	for _, l := range rec.Links {
		if l.Rel != dhakira.RelIssuedBy {
			continue
		}
		v, err := b.names.get(l.To)
		if err != nil {
			return nil, err
		}
		if v != nil {
			orig.add(b.agentNames(l.To, v, l.Rel)...)
		}
	}
	if len(orig.kids) > 0 {
		did.add(orig)
	}
	if rec.Attrs.Duration != "" {
		did.add(textEl("physdesc", rec.Attrs.Duration, "localtype", "duration", "lang", "en"))
	}
	if len(rec.Attrs.Segments) > 0 {
		did.add(textEl("physdesc", fmt.Sprintf("%d segments", len(rec.Attrs.Segments)), "localtype", "segments", "lang", "en"))
	}
	did.add(b.langmaterial(has(rec.Title.AR) || has(rec.Text.AR), has(rec.Title.EN) || has(rec.Text.EN)))
	linkTitle, _ := rec.Title.In("en")
	did.add(el("dao", "daotype", "otherdaotype", "otherdaotype", "recordpage", "localtype", "permanent-url",
		"href", url, "linktitle", strings.TrimSpace(linkTitle), "show", "new", "actuate", "onrequest"))
	if u := anyURI(rec.Attrs.URL); u != "" {
		did.add(el("dao", "daotype", "borndigital", "localtype", string(rec.Kind), "href", u, "show", "new", "actuate", "onrequest"))
	}
	// The files the record carries, kept whole by the archive: each its
	// address, its hash as identifier, its role, name and media type.
	for _, f := range rec.Files {
		title := f.Name
		if title == "" {
			title = f.SHA256
		}
		dao := el("dao", "daotype", "otherdaotype", "otherdaotype", "archived-file", "localtype", string(f.Role),
			"href", strings.TrimRight(b.settings.BaseURL, "/")+"/files/"+f.SHA256, "identifier", f.SHA256,
			"linktitle", title, "show", "new", "actuate", "onrequest")
		dao.add(el("descriptivenote").add(textEl("p", fmt.Sprintf("%s, %d bytes", f.Type, f.Size), "lang", "en")))
		did.add(dao)
	}
	c := el("c", "level", "item", "id", "c-"+rec.Code).add(did)

	// Access points: the type, the places, the persons and entities it
	// links to.
	ca := el("controlaccess")
	if rec.Type != "" {
		ca.add(el("genreform", "localtype", string(rec.Kind)+"-type", "source", "dhakira").add(textEl("part", rec.Type)))
	}
	seen := map[string]bool{}
	places := append([]string(nil), rec.Places...)
	for _, l := range rec.Links {
		if v, err := b.names.get(l.To); err != nil {
			return nil, err
		} else if v != nil && v.kind == dhakira.KindPlace {
			places = append(places, l.To)
		}
	}
	for _, p := range places {
		if seen[p] {
			continue
		}
		seen[p] = true
		g, err := b.geognames(p)
		if err != nil {
			return nil, err
		}
		ca.add(g...)
	}
	relations := el("relations")
	for _, l := range rec.Links {
		v, err := b.names.get(l.To)
		if err != nil {
			return nil, err
		}
		if v == nil {
			continue // a link to what the public may not see is not shown at all
		}
		rt := "resourcerelation"
		switch v.kind {
		case dhakira.KindPerson, dhakira.KindEntity:
			rt = "cpfrelation"
			if l.Rel != dhakira.RelIssuedBy {
				ca.add(b.agentNames(l.To, v, l.Rel)...)
			}
		case dhakira.KindPlace:
			continue // a geogname above
		}
		r := el("relation", "relationtype", rt, "href", recordURL(b.settings, l.To), "linktitle", string(l.Rel))
		for _, lang := range langs {
			if s := v.title.Get(lang); has(s) {
				r.add(textEl("relationentry", strings.TrimSpace(s), "lang", lang, "localtype", string(l.Rel)))
			}
		}
		r.add(textEl("relationentry", l.To, "localtype", "memory-code"))
		if has(l.Note) {
			r.add(el("descriptivenote").add(textEl("p", strings.TrimSpace(l.Note))))
		}
		relations.add(r)
	}
	if len(ca.kids) > 0 {
		c.add(ca)
	}
	for _, l := range langs {
		if ps := paragraphs(rec.Text.Get(l)); len(ps) > 0 {
			sc := el("scopecontent", "lang", l)
			for _, p := range ps {
				sc.add(textEl("p", p))
			}
			c.add(sc)
		}
	}
	if s := rec.Source; s != nil && (has(s.Name) || has(s.Note) || anyURI(s.URL) != "") {
		acq := el("acqinfo", "localtype", "source")
		if has(s.Name) {
			acq.add(textEl("p", strings.TrimSpace(s.Name)))
		}
		if u := anyURI(s.URL); u != "" {
			acq.add(el("p").add(textEl("ref", u, "href", u)))
		}
		if has(s.Note) {
			acq.add(textEl("p", strings.TrimSpace(s.Note)))
		}
		c.add(acq)
	}
	grade := gradeLabel(rec.Reliability)
	c.add(el("odd", "localtype", "reliability").add(
		textEl("p", "درجة الموثوقية: "+grade.AR, "lang", "ar"),
		textEl("p", "Reliability: "+grade.EN, "lang", "en"),
	))
	if len(relations.kids) > 0 {
		c.add(relations)
	}
	// A testimony's time-coded segments are its parts.
	for i, s := range rec.Attrs.Segments {
		sdid := el("did").add(b.texts("unittitle", s.Title)...)
		span := s.Start
		if s.End != "" {
			span += "–" + s.End
		}
		sdid.add(textEl("unitid", span, "localtype", "timecode"))
		if len(sdid.kids) == 1 { // no title in either language
			sdid.kids = append([]*node{textEl("unittitle", span)}, sdid.kids...)
		}
		sc := el("c", "level", "otherlevel", "otherlevel", "segment", "id", fmt.Sprintf("s-%s-%d", rec.Code, i+1)).add(sdid)
		for _, l := range langs {
			if ps := paragraphs(s.Text.Get(l)); len(ps) > 0 {
				scope := el("scopecontent", "lang", l)
				for _, p := range ps {
					scope.add(textEl("p", p))
				}
				sc.add(scope)
			}
		}
		c.add(sc)
	}
	return c, nil
}
