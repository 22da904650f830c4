package web

import (
	"context"
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	jsonld "github.com/piprate/json-gold/ld"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/locale"
)

const schemaOrg = "https://schema.org/"

// noFetch is a JSON-LD document loader that fails the test on any fetch:
// the archive's descriptions carry their context inline.
type noFetch struct{ t *testing.T }

func (n noFetch) LoadDocument(u string) (*jsonld.RemoteDocument, error) {
	n.t.Errorf("the JSON-LD processor fetched %s", u)
	return nil, jsonld.NewJsonLdError(jsonld.LoadingDocumentFailed, u)
}

// expand expands a JSON-LD document with json-gold, in safe mode (a
// property that expands to nothing is an error), without the network, and
// returns its one top-level node.
func ldExpand(t *testing.T, what string, doc any) map[string]any {
	t.Helper()
	opts := jsonld.NewJsonLdOptions("")
	opts.DocumentLoader = noFetch{t}
	opts.SafeMode = true
	out, err := jsonld.NewJsonLdProcessor().Expand(doc, opts)
	if err != nil {
		t.Fatalf("%s: expanding: %v", what, err)
	}
	if len(out) != 1 {
		t.Fatalf("%s: %d top-level nodes, want 1", what, len(out))
	}
	node := out[0].(map[string]any)
	// Every node has an absolute IRI, or none.
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if id, ok := v["@id"].(string); ok && !strings.HasPrefix(id, "http://") && !strings.HasPrefix(id, "https://") {
				t.Errorf("%s: @id %q is not absolute", what, id)
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(node)
	return node
}

// values returns the expanded values of property prop (a schema.org term)
// of node.
func ldValues(node map[string]any, prop string) []map[string]any {
	var out []map[string]any
	for _, v := range asList(node[schemaOrg+prop]) {
		out = append(out, v.(map[string]any))
	}
	return out
}

// ids lists the @id of the nodes under prop.
func ldIDs(node map[string]any, prop string) []string {
	var out []string
	for _, v := range ldValues(node, prop) {
		out = append(out, v["@id"].(string))
	}
	return out
}

// literals lists the values under prop as "value@lang" (or "value").
func ldLiterals(node map[string]any, prop string) []string {
	var out []string
	for _, v := range ldValues(node, prop) {
		s := ldString(v["@value"])
		if l, ok := v["@language"].(string); ok {
			s += "@" + l
		}
		out = append(out, s)
	}
	return out
}

func ldString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return strings.Trim(string(b), `"`)
}

func ldTypesOf(node map[string]any) []string {
	var out []string
	for _, v := range asList(node["@type"]) {
		out = append(out, strings.TrimPrefix(v.(string), schemaOrg))
	}
	return out
}

var ldScript = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// pageLD returns the JSON-LD a record page embeds, decoded.
func pageLD(t *testing.T, s *site, path string) any {
	t.Helper()
	body := s.page(t, path, 200)
	m := ldScript.FindAllStringSubmatch(body, -1)
	if len(m) != 1 {
		t.Fatalf("%s: %d JSON-LD scripts, want 1", path, len(m))
	}
	var doc any
	if err := json.Unmarshal([]byte(m[0][1]), &doc); err != nil {
		t.Fatalf("%s: JSON-LD: %v\n%s", path, err, m[0][1])
	}
	return doc
}

// apiLD fetches a record's JSON-LD from the API.
func apiLD(t *testing.T, s *site, code string) any {
	t.Helper()
	status, body, resp := s.get(t, "/api/v1/records/"+code, "Accept", "application/ld+json")
	if status != 200 {
		t.Fatalf("%s as JSON-LD: status %d\n%s", code, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/ld+json" {
		t.Errorf("%s as JSON-LD: Content-Type %q", code, ct)
	}
	if !slices.Contains(resp.Header.Values("Vary"), "Accept") {
		t.Errorf("%s as JSON-LD: Vary %q lacks Accept", code, resp.Header.Values("Vary"))
	}
	if et := resp.Header.Get("ETag"); et != `W/"1"` {
		t.Errorf("%s as JSON-LD: ETag %q, want W/\"1\"", code, et)
	}
	var doc any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("%s: %v", code, err)
	}
	return doc
}

