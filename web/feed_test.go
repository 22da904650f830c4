package web

import (
	"encoding/xml"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/locale"
	"github.com/dhakira/dhakira/storetest"
)

type atomTextT struct {
	Type string `xml:"type,attr"`
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Text string `xml:",chardata"`
}

type atomLinkT struct {
	Rel      string `xml:"rel,attr"`
	Type     string `xml:"type,attr"`
	HrefLang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

type atomEntryT struct {
	ID         []string    `xml:"http://www.w3.org/2005/Atom id"`
	Title      []atomTextT `xml:"http://www.w3.org/2005/Atom title"`
	Updated    []string    `xml:"http://www.w3.org/2005/Atom updated"`
	Published  []string    `xml:"http://www.w3.org/2005/Atom published"`
	Links      []atomLinkT `xml:"http://www.w3.org/2005/Atom link"`
	Summary    []atomTextT `xml:"http://www.w3.org/2005/Atom summary"`
	Categories []struct {
		Term string `xml:"term,attr"`
	} `xml:"http://www.w3.org/2005/Atom category"`
	Authors []struct{} `xml:"http://www.w3.org/2005/Atom author"`
}

type atomFeedT struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      []string    `xml:"http://www.w3.org/2005/Atom id"`
	Title   []atomTextT `xml:"http://www.w3.org/2005/Atom title"`
	Updated []string    `xml:"http://www.w3.org/2005/Atom updated"`
	Links   []atomLinkT `xml:"http://www.w3.org/2005/Atom link"`
	Authors []struct {
		Name []string `xml:"http://www.w3.org/2005/Atom name"`
	} `xml:"http://www.w3.org/2005/Atom author"`
	Entries []atomEntryT `xml:"http://www.w3.org/2005/Atom entry"`
}

// atomDate parses an Atom date construct (RFC 3339, with a time zone).
func atomDate(t *testing.T, what, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.RFC3339, s)
	if err != nil || !w3cDatetime.MatchString(s) {
		t.Errorf("%s: %q is not an RFC 3339 date", what, s)
	}
	return d
}

// one checks that an element occurs exactly once and returns it.
func one[T any](t *testing.T, what string, list []T) T {
	t.Helper()
	var zero T
	if len(list) != 1 {
		t.Errorf("%s occurs %d times, want once", what, len(list))
		if len(list) == 0 {
			return zero
		}
	}
	return list[0]
}

// checkAlternates: at most one alternate link for each type and hreflang
// (RFC 4287, 4.1.1 and 4.1.2).
func checkAlternates(t *testing.T, what string, links []atomLinkT) {
	t.Helper()
	seen := map[string]bool{}
	for _, l := range links {
		if u, err := url.Parse(l.Href); err != nil || !u.IsAbs() {
			t.Errorf("%s: link %q is not absolute", what, l.Href)
		}
		if l.Rel != "alternate" {
			continue
		}
		k := l.Type + " " + l.HrefLang
		if seen[k] {
			t.Errorf("%s: two alternate links of %s", what, k)
		}
		seen[k] = true
	}
}

