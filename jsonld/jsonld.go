// Package jsonld describes records in schema.org terms as JSON-LD: what a
// record page embeds in <script type="application/ld+json"> and what the API
// answers when asked for application/ld+json, so that search engines and
// linked-data tools read the archive's records, places, persons and
// organizations as what they are.
package jsonld

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/locale"
)

// Node is one JSON-LD object. encoding/json writes a map's keys sorted, so a
// description is always the same bytes, "@context" first.
type Node = map[string]any

// ld is the short name of Node inside this package.
type ld = Node

// Site is what a description says of the archive that holds the record,
// and how it makes absolute addresses.
type Site struct {
	Name   dhakira.Text             // the archive's name
	URL    func(path string) string // the absolute address of a path of the site ("/", "/en/records/X")
	Record func(code string) string // a record's absolute permanent address
	// Duration, when set, is the length in seconds of a recording the
	// archive has read (0 when unknown).
	Duration func(sha string) float64
}

// ldContext is the context of every description: the schema.org vocabulary,
// inline, so that a JSON-LD processor has nothing to fetch.
var ldContext = ld{"@vocab": "https://schema.org/"}

// ldTypes is the schema.org type of each kind. Documents and testimonies
// are items of an archive (ArchiveComponent, a CreativeWork, named too for
// readers that do not know the newer type); a diary entry is the event
// itself.
var ldTypes = map[dhakira.Kind][]string{
	dhakira.KindDocument:  {"ArchiveComponent", "CreativeWork"},
	dhakira.KindVideo:     {"VideoObject"},
	dhakira.KindTestimony: {"ArchiveComponent", "CreativeWork"},
	dhakira.KindDiary:     {"Event"},
	dhakira.KindPerson:    {"Person"},
	dhakira.KindEntity:    {"Organization"},
	dhakira.KindPlace:     {"Place"},
}

// ldTypeOf is the schema.org types of kind k; Thing for a kind it does not
// know.
func ldTypeOf(k dhakira.Kind) []string {
	if t, ok := ldTypes[k]; ok {
		return t
	}
	return []string{"Thing"}
}

// ldMaxDescription bounds the description taken from a record's text, in
// characters: a description, not the full text.
const ldMaxDescription = 300