// TestLinkedDataEveryKind: the API's JSON-LD and the pages' of every kind
// are the same, expand without error and without the network, and say in
// schema.org what the record is.
func TestLinkedDataEveryKind(t *testing.T) {
	s := newSite(t)
	rec := func(code string) string { return s.URL + "/records/" + code }
	cases := []struct {
		code  string
		types []string
		check func(t *testing.T, n map[string]any)
	}{
		{"DOC-000001", []string{"ArchiveComponent", "CreativeWork"}, func(t *testing.T, n map[string]any) {
			if got := ldIDs(n, "publisher"); !slices.Equal(got, []string{rec("ENT-000001")}) {
				t.Errorf("publisher %q", got)
			}
			about := ldIDs(n, "about")
			if !slices.Contains(about, rec("ENT-000002")) || !slices.Contains(about, rec("DIA-000001")) {
				t.Errorf("about %q", about)
			}
			if got := ldIDs(n, "mentions"); len(got) != 0 {
				t.Errorf("mentions %q: only drafts are mentioned", got)
			}
			if got := ldIDs(n, "contentLocation"); !slices.Equal(got, []string{rec("PLC-homs-central-prison")}) {
				t.Errorf("contentLocation %q", got)
			}
			if got := ldLiterals(n, "dateCreated"); !slices.Equal(got, []string{"2017-10-19"}) {
				t.Errorf("dateCreated %q", got)
			}
			if got := ldLiterals(n, "inLanguage"); !slices.Equal(got, []string{"ar", "en"}) {
				t.Errorf("inLanguage %q", got)
			}
			if got := ldLiterals(n, "genre"); !slices.Equal(got, []string{"بيان صحفي@ar", "Press release@en"}) {
				t.Errorf("genre %q", got)
			}
			site := ldValues(n, "isPartOf")
			if len(site) != 1 || !slices.Equal(ldTypesOf(site[0]), []string{"WebSite"}) || !slices.Equal(ldLiterals(site[0], "name"), []string{"الذاكرة السورية@ar", "Syrian Memory@en"}) {
				t.Errorf("isPartOf %v", site)
			}
			arch := ldValues(n, "holdingArchive")
			if len(arch) != 1 || !slices.Equal(ldTypesOf(arch[0]), []string{"ArchiveOrganization"}) || !slices.Contains(ldLiterals(arch[0], "name"), "Syrian Memory@en") {
				t.Errorf("holdingArchive %v", arch)
			}
			if src := ldValues(n, "isBasedOn"); len(src) != 1 || !slices.Equal(ldLiterals(src[0], "url"), []string{"https://example.org/press/1"}) {
				t.Errorf("isBasedOn %v", src)
			}
			pages := ldIDs(n, "mainEntityOfPage")
			if !slices.Equal(pages, []string{s.URL + "/ar/records/DOC-000001", s.URL + "/en/records/DOC-000001"}) {
				t.Errorf("mainEntityOfPage %q", pages)
			}
			if d := ldLiterals(n, "description"); len(d) != 2 || !strings.HasPrefix(d[1], "The Assad regime forces") || !strings.HasSuffix(d[1], "@en") {
				t.Errorf("description %q", d)
			}
		}},
		{"DOC-000004", []string{"ArchiveComponent", "CreativeWork"}, func(t *testing.T, n map[string]any) {
			if got := ldLiterals(n, "temporalCoverage"); !slices.Equal(got, []string{"2011-03-15/2011-04"}) {
				t.Errorf("temporalCoverage %q", got)
			}
			if got := ldLiterals(n, "dateCreated"); len(got) != 0 {
				t.Errorf("an interval as dateCreated %q", got)
			}
			if got := ldLiterals(n, "name"); !slices.Equal(got, []string{"<script>alert(1)</script>@ar", "<script>alert(1)</script>@en"}) {
				t.Errorf("name %q", got)
			}
		}},
		{"VID-000001", []string{"VideoObject"}, func(t *testing.T, n map[string]any) {
			if got := ldLiterals(n, "duration"); !slices.Equal(got, []string{"PT3M25S"}) {
				t.Errorf("duration %q", got)
			}
			if got := ldLiterals(n, "sameAs"); !slices.Equal(got, []string{"https://video.example.org/watch?v=1"}) {
				t.Errorf("sameAs %q", got)
			}
			if got := ldIDs(n, "mentions"); !slices.Equal(got, []string{rec("PER-000001")}) {
				t.Errorf("mentions %q", got)
			}
			if got := ldIDs(n, "contentLocation"); !slices.Equal(got, []string{rec("SY040000")}) {
				t.Errorf("contentLocation %q", got)
			}
			if len(ldValues(n, "holdingArchive")) != 0 || len(ldValues(n, "isPartOf")) != 1 {
				t.Errorf("a video: holdingArchive %v, isPartOf %v", ldValues(n, "holdingArchive"), ldValues(n, "isPartOf"))
			}
		}},
		{"TST-000001", []string{"ArchiveComponent", "CreativeWork"}, func(t *testing.T, n map[string]any) {
			clips := ldValues(n, "hasPart")
			if len(clips) != 2 || !slices.Equal(ldTypesOf(clips[0]), []string{"Clip"}) ||
				!slices.Equal(ldLiterals(clips[0], "startOffset"), []string{"0"}) || !slices.Equal(ldLiterals(clips[0], "endOffset"), []string{"310"}) ||
				!slices.Equal(ldLiterals(clips[0], "name"), []string{"الاعتقال@ar", "The arrest@en"}) ||
				!slices.Equal(ldLiterals(clips[1], "startOffset"), []string{"310"}) || len(ldValues(clips[1], "endOffset")) != 0 {
				t.Errorf("segments as clips: %v", clips)
			}
			if got := ldIDs(n, "about"); !slices.Equal(got, []string{rec("PER-000001")}) {
				t.Errorf("about (the witness) %q", got)
			}
			if got := ldIDs(n, "mentions"); !slices.Equal(got, []string{rec("PLC-homs-central-prison")}) {
				t.Errorf("mentions %q", got)
			}
		}},
		{"DIA-000001", []string{"Event"}, func(t *testing.T, n map[string]any) {
			if got := ldLiterals(n, "startDate"); !slices.Equal(got, []string{"2017-10-16"}) {
				t.Errorf("startDate %q", got)
			}
			if got := ldIDs(n, "location"); !slices.Equal(got, []string{rec("PLC-homs-central-prison")}) {
				t.Errorf("location %q", got)
			}
			if loc := ldValues(n, "location"); len(loc) == 1 && !slices.Equal(ldTypesOf(loc[0]), []string{"Place"}) {
				t.Errorf("location type %q", ldTypesOf(loc[0]))
			}
			if got := ldIDs(n, "subjectOf"); !slices.Equal(got, []string{rec("DOC-000001")}) {
				t.Errorf("subjectOf %q", got)
			}
			if len(ldValues(n, "isPartOf")) != 0 || len(ldValues(n, "genre")) != 0 {
				t.Error("an event has isPartOf or genre, which schema.org's Event has not")
			}
		}},
		{"PER-000001", []string{"Person"}, func(t *testing.T, n map[string]any) {
			if b, d := ldLiterals(n, "birthDate"), ldLiterals(n, "deathDate"); !slices.Equal(b, []string{"1980-05"}) || !slices.Equal(d, []string{"2013"}) {
				t.Errorf("born %q, died %q", b, d)
			}
			if got := ldIDs(n, "memberOf"); !slices.Equal(got, []string{rec("ENT-000001")}) {
				t.Errorf("memberOf %q", got)
			}
			sub := ldIDs(n, "subjectOf")
			if !slices.Contains(sub, rec("VID-000001")) || !slices.Contains(sub, rec("TST-000001")) {
				t.Errorf("subjectOf %q", sub)
			}
			if got := ldLiterals(n, "alternateName"); !slices.Equal(got, []string{"أبو محمد@ar"}) {
				t.Errorf("alternateName %q", got)
			}
			if pages := ldValues(n, "mainEntityOfPage"); len(pages) != 2 || len(ldValues(pages[0], "isPartOf")) != 1 {
				t.Errorf("mainEntityOfPage %v", pages)
			}
		}},
		{"ENT-000001", []string{"Organization"}, func(t *testing.T, n map[string]any) {
			if got := ldIDs(n, "member"); !slices.Equal(got, []string{rec("PER-000001")}) {
				t.Errorf("member %q", got)
			}
			if got := ldIDs(n, "subOrganization"); !slices.Equal(got, []string{rec("ENT-000003")}) {
				t.Errorf("subOrganization %q", got)
			}
			if got := ldIDs(n, "subjectOf"); !slices.Contains(got, rec("DOC-000001")) || slices.Contains(got, rec("DOC-000005")) {
				t.Errorf("subjectOf %q", got)
			}
		}},
		{"ENT-000003", []string{"Organization"}, func(t *testing.T, n map[string]any) {
			if got := ldIDs(n, "parentOrganization"); !slices.Equal(got, []string{rec("ENT-000001")}) {
				t.Errorf("parentOrganization %q (from the link and the parent, once)", got)
			}
		}},
		{"PLC-homs-central-prison", []string{"Place"}, func(t *testing.T, n map[string]any) {
			geo := ldValues(n, "geo")
			if len(geo) != 1 || !slices.Equal(ldTypesOf(geo[0]), []string{"GeoCoordinates"}) ||
				!slices.Equal(ldLiterals(geo[0], "latitude"), []string{"34.7324"}) || !slices.Equal(ldLiterals(geo[0], "longitude"), []string{"36.7137"}) {
				t.Errorf("geo %v", geo)
			}
			if got := ldIDs(n, "containedInPlace"); !slices.Equal(got, []string{rec("SY040000")}) {
				t.Errorf("containedInPlace %q", got)
			}
			if got := ldLiterals(n, "alternateName"); !slices.Equal(got, []string{"السجن المركزي@ar", "Central Prison@en"}) {
				t.Errorf("alternateName %q", got)
			}
			if got := ldIDs(n, "subjectOf"); !slices.Contains(got, rec("TST-000001")) {
				t.Errorf("subjectOf %q", got)
			}
		}},
		{"SY0400", []string{"Place"}, func(t *testing.T, n map[string]any) {
			if len(ldValues(n, "geo")) != 0 {
				t.Error("geo for a place without coordinates")
			}
			if got := ldIDs(n, "containedInPlace"); !slices.Equal(got, []string{rec("SY04")}) {
				t.Errorf("containedInPlace %q", got)
			}
		}},
	}
	kinds := map[dhakira.Kind]bool{}
	for _, c := range cases {
		t.Run(c.code, func(t *testing.T) {
			api := apiLD(t, s, c.code)
			for _, lang := range locale.Langs {
				if page := pageLD(t, s, "/"+lang+"/records/"+c.code); !reflect.DeepEqual(page, api) {
					t.Errorf("the %s page's JSON-LD is not the API's:\npage %v\napi  %v", lang, page, api)
				}
			}
			raw, _ := json.Marshal(api)
			for code, title := range drafts {
				lacks(t, c.code+" JSON-LD", string(raw), code, title)
			}
			n := ldExpand(t, c.code, api)
			if got := ldTypesOf(n); !slices.Equal(got, c.types) {
				t.Errorf("@type %q, want %q", got, c.types)
			}
			if n["@id"] != rec(c.code) || !slices.Equal(ldLiterals(n, "url"), []string{rec(c.code)}) {
				t.Errorf("@id %v, url %q, want the permanent address %s", n["@id"], ldLiterals(n, "url"), rec(c.code))
			}
			if got := ldLiterals(n, "identifier"); !slices.Equal(got, []string{c.code}) {
				t.Errorf("identifier %q", got)
			}
			names := ldLiterals(n, "name")
			if len(names) != 2 || !strings.HasSuffix(names[0], "@ar") || !strings.HasSuffix(names[1], "@en") {
				t.Errorf("name %q: want a value in each language", names)
			}
			c.check(t, n)
		})
		r, _, err := s.store.Record(context.Background(), c.code, dhakira.Public)
		if err != nil {
			t.Fatal(err)
		}
		kinds[r.Kind] = true
	}
	for _, k := range dhakira.Kinds {
		if !kinds[k] {
			t.Errorf("no case for kind %s", k)
		}
	}
}