// fetchFeed fetches and parses a feed, checking the elements RFC 4287
// requires of a feed and its entries, and returns it.
func fetchFeed(t *testing.T, s *site, path string) atomFeedT {
	t.Helper()
	status, body, resp := s.get(t, path)
	if status != 200 {
		t.Fatalf("GET %s: %d\n%s", path, status, excerptOf(body))
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	if !strings.HasPrefix(body, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("%s: no XML declaration", path)
	}
	var f atomFeedT
	dec := xml.NewDecoder(strings.NewReader(body))
	dec.Strict = true
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("%s: not well-formed Atom: %v\n%s", path, err, excerptOf(body))
	}
	lang := path[1:3]
	if f.Lang != lang {
		t.Errorf("%s: xml:lang %q", path, f.Lang)
	}
	if id := one(t, path+" feed id", f.ID); !strings.HasPrefix(id, "http") {
		t.Errorf("%s: feed id %q is not an absolute IRI", path, id)
	}
	if one(t, path+" feed title", f.Title).Text == "" {
		t.Errorf("%s: empty title", path)
	}
	feedUpdated := atomDate(t, path+" updated", one(t, path+" feed updated", f.Updated))
	if len(f.Authors) == 0 || len(f.Authors[0].Name) != 1 || f.Authors[0].Name[0] == "" {
		t.Errorf("%s: no author (the entries have none of their own)", path)
	}
	var self []string
	for _, l := range f.Links {
		if l.Rel == "self" {
			self = append(self, l.Href)
		}
	}
	if one(t, path+" link rel=self", self) != s.URL+path {
		t.Errorf("%s: self link %v", path, self)
	}
	checkAlternates(t, path, f.Links)
	if len(f.Entries) > feedEntries {
		t.Errorf("%s: %d entries", path, len(f.Entries))
	}
	ids := map[string]bool{}
	var last time.Time
	for i, e := range f.Entries {
		what := fmt.Sprintf("%s entry %d", path, i)
		id := one(t, what+" id", e.ID)
		if ids[id] {
			t.Errorf("%s: id %s twice", what, id)
		}
		ids[id] = true
		if u, err := url.Parse(id); err != nil || !u.IsAbs() {
			t.Errorf("%s: id %q is not an absolute IRI", what, id)
		}
		if one(t, what+" title", e.Title).Text == "" {
			t.Errorf("%s: empty title", what)
		}
		updated := atomDate(t, what+" updated", one(t, what+" updated", e.Updated))
		published := atomDate(t, what+" published", one(t, what+" published", e.Published))
		if updated.Before(published) {
			t.Errorf("%s: updated %v before published %v", what, updated, published)
		}
		if updated.After(feedUpdated) {
			t.Errorf("%s: updated %v after the feed %v", what, updated, feedUpdated)
		}
		if i > 0 && published.After(last) {
			t.Errorf("%s: published %v, after the entry before it (%v): not newest first", what, published, last)
		}
		last = published
		if len(e.Summary) > 1 || len(e.Summary) == 1 && e.Summary[0].Text == "" {
			t.Errorf("%s: summary %+v", what, e.Summary)
		}
		checkAlternates(t, what, e.Links)
		if len(e.Links) == 0 || e.Links[0].Rel != "alternate" || e.Links[0].HrefLang != lang || !strings.HasPrefix(e.Links[0].Href, s.URL+"/"+lang+"/records/") {
			t.Errorf("%s: first link %+v is not the record's page in %s", what, e.Links, lang)
		}
	}
	return f
}

// entryCodes returns the codes of a feed's entries, from their ids.
func entryCodes(t *testing.T, s *site, f atomFeedT) []string {
	var out []string
	for _, e := range f.Entries {
		if len(e.ID) == 1 {
			out = append(out, strings.TrimPrefix(e.ID[0], s.URL+"/records/"))
		}
	}
	return out
}

func entryOf(f atomFeedT, id string) *atomEntryT {
	for i := range f.Entries {
		if slices.Contains(f.Entries[i].ID, id) {
			return &f.Entries[i]
		}
	}
	return nil
}

