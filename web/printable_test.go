package web

import (
	"strings"
	"testing"

	"github.com/dhakira/dhakira/internal/sqlitetest"
)

// Control characters and bidirectional overrides kept in a record's texts
// (and in a title stored before they were refused) never reach a page, a
// citation or an XML document raw.
func TestUnprintableNeverOut(t *testing.T) {
	db := sqlitetest.Open(t)
	putRecords(t, db, decodeFixture(t, fixture, true))
	putRecords(t, db, decodeFixture(t, []string{
		`{"kind":"document","code":"DOC-000077","title":{"en":"Legacy\u202e title\u0000 here","ar":"عنوان\u2066 قديم\u2069"},"type":"report","date":"2017-10-19",` +
			`"text":{"en":"First\u0000 line \u202eoverridden\u202c and \u2066isolated\u2069 text\u001b[31m red.\n\nSecond paragraph\u0007."},` +
			`"source":{"name":"Src","note":"note\u202d here\u0001"},"links":[{"rel":"issued-by","to":"ENT-000001","note":"n\u202eote"}]}`,
	}, false))
	s := serve(t, db, testSettings())
	bad := func(where, body string) {
		t.Helper()
		for _, r := range body {
			if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x202a && r <= 0x202e) || (where != "page" && r >= 0x2066 && r <= 0x2069) {
				i := strings.IndexRune(body, r)
				t.Errorf("%s: U+%04X at byte %d: %q", where, r, i, body[max(0, i-40):min(len(body), i+40)])
				return
			}
		}
	}
	for _, c := range []struct{ where, path string }{
		{"page", "/en/records/DOC-000077"},
		{"page", "/ar/records/DOC-000077"},
		{"page", "/en/browse/document"},
		{"page", "/en/records/ENT-000001"},
		{"bibtex", "/en/records/DOC-000077/cite.bib"},
		{"ris", "/ar/records/DOC-000077/cite.ris"},
		{"ead3", "/api/v1/records/DOC-000077.ead3.xml"},
		{"oai", "/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:dhakira:DOC-000077"},
		{"atom", "/en/feed.atom"},
	} {
		status, body, _ := s.get(t, c.path)
		if status != 200 {
			t.Errorf("%s: %d", c.path, status)
			continue
		}
		bad(c.where+" "+c.path, body)
		if c.where == "page" && c.path == "/en/records/DOC-000077" {
			// The user's isolates are gone from the text too.
			if strings.Contains(body, "\u2066isolated") {
				t.Errorf("the text's isolate reached the page")
			}
			if !strings.Contains(body, "overridden and isolated text[31m red.") {
				t.Errorf("the text is not shown, minus its controls")
			}
		}
	}
}