// TestLinkedDataScriptSafe: a title that is markup stays text inside the
// page's <script>: nothing in it closes the script.
func TestLinkedDataScriptSafe(t *testing.T) {
	s := newSite(t)
	for _, lang := range locale.Langs {
		body := s.page(t, "/"+lang+"/records/DOC-000004", 200)
		m := ldScript.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("%s: no JSON-LD", lang)
		}
		lacks(t, lang+" JSON-LD script", m[1], "<", ">", "<!--")
		if !strings.Contains(m[1], `\u003cscript\u003ealert(1)\u003c/script\u003e`) {
			t.Errorf("%s: the title is not escaped as JSON: %s", lang, m[1])
		}
		if n := strings.Count(body, "</script>"); n != 1 {
			t.Errorf("%s: %d </script> on the page, want the JSON-LD's own", lang, n)
		}
	}
	// Addresses validation would refuse are left out.
	raw, _ := json.Marshal(apiLD(t, s, "VID-000002"))
	lacks(t, "VID-000002 JSON-LD", string(raw), "javascript:")
	contains(t, "VID-000002 JSON-LD", string(raw), `"name":"Bad source"`)
}

// TestLinkedDataBaseURL: with a public address set, every address in the
// description is on it.
func TestLinkedDataBaseURL(t *testing.T) {
	db := sqlitetest.Open(t)
	putRecords(t, db, decodeFixture(t, fixture, true))
	set := testSettings()
	set.BaseURL = "https://archive.example.org/"
	s := serve(t, db, set)
	n := ldExpand(t, "DOC-000001", apiLD(t, s, "DOC-000001"))
	if n["@id"] != "https://archive.example.org/records/DOC-000001" {
		t.Errorf("@id %v", n["@id"])
	}
	if got := ldIDs(n, "publisher"); !slices.Equal(got, []string{"https://archive.example.org/records/ENT-000001"}) {
		t.Errorf("publisher %q", got)
	}
	if got := ldIDs(n, "mainEntityOfPage"); !slices.Equal(got, []string{"https://archive.example.org/ar/records/DOC-000001", "https://archive.example.org/en/records/DOC-000001"}) {
		t.Errorf("pages %q", got)
	}
	if got := ldIDs(n, "isPartOf"); !slices.Equal(got, []string{"https://archive.example.org/"}) {
		t.Errorf("isPartOf %q", got)
	}
	raw, _ := json.Marshal(apiLD(t, s, "DOC-000001"))
	lacks(t, "JSON-LD with a public address", string(raw), s.URL, "127.0.0.1")
}