func TestFeed(t *testing.T) {
	s := newSite(t)
	published := publishedFixture(t)
	// After the fixture: an Arabic-only record, a draft published, a
	// published record edited (not newly published), one withdrawn.
	storetest.Put(t, s.store, false, storetest.Rec(t, `{"kind":"person","code":"PER-000009","title":{"ar":"شخص بالعربية فقط"},"text":{"ar":"سيرة قصيرة."}}`))
	storetest.Put(t, s.store, true, storetest.Rec(t, `{"kind":"document","code":"DOC-000005","title":{"ar":"وثيقة نشرت","en":"A draft, now published"},"text":{"en":"The text of the document, published at last."},"type":"statement","date":"2017-10-19"}`))
	storetest.Put(t, s.store, true, storetest.Rec(t, `{"kind":"entity","code":"ENT-000002","title":{"ar":"منظمة العفو الدولية","en":"Amnesty International (edited)"},"type":"international"}`))
	storetest.Put(t, s.store, true, storetest.Rec(t, `{"kind":"document","code":"DOC-000002","title":{"en":"Statement on Damascus"},"status":"withdrawn"}`))

	for _, lang := range locale.Langs {
		f := fetchFeed(t, s, "/"+lang+"/feed.atom")
		codes := entryCodes(t, s, f)
		// Newest first: the last published, the Arabic-only person, the
		// record imported on its own after the fixture.
		if len(codes) < 3 || !slices.Equal(codes[:3], []string{"DOC-000005", "PER-000009", "VID-000002"}) {
			t.Errorf("%s feed begins %v", lang, codes)
		}
		wantN := len(published) - 1 + 2 // DOC-000002 withdrawn; PER-000009, DOC-000005 published
		if len(codes) != wantN {
			t.Errorf("%s feed: %d entries, want %d: %v", lang, len(codes), wantN, codes)
		}
		for code := range drafts {
			if code != "DOC-000005" && slices.Contains(codes, code) {
				t.Errorf("%s feed has %s, which is not published", lang, code)
			}
		}
		for _, c := range []string{"DIA-000006", "DOC-000002", "PER-000003", "PLC-secret-site"} {
			if slices.Contains(codes, c) {
				t.Errorf("%s feed has %s", lang, c)
			}
		}
		ent := entryOf(f, s.URL+"/records/ENT-000002")
		if ent == nil || slices.Index(codes, "ENT-000002") < 3 {
			t.Errorf("%s feed: an edited record moved to the top: %v", lang, codes)
		} else if lang == "en" && ent.Title[0].Text != "Amnesty International (edited)" {
			t.Errorf("edited record's title %q", ent.Title[0].Text)
		}
	}

	// Titles and summaries in the feed's language, else the other's,
	// marked with xml:lang.
	en := fetchFeed(t, s, "/en/feed.atom")
	ar := fetchFeed(t, s, "/ar/feed.atom")
	check := func(f atomFeedT, code, title, titleLang, summary, summaryLang string) {
		t.Helper()
		e := entryOf(f, s.URL+"/records/"+code)
		if e == nil {
			t.Errorf("%s feed: no %s", f.Lang, code)
			return
		}
		if e.Title[0].Text != title || e.Title[0].Lang != titleLang {
			t.Errorf("%s feed, %s: title %+v, want %q in %q", f.Lang, code, e.Title[0], title, titleLang)
		}
		if len(e.Summary) != 1 || !strings.HasPrefix(e.Summary[0].Text, summary) || e.Summary[0].Lang != summaryLang {
			t.Errorf("%s feed, %s: summary %+v, want %q… in %q", f.Lang, code, e.Summary, summary, summaryLang)
		}
	}
	check(en, "PER-000009", "شخص بالعربية فقط", "ar", "سيرة قصيرة.", "ar")
	check(ar, "PER-000009", "شخص بالعربية فقط", "", "سيرة قصيرة.", "")
	check(ar, "DOC-000003", "English Only Bulletin", "en", "Only in English.", "en")
	check(en, "DOC-000001", "On Regime's Attempts to Storm Homs Central Prison", "", "The Assad regime forces continue", "")
	check(ar, "DOC-000001", "حول محاولات النظام اقتحام سجن حمص المركزي", "", "تواصل قوات النظام", "")
	check(ar, "DOC-000005", "وثيقة نشرت", "", "The text of the document", "en")
	// Without text, the summary says what the record is, in the feed's language.
	check(en, "DIA-000002", "Sit-in in Damascus", "", "Diary event · Civil · October 16, 2017", "")
	check(en, "DOC-000004", "<script>alert(1)</script>", "", "<img src=x onerror=alert(2)>", "")
	_, raw, _ := s.get(t, "/en/feed.atom")
	lacks(t, "en feed", raw, "<script>", "<img")

	// The entry's links: its page in both languages, the feed's first.
	e := entryOf(ar, s.URL+"/records/DOC-000001")
	want := []atomLinkT{
		{"alternate", "text/html", "ar", s.URL + "/ar/records/DOC-000001"},
		{"alternate", "text/html", "en", s.URL + "/en/records/DOC-000001"},
	}
	if e == nil || !slices.Equal(e.Links, want) {
		t.Errorf("DOC-000001 links %+v", e)
	}
	if cat := e.Categories; len(cat) == 0 || cat[0].Term != "document" {
		t.Errorf("DOC-000001 categories %+v", cat)
	}
}

