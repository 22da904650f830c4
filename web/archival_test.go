package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/dhakira/dhakira/internal/xmlschema"
)

func TestArchivalAPI(t *testing.T) {
	s := newSite(t)
	putRecords(t, s.store, decodeFixture(t, []string{
		`{"kind":"person","code":"PER-odd.eac.xml","title":{"en":"A code with a suffix"}}`,
	}, true))

	xmlOK := func(path, schema string) string {
		t.Helper()
		status, body, resp := s.get(t, path)
		if status != 200 {
			t.Fatalf("GET %s: %d\n%s", path, status, excerptOf(body))
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/xml; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q", path, ct)
		}
		xmlschema.ValidateBytes(t, schema, "doc.xml", []byte(body))
		return body
	}

	ead := xmlOK("/api/v1/records/DOC-000001.ead3.xml", "ead3.xsd")
	contains(t, "DOC-000001.ead3.xml", ead,
		`<ead xmlns="http://ead3.archivists.org/schema/">`,
		`<unitid localtype="memory-code">DOC-000001</unitid>`,
		`<recordid instanceurl="`+s.URL+`/records/DOC-000001">DOC-000001</recordid>`,
		`href="`+s.URL+`/records/DOC-000001"`,
		`<unitdate normal="2017-10-19"`,
		`identifier="PLC-homs-central-prison"`,
		`<part localtype="governorate">Homs Governorate</part>`,
		`<part>Syrian Coalition</part>`,
		`<p lang="en">Reliability: unverified</p>`)
	if n := strings.Count(ead, `<c level="item"`); n != 1 {
		t.Errorf("DOC-000001.ead3.xml has %d components, want 1", n)
	}
	// DOC-000001 mentions a draft document and a person in review.
	lacks(t, "DOC-000001.ead3.xml", ead, "DOC-000005", "PER-000003", drafts["DOC-000005"], drafts["PER-000003"])

	attack := xmlOK("/api/v1/records/DOC-000004.ead3.xml", "ead3.xsd")
	contains(t, "DOC-000004.ead3.xml", attack, "&lt;script&gt;alert(1)&lt;/script&gt;", `<unitdate normal="2011-03-15/2011-04"`)
	lacks(t, "DOC-000004.ead3.xml", attack, "<script>", "<img")

	per := xmlOK("/api/v1/records/PER-000001.eac.xml", "eac-cpf-2.0.xsd")
	contains(t, "PER-000001.eac.xml", per,
		`<eac xmlns="https://archivists.org/ns/eac/v2">`,
		`<recordId>PER-000001</recordId>`,
		`<part>أحمد الشاهد</part>`, `<part>Ahmad al-Shahed</part>`, `<part>أبو محمد</part>`,
		`<fromDate standardDate="1980-05">1980-05</fromDate>`, `<toDate standardDate="2013">2013</toDate>`,
		`localType="member-of"`, `localType="witness-inverse"`, `localType="mentions-inverse"`,
		`valueURI="`+s.URL+`/records/ENT-000001"`)
	ent := xmlOK("/api/v1/records/ENT-000001.eac.xml", "eac-cpf-2.0.xsd")
	contains(t, "ENT-000001.eac.xml", ent, `<entityType value="corporateBody">`, `localType="issued-by-inverse"`, `DOC-000001`)
	// A draft document issued by ENT-000001 is not among its relations.
	lacks(t, "ENT-000001.eac.xml", ent, "DOC-000005", drafts["DOC-000005"])

	// A record whose own code ends in .eac.xml is its JSON; with the
	// suffix once more, its EAC-CPF.
	status, body, resp := s.get(t, "/api/v1/records/PER-odd.eac.xml")
	if status != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/") || strings.HasPrefix(body, "<?xml") {
		t.Errorf("PER-odd.eac.xml: %d %s", status, resp.Header.Get("Content-Type"))
	}
	xmlOK("/api/v1/records/PER-odd.eac.xml.eac.xml", "eac-cpf-2.0.xsd")

	// The record JSON is still there.
	status, body, resp = s.get(t, "/api/v1/records/DOC-000001")
	if status != 200 || strings.Contains(resp.Header.Get("Content-Type"), "xml") || !strings.Contains(body, `"DOC-000001"`) {
		t.Errorf("the record JSON: %d %s", status, resp.Header.Get("Content-Type"))
	}

	// HEAD answers without a body.
	req, _ := http.NewRequest("HEAD", s.URL+"/api/v1/records/DOC-000001.ead3.xml", nil)
	if resp, err := s.client.Do(req); err != nil || resp.StatusCode != 200 || resp.ContentLength > 0 {
		t.Errorf("HEAD: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}

	for _, tc := range []struct{ path, says string }{
		{"/api/v1/records/DOC-000005.ead3.xml", "no public record"}, // draft
		{"/api/v1/records/PER-000003.eac.xml", "no public record"},  // in review
		{"/api/v1/records/DIA-000006.ead3.xml", "no public record"}, // withdrawn
		{"/api/v1/records/DOC-999999.ead3.xml", "no public record"},
		{"/api/v1/records/PER-999999.eac.xml", "no public record"},
		{"/api/v1/records/..ead3.xml", "no public record"},
		{"/api/v1/records/PER-000001.ead3.xml", "PER-000001 is a person: EAD3 describes documents only; see /api/v1/records/PER-000001.eac.xml"},
		{"/api/v1/records/ENT-000001.ead3.xml", "ENT-000001 is an entity: EAD3 describes documents only; see /api/v1/records/ENT-000001.eac.xml"},
		{"/api/v1/records/DOC-000001.eac.xml", "EAC-CPF describes persons and entities only; see /api/v1/records/DOC-000001.ead3.xml"},
		{"/api/v1/records/VID-000001.ead3.xml", "VID-000001 is a video: EAD3 describes documents only"},
		{"/api/v1/records/SY04.eac.xml", "SY04 is a place"},
	} {
		status, body, resp := s.get(t, tc.path)
		var e struct{ Error string }
		json.Unmarshal([]byte(body), &e)
		if status != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || !strings.Contains(e.Error, tc.says) {
			t.Errorf("GET %s: %d %s %q, want a JSON 404 saying %q", tc.path, status, resp.Header.Get("Content-Type"), body, tc.says)
		}
	}
}