// Describe describes rec in schema.org terms as JSON-LD, for the record
// page's <script type="application/ld+json"> and for the API asked for
// application/ld+json. It names the linked records and places audience aud
// may see, and no other: the public's description never names a draft.
//
// The record's @id is its permanent address. Every record is the main
// entity of its two pages, each part of the archive's web site; documents,
// videos and testimonies are also part of the site themselves, and
// documents and testimonies are held by the archive (holdingArchive).
func Describe(ctx context.Context, store dhakira.RecordService, at Site, rec *dhakira.Record, aud dhakira.Audience) (Node, error) {
	related, err := store.Related(ctx, rec.Code, aud)
	if err != nil {
		return nil, err
	}
	home := at.URL("/")
	names := langValues(at.Name)
	archive := ld{"@type": "ArchiveOrganization", "@id": home + "#archive", "name": names, "url": home}
	site := ld{"@type": "WebSite", "@id": home, "name": names, "url": home}

	id := at.Record(rec.Code)
	n := ld{
		"@context":   ldContext,
		"@id":        id,
		"@type":      ldTypeOf(rec.Kind),
		"url":        id,
		"identifier": rec.Code,
		"name":       langValues(rec.Title),
	}
	var pages []any
	for _, lang := range locale.Langs {
		pages = append(pages, ld{
			"@type":      "WebPage",
			"@id":        at.URL("/" + lang + "/records/" + url.PathEscape(rec.Code)),
			"inLanguage": lang,
			"isPartOf":   site,
		})
	}
	n["mainEntityOfPage"] = pages
	if d := ldDescription(rec.Text); len(d) > 0 {
		n["description"] = d
	}
	if langs := textLangs(rec); len(langs) > 0 && (rec.Kind.IsWork() || rec.Kind == dhakira.KindDiary) {
		n["inLanguage"] = langs
	}
	if rec.Type != "" && rec.Kind.IsWork() {
		n["genre"] = typeLabels(rec.Kind, rec.Type)
	}

	ref := func(sm dhakira.Summary) ld {
		return ld{"@type": ldTypeOf(sm.Kind)[0], "@id": at.Record(sm.Code), "identifier": sm.Code, "name": langValues(sm.Title)}
	}
	add := func(prop string, v ld) {
		if prop != "" { // a link schema.org has no word for
			addLD(n, prop, v)
		}
	}

	// The record's own places: where a work is about, where an event was.
	places := rec.Places
	if !rec.Kind.IsWork() && rec.Kind != dhakira.KindDiary {
		places = nil
	}
	for _, pc := range places {
		path, err := store.PlacePath(ctx, pc, aud)
		if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		if len(path) == 0 || path[len(path)-1].Code != pc || !aud.Sees(path[len(path)-1].Status) {
			continue
		}
		prop := "contentLocation"
		if rec.Kind == dhakira.KindDiary {
			prop = "location"
		}
		add(prop, ref(path[len(path)-1]))
	}

	// Links, both ways, each under the property that says what it is.
	for _, rl := range related {
		if !aud.Sees(rl.Status) {
			continue
		}
		add(ldProperty(rec.Kind, rl), ref(rl.Summary))
	}

	a := rec.Attrs
	date := rec.ParsedDate()
	switch {
	case rec.Kind.IsWork():
		isPartOf, _ := n["isPartOf"].([]any)
		n["isPartOf"] = append([]any{site}, isPartOf...)
		if rec.Kind != dhakira.KindVideo {
			n["holdingArchive"] = archive
		}
		if !date.IsZero() {
			if date.IsInterval() {
				n["temporalCoverage"] = date.String()
			} else {
				n["dateCreated"] = date.String()
			}
		}
		if src := rec.Source; src != nil && (src.Name != "" || dhakira.SafeURL(src.URL) != "") {
			b := ld{"@type": "CreativeWork"}
			if src.Name != "" {
				b["name"] = src.Name
			}
			if u := dhakira.SafeURL(src.URL); u != "" {
				b["url"] = u
			}
			n["isBasedOn"] = b
		}
	case rec.Kind == dhakira.KindDiary:
		if !date.IsZero() {
			n["startDate"] = date.Start.String()
			if date.IsInterval() {
				n["endDate"] = date.End.String()
			}
		}
	}

	switch rec.Kind {
	case dhakira.KindVideo:
		if u := dhakira.SafeURL(a.URL); u != "" {
			n["sameAs"] = u
		}
		if d := isoDuration(a.Duration); d != "" {
			n["duration"] = d
		}
	case dhakira.KindTestimony:
		var clips []any
		for _, sg := range a.Segments {
			c := ld{"@type": "Clip", "startOffset": timecodeSeconds(sg.Start)}
			if sg.End != "" {
				c["endOffset"] = timecodeSeconds(sg.End)
			}
			if !sg.Title.IsZero() {
				c["name"] = langValues(sg.Title)
			}
			clips = append(clips, c)
		}
		if len(clips) > 0 {
			n["hasPart"] = append(clips, asList(n["hasPart"])...)
		}
	case dhakira.KindPerson:
		for prop, v := range map[string]string{"birthDate": a.Born, "deathDate": a.Died} {
			if d, err := dhakira.ParseDate(v); err == nil && !d.IsZero() && !d.IsInterval() {
				n[prop] = d.String()
			}
		}
	case dhakira.KindEntity:
		if a.Parent != "" {
			if p, _, err := store.Record(ctx, a.Parent, aud); err == nil && p != nil && aud.Sees(p.Status) {
				add("parentOrganization", ref(dhakira.Summary{Code: p.Code, Kind: p.Kind, Title: p.Title}))
			}
		}
	case dhakira.KindPlace:
		if a.Lat != nil && a.Lon != nil {
			n["geo"] = ld{"@type": "GeoCoordinates", "latitude": *a.Lat, "longitude": *a.Lon}
		}
		path, err := store.PlacePath(ctx, rec.Code, aud)
		if err != nil && dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
			return nil, err
		}
		if len(path) > 1 && aud.Sees(path[len(path)-2].Status) {
			add("containedInPlace", ref(path[len(path)-2]))
		}
	}
	if names := aliasValues(a.Aliases); len(names) > 0 {
		n["alternateName"] = names
	}
	describeFiles(n, at, rec)
	return n, nil
}

// describeFiles lists the record's files as its associatedMedia: each a
// VideoObject, AudioObject, ImageObject or MediaObject with its address,
// format, size and, for a recording, its length. A video record without a
// duration of its own takes its recording's.
func describeFiles(n ld, at Site, rec *dhakira.Record) {
	var media []any
	for _, f := range rec.Files {
		typ := "MediaObject"
		switch {
		case f.IsVideo():
			typ = "VideoObject"
		case f.IsAudio():
			typ = "AudioObject"
		case f.IsImage():
			typ = "ImageObject"
		}
		m := ld{"@type": typ, "contentUrl": at.URL("/files/" + f.SHA256), "encodingFormat": f.Type,
			"contentSize": strconv.FormatInt(f.Size, 10), "sha256": f.SHA256}
		if f.Name != "" {
			m["name"] = f.Name
		}
		if !f.Label.IsZero() {
			m["caption"] = langValues(f.Label)
		}
		if f.Lang != "" {
			m["inLanguage"] = f.Lang
		}
		if f.IsMedia() && at.Duration != nil {
			if secs := at.Duration(f.SHA256); secs > 0 {
				m["duration"] = isoDuration(dhakira.FormatDuration(secs))
				if _, has := n["duration"]; !has && rec.Kind == dhakira.KindVideo {
					n["duration"] = m["duration"]
				}
			}
		}
		media = append(media, m)
	}
	if len(media) > 0 {
		n["associatedMedia"] = media
	}
}

