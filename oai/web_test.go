package oai_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dhakira/dhakira/config"
	"github.com/dhakira/dhakira/sqlite"
	"github.com/dhakira/dhakira/web"
)

// TestMountedOnTheSite: the public site answers OAI-PMH at /oai, by GET
// and POST; without a public address set, addresses are completed from the
// request and identifiers are oai:dhakira:CODE.
func TestMountedOnTheSite(t *testing.T) {
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loadGazetteer(t, db)
	loadDemo(t, db)
	srv := httptest.NewServer(web.New(db, config.Default()))
	defer srv.Close()
	a := &archive{db: db, srv: srv}

	r := a.get(t, "verb=Identify")
	if r.Identify == nil || r.Identify.BaseURL != srv.URL+"/oai" || r.Request.URL != srv.URL+"/oai" {
		t.Fatalf("Identify on the site:\n%s", r.body)
	}
	if r.Identify.AdminEmail != "contact-not-set@example.invalid" {
		t.Errorf("adminEmail without a contact: %q", r.Identify.AdminEmail)
	}
	r = a.post(t, "verb=GetRecord&metadataPrefix=oai_dc&identifier="+url.QueryEscape("oai:dhakira:DOC-000001"))
	if r.GetRecord == nil || !slices.Contains(r.GetRecord.Records[0].DC.get("identifier", ""), srv.URL+"/records/DOC-000001") {
		t.Fatalf("GetRecord by POST on the site:\n%s", r.body)
	}
	// The permanent address leads to the record's page.
	res, err := http.Get(srv.URL + "/records/DOC-000001")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(page), "Homs Central Prison") {
		t.Errorf("the record's permanent address: %d", res.StatusCode)
	}
	r = a.get(t, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind:entity")
	if l := r.ListIdentifiers; l == nil || len(l.Headers) == 0 || l.Headers[0].Identifier != "oai:dhakira:ENT-000001" {
		t.Errorf("ListIdentifiers on the site:\n%s", r.body)
	}
	req, _ := http.NewRequest(http.MethodPut, srv.URL+"/oai?verb=Identify", nil)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("PUT /oai: %d", res.StatusCode)
	}
	var x struct{ XMLName xml.Name }
	if err := xml.Unmarshal(r.body, &x); err != nil || x.XMLName.Local != "OAI-PMH" {
		t.Errorf("not an OAI-PMH response: %v", err)
	}
	a.validate(t)
}