func TestFeedByKind(t *testing.T) {
	s := newSite(t)
	for _, lang := range locale.Langs {
		f := fetchFeed(t, s, "/"+lang+"/browse/document/feed.atom")
		codes := entryCodes(t, s, f)
		slices.Sort(codes)
		if want := []string{"DOC-000001", "DOC-000002", "DOC-000003", "DOC-000004"}; !slices.Equal(codes, want) {
			t.Errorf("%s documents feed: %v, want %v", lang, codes, want)
		}
		for _, e := range f.Entries {
			if len(e.Categories) == 0 || e.Categories[0].Term != "document" {
				t.Errorf("%s documents feed: entry %v of categories %+v", lang, e.ID, e.Categories)
			}
		}
		var html []string
		for _, l := range f.Links {
			if l.Rel == "alternate" && l.Type == "text/html" {
				html = append(html, l.Href)
			}
		}
		if !slices.Equal(html, []string{s.URL + "/" + lang + "/browse/document"}) {
			t.Errorf("%s documents feed: the page it follows %v", lang, html)
		}
		if f := fetchFeed(t, s, "/"+lang+"/browse/testimony/feed.atom"); !slices.Equal(entryCodes(t, s, f), []string{"TST-000001"}) {
			t.Errorf("%s testimonies feed: %v", lang, entryCodes(t, s, f))
		}
		s.page(t, "/"+lang+"/browse/nothing/feed.atom", 404)
	}
	// An empty feed is still a valid feed.
	db := sqlitetest.Open(t)
	empty := serve(t, db, testSettings())
	if f := fetchFeed(t, empty, "/en/feed.atom"); len(f.Entries) != 0 {
		t.Errorf("empty archive: %d entries", len(f.Entries))
	}
}

// TestFeedLatest50: a feed holds the 50 most recently published.
func TestFeedLatest50(t *testing.T) {
	s := newSite(t)
	var recs []*dhakira.Record
	for i := range 60 {
		recs = append(recs, storetest.Rec(t, fmt.Sprintf(`{"kind":"diary","code":"DIA-1%05d","title":{"en":"Event %d"},"date":"2018-01-01"}`, i, i)))
	}
	for _, r := range recs {
		storetest.Put(t, s.store, false, r) // one at a time: each later than the one before
	}
	f := fetchFeed(t, s, "/en/browse/diary/feed.atom")
	codes := entryCodes(t, s, f)
	if len(codes) != 50 || codes[0] != "DIA-100059" || codes[49] != "DIA-100010" {
		t.Errorf("diary feed: %d entries, %v", len(codes), codes)
	}
	if all := entryCodes(t, s, fetchFeed(t, s, "/ar/feed.atom")); len(all) != 50 || all[0] != "DIA-100059" {
		t.Errorf("feed of every kind: %d entries, %v", len(all), all)
	}
}

// TestFeedCaching: an entity tag, answered with 304 while the archive is
// unchanged, and a new feed once it changes.
func TestFeedCaching(t *testing.T) {
	s := newSite(t)
	_, _, resp := s.get(t, "/en/feed.atom")
	tag := resp.Header.Get("ETag")
	if tag == "" || resp.Header.Get("Last-Modified") == "" {
		t.Fatalf("ETag %q, Last-Modified %q", tag, resp.Header.Get("Last-Modified"))
	}
	if status, _, _ := s.get(t, "/en/feed.atom", "If-None-Match", tag); status != 304 {
		t.Errorf("unchanged: %d, want 304", status)
	}
	storetest.Put(t, s.store, false, storetest.Rec(t, `{"kind":"video","code":"VID-000009","title":{"en":"A new video"}}`))
	status, body, resp := s.get(t, "/en/feed.atom", "If-None-Match", tag)
	if status != 200 || resp.Header.Get("ETag") == tag || !strings.Contains(body, "A new video") {
		t.Errorf("after a change: %d, ETag %q", status, resp.Header.Get("ETag"))
	}
}

// TestFeedAnnounced: pages name the feeds in their head, a list of one
// kind its own first.
func TestFeedAnnounced(t *testing.T) {
	s := newSite(t)
	for _, lang := range locale.Langs {
		home := s.page(t, "/"+lang+"/", 200)
		contains(t, "home", home, `<link rel="alternate" type="application/atom+xml" href="/`+lang+`/feed.atom" title="`+testSettings().Name.Get(lang)+` — `)
		list := s.page(t, "/"+lang+"/browse/video", 200)
		head := list[:strings.Index(list, "</head>")]
		i := strings.Index(head, `type="application/atom+xml" href="/`+lang+`/browse/video/feed.atom"`)
		j := strings.Index(head, `type="application/atom+xml" href="/`+lang+`/feed.atom"`)
		if i < 0 || j < i {
			t.Errorf("%s video list head:\n%s", lang, head)
		}
		record := s.page(t, "/"+lang+"/records/DOC-000001", 200)
		contains(t, "record", record, `href="/`+lang+`/feed.atom"`)
	}
	contains(t, "en video list", s.page(t, "/en/browse/video", 200), "Videos: newly published")
	contains(t, "ar video list", s.page(t, "/ar/browse/video", 200), "الفيديوهات: أحدث ما نُشر")
}