// ldProperty is the schema.org property under which a record of kind k
// names a record it is linked with, or "" when schema.org has none.
func ldProperty(k dhakira.Kind, rl dhakira.Related) string {
	other := rl.Kind
	switch {
	case k.IsWork() && !rl.Inverse:
		switch rl.Rel {
		case dhakira.RelIssuedBy:
			return "publisher"
		case dhakira.RelMentions:
			return "mentions"
		case dhakira.RelPartOf:
			return "isPartOf"
		}
		return "about"
	case k.IsWork() && rl.Inverse:
		if rl.Rel == dhakira.RelPartOf && other.IsWork() {
			return "hasPart"
		}
		return ""
	case k == dhakira.KindDiary && !rl.Inverse:
		if rl.Rel == dhakira.RelIssuedBy && (other == dhakira.KindEntity || other == dhakira.KindPerson) {
			return "organizer"
		}
		return "about"
	}
	// Persons, organizations and places; diaries seen from their sources.
	switch {
	case k == dhakira.KindPerson && rl.Rel == dhakira.RelMemberOf && !rl.Inverse && other == dhakira.KindEntity:
		return "memberOf"
	case k == dhakira.KindEntity && rl.Rel == dhakira.RelMemberOf && rl.Inverse && (other == dhakira.KindPerson || other == dhakira.KindEntity):
		return "member"
	case k == dhakira.KindEntity && rl.Rel == dhakira.RelPartOf && other == dhakira.KindEntity:
		if rl.Inverse {
			return "subOrganization"
		}
		return "parentOrganization"
	case k == dhakira.KindPlace && rl.Rel == dhakira.RelPartOf && other == dhakira.KindPlace:
		if rl.Inverse {
			return "containsPlace"
		}
		return "containedInPlace"
	case other.IsWork() || other == dhakira.KindDiary:
		return "subjectOf" // the work or event is about this one
	}
	return ""
}

// addLD appends v to n[prop], once per @id.
func addLD(n ld, prop string, v ld) {
	list := asList(n[prop])
	for _, x := range list {
		if o, ok := x.(ld); ok && o["@id"] == v["@id"] {
			return
		}
	}
	n[prop] = append(list, v)
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// langValues is a text as JSON-LD language-tagged strings, Arabic first.
func langValues(t dhakira.Text) []any {
	var out []any
	for _, lang := range locale.Langs {
		if v := strings.TrimSpace(t.Get(lang)); v != "" {
			out = append(out, ld{"@value": v, "@language": lang})
		}
	}
	return out
}

// aliasValues are other names, language-tagged when their language is a
// well-formed tag.
func aliasValues(as []dhakira.Alias) []any {
	var out []any
	for _, a := range as {
		v := strings.TrimSpace(a.Value)
		if v == "" {
			continue
		}
		if _, err := language.Parse(a.Lang); a.Lang != "" && err == nil {
			out = append(out, ld{"@value": v, "@language": a.Lang})
		} else {
			out = append(out, v)
		}
	}
	return out
}

// ldDescription is the start of a text, in each language it has.
func ldDescription(t dhakira.Text) []any {
	var d dhakira.Text
	for _, lang := range locale.Langs {
		v := strings.Join(strings.Fields(t.Get(lang)), " ")
		if utf8.RuneCountInString(v) > ldMaxDescription {
			v = string([]rune(v)[:ldMaxDescription-1]) + "…"
		}
		if lang == "ar" {
			d.AR = v
		} else {
			d.EN = v
		}
	}
	return langValues(d)
}

// textLangs are the languages a record has a title or text in.
func textLangs(rec *dhakira.Record) []string {
	var out []string
	for _, lang := range locale.Langs {
		if strings.TrimSpace(rec.Title.Get(lang)) != "" || strings.TrimSpace(rec.Text.Get(lang)) != "" {
			out = append(out, lang)
		}
	}
	return out
}

// typeLabels names a type slug in both languages; an unknown slug, shown
// as given, is one plain string.
func typeLabels(k dhakira.Kind, slug string) any {
	l := locale.Both(func(t *locale.Translator) string { return t.TypeLabel(k, slug) })
	if l.AR == l.EN {
		return l.AR
	}
	return langValues(l)
}

// isoDuration writes a video's MM:SS or H:MM:SS as ISO 8601 (PT3M25S), or
// "" when it is neither.
func isoDuration(d string) string {
	parts := strings.Split(d, ":")
	if d == "" || len(parts) > 3 {
		return ""
	}
	units := []string{"S", "M", "H"}
	var b strings.Builder
	for i := range parts {
		v := strings.TrimLeft(parts[i], "0")
		if strings.Trim(parts[i], "0123456789") != "" || parts[i] == "" {
			return ""
		}
		if v != "" {
			b.WriteString(v + units[len(parts)-1-i])
		}
	}
	if b.Len() == 0 {
		return "PT0S"
	}
	return "PT" + b.String()
}

// timecodeSeconds reads a testimony's HH:MM:SS as seconds.
func timecodeSeconds(tc string) int {
	n := 0
	for _, p := range strings.Split(tc, ":") {
		v := 0
		for _, c := range p {
			if c < '0' || c > '9' {
				return 0
			}
			v = v*10 + int(c-'0')
		}
		n = n*60 + v
	}
	return n
}