// TestLinkedDataNotPublic: drafts, records in review, withdrawn and unknown
// codes are 404 as JSON-LD too, to the public and with a back office.
func TestLinkedDataNotPublic(t *testing.T) {
	s := newSite(t)
	b := newBackOffice(t)
	for code := range drafts {
		for what, get := range map[string]func() (int, string){
			"public": func() (int, string) {
				st, body, _ := s.get(t, "/api/v1/records/"+code, "Accept", "application/ld+json")
				return st, body
			},
			"public with a back office": func() (int, string) {
				st, body, _ := b.api(t, nobody, "GET", "/api/v1/records/"+code, "", "Accept", "application/ld+json")
				return st, body
			},
		} {
			status, body := get()
			if status != 404 {
				t.Errorf("%s: %s as JSON-LD: status %d", what, code, status)
			}
			lacks(t, code+" 404", body, drafts[code], "@context")
		}
	}
	if status, _, _ := s.get(t, "/api/v1/records/DOC-999999", "Accept", "application/ld+json"); status != 404 {
		t.Errorf("unknown code as JSON-LD: %d", status)
	}
}

// TestLinkedDataNegotiation: plain JSON stays the default; JSON-LD only
// when asked for above it. Both answers vary by Accept, and the ETag of
// either is good for a write.
func TestLinkedDataNegotiation(t *testing.T) {
	cases := []struct {
		accept string
		ld     bool
	}{
		{"", false},
		{"*/*", false},
		{"application/json", false},
		{"application/ld+json", true},
		{"application/ld+json; profile=\"http://www.w3.org/ns/json-ld#expanded\"", true},
		{"application/ld+json;q=0", false},
		{"application/ld+json;q=0.5, application/json", false},
		{"application/json;q=0.5, application/ld+json", true},
		{"text/html, application/ld+json;q=0.9, */*;q=0.1", true},
		{"application/ld+json;q=zz", false},
	}
	for _, c := range cases {
		var h []string
		if c.accept != "" {
			h = []string{c.accept}
		}
		if got := prefersLinkedData(h); got != c.ld {
			t.Errorf("Accept %q: JSON-LD %v, want %v", c.accept, got, c.ld)
		}
	}

	b := newBackOffice(t)
	status, body, resp := b.api(t, nobody, "GET", "/api/v1/records/DOC-000002", "", "Accept", "application/json")
	if status != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || resp.Header.Get("ETag") != `"1"` ||
		!slices.Contains(resp.Header.Values("Vary"), "Accept") || strings.Contains(body, "@context") {
		t.Fatalf("plain JSON: %d %q %q %q\n%s", status, resp.Header.Get("Content-Type"), resp.Header.Get("ETag"), resp.Header.Values("Vary"), body)
	}
	status, _, resp = b.api(t, nobody, "GET", "/api/v1/records/DOC-000002", "", "Accept", "application/ld+json")
	tag := resp.Header.Get("ETag")
	if status != 200 || tag != `W/"1"` {
		t.Fatalf("JSON-LD: %d, ETag %q", status, tag)
	}
	// A write based on the JSON-LD's ETag names the same revision.
	rec, _ := b.current(t, "DOC-000002")
	rec.Title.EN = "Statement on Damascus, revised"
	js, _ := json.Marshal(rec)
	status, body, resp = b.api(t, dhakira.Reviewer, "PUT", "/api/v1/records/DOC-000002", string(js), "If-Match", tag)
	if status != 200 || resp.Header.Get("ETag") != `"2"` {
		t.Fatalf("PUT with If-Match %s: %d %q\n%s", tag, status, resp.Header.Get("ETag"), body)
	}
	status, _, resp = b.api(t, nobody, "GET", "/api/v1/records/DOC-000002", "", "Accept", "application/ld+json")
	if status != 200 || resp.Header.Get("ETag") != `W/"2"` {
		t.Errorf("JSON-LD after the write: %d, ETag %q", status, resp.Header.Get("ETag"))
	}
	// The staff see a draft as JSON-LD, as they see it as JSON.
	status, body, _ = b.api(t, dhakira.Reviewer, "GET", "/api/v1/records/DOC-000005", "", "Accept", "application/ld+json")
	if status != 200 || !strings.Contains(body, `"ArchiveComponent"`) {
		t.Errorf("a draft as JSON-LD, with a token: %d\n%s", status, body)
	}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}
