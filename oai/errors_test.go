package oai_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira/oai"
	"github.com/dhakira/dhakira/storetest"
)

// TestErrors: every error condition of the protocol, each answered as the
// protocol says (a valid response with the error's code; the bare base URL
// in the request element after badVerb and badArgument).
func TestErrors(t *testing.T) {
	a := newArchive(t, oai.Options{PageSize: 10}, loadGazetteer, loadDemo)
	doc := url.QueryEscape(id("DOC-000001"))
	draft := url.QueryEscape(id("DOC-000018"))
	// A token of each list verb, to misuse.
	idsToken := a.get(t, "verb=ListIdentifiers&metadataPrefix=oai_dc").ListIdentifiers.Token.Value
	recsToken := a.get(t, "verb=ListRecords&metadataPrefix=oai_dc&set=kind:place").ListRecords.Token.Value
	tampered := []byte(idsToken)
	tampered[5] ^= 1
	for _, c := range []struct {
		query, want string
	}{
		{"", "badVerb"},
		{"verb=", "badVerb"},
		{"verb=Nope", "badVerb"},
		{"verb=identify", "badVerb"},
		{"verb=Identify&verb=Identify", "badVerb"},
		{"verb=Identify&verb=ListSets", "badVerb"},
		{"metadataPrefix=oai_dc", "badVerb"},

		{"verb=Identify&set=kind:place", "badArgument"},
		{"verb=Identify&x=1", "badArgument"},
		{"verb=ListSets&metadataPrefix=oai_dc", "badArgument"},
		{"verb=ListMetadataFormats&metadataPrefix=oai_dc", "badArgument"},
		{"verb=GetRecord&metadataPrefix=oai_dc", "badArgument"},
		{"verb=GetRecord&identifier=" + doc, "badArgument"},
		{"verb=GetRecord&identifier=" + doc + "&metadataPrefix=oai_dc&from=2020-01-01", "badArgument"},
		{"verb=GetRecord&identifier=" + doc + "&identifier=" + doc + "&metadataPrefix=oai_dc", "badArgument"},
		{"verb=GetRecord&identifier=not%20a%20uri&metadataPrefix=oai_dc", "badArgument"},
		{"verb=GetRecord&identifier=" + doc + "&metadataPrefix=oai%20dc", "badArgument"},
		{"verb=ListRecords", "badArgument"},
		{"verb=ListIdentifiers&from=2020-01-01", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&set=", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&set=kind:", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&set=kind%3Aplace&set=kind%3Adiary", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&from=yesterday", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&from=2020-13-01", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01T00:00:00", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01T00:00:00.5Z", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&until=2020-01-01T00:00:00%2B02:00", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-02&until=2020-01-01", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01T00:00:01Z&until=2020-01-01T00:00:00Z", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2020-02-01T00:00:00Z", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=" + url.QueryEscape(recsToken), "badArgument"},
		{"verb=ListIdentifiers&resumptionToken=" + url.QueryEscape(idsToken) + "&set=kind:place", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&x=%zz", "badArgument"},

		{"verb=ListRecords&resumptionToken=garbage", "badResumptionToken"},
		{"verb=ListRecords&resumptionToken=" + url.QueryEscape(idsToken), "badResumptionToken"},
		{"verb=ListIdentifiers&resumptionToken=" + url.QueryEscape(string(tampered)), "badResumptionToken"},
		{"verb=ListIdentifiers&resumptionToken=" + url.QueryEscape(idsToken+"x"), "badResumptionToken"},
		{"verb=ListSets&resumptionToken=anything", "badResumptionToken"},

		{"verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"},
		{"verb=ListIdentifiers&metadataPrefix=oai_ead&set=kind:place", "cannotDisseminateFormat"},
		{"verb=GetRecord&metadataPrefix=marc21&identifier=" + doc, "cannotDisseminateFormat"},

		{"verb=GetRecord&metadataPrefix=oai_dc&identifier=" + url.QueryEscape(id("DOC-999999")), "idDoesNotExist"},
		{"verb=GetRecord&metadataPrefix=oai_dc&identifier=" + draft, "idDoesNotExist"},
		{"verb=GetRecord&metadataPrefix=oai_dc&identifier=" + url.QueryEscape("oai:elsewhere.org:DOC-000001"), "idDoesNotExist"},
		{"verb=GetRecord&metadataPrefix=oai_dc&identifier=DOC-000001", "idDoesNotExist"},
		{"verb=GetRecord&metadataPrefix=oai_dc&identifier=" + url.QueryEscape(id("bad/code")), "idDoesNotExist"},
		{"verb=ListMetadataFormats&identifier=" + url.QueryEscape(id("DOC-999999")), "idDoesNotExist"},
		{"verb=ListMetadataFormats&identifier=" + draft, "idDoesNotExist"},

		{"verb=ListRecords&metadataPrefix=oai_dc&set=kind:nope", "noRecordsMatch"},
		{"verb=ListRecords&metadataPrefix=oai_dc&set=place:SY99", "noRecordsMatch"},
		{"verb=ListRecords&metadataPrefix=oai_dc&set=place:SY0400", "noRecordsMatch"}, // sets by place are governorates
		{"verb=ListRecords&metadataPrefix=oai_dc&set=other", "noRecordsMatch"},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&from=2999-01-01", "noRecordsMatch"},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&until=1999-12-31T23:59:59Z", "noRecordsMatch"},
	} {
		r := a.get(t, c.query)
		if got := r.errorCode(); got != c.want {
			t.Errorf("%s: %q %v, want %s", c.query, got, r.Errors, c.want)
			continue
		}
		if strings.TrimSpace(r.Errors[0].Msg) == "" {
			t.Errorf("%s: an error without a message", c.query)
		}
		bare := c.want == "badVerb" || c.want == "badArgument"
		if bare != (len(r.Request.Attrs) == 0) {
			t.Errorf("%s: request element attributes %v", c.query, r.Request.Attrs)
		}
		if r.Request.URL != baseURL+"/oai" {
			t.Errorf("%s: request element %q", c.query, r.Request.URL)
		}
		if r.ListRecords != nil || r.ListIdentifiers != nil || r.GetRecord != nil || r.Identify != nil {
			t.Errorf("%s: an answer with the error:\n%s", c.query, r.body)
		}
	}
	// Good requests echo their arguments.
	r := a.get(t, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind:place&from=2000-01-01&until=2999-01-01")
	attrs := map[string]string{}
	for _, at := range r.Request.Attrs {
		attrs[at.Name.Local] = at.Value
	}
	if len(attrs) != 5 || attrs["verb"] != "ListIdentifiers" || attrs["set"] != "kind:place" || attrs["from"] != "2000-01-01" || attrs["until"] != "2999-01-01" {
		t.Errorf("request element attributes %v", attrs)
	}
	a.validate(t)
}

// TestEmptyArchive: an archive without records answers every verb.
func TestEmptyArchive(t *testing.T) {
	a := newArchive(t, oai.Options{})
	if r := a.get(t, "verb=Identify"); r.Identify == nil || r.Identify.EarliestDatestamp == "" {
		t.Errorf("Identify: %s", r.body)
	}
	if r := a.get(t, "verb=ListSets"); len(r.Sets) != 7 {
		t.Errorf("ListSets of an empty archive: %d sets, want the 7 kinds", len(r.Sets))
	}
	for _, q := range []string{"verb=ListRecords&metadataPrefix=oai_dc", "verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind:place"} {
		if got := a.get(t, q).errorCode(); got != "noRecordsMatch" {
			t.Errorf("%s: %q, want noRecordsMatch", q, got)
		}
	}
	a.validate(t)
}

// TestTokensExpire: a resumption token is good for TokenLifetime, and not
// for a snapshot the archive has moved on from for longer than that.
func TestTokensExpire(t *testing.T) {
	a := newArchive(t, oai.Options{PageSize: 100, TokenLifetime: time.Hour}, loadGazetteer)
	start := time.Now()
	a.now = func() time.Time { return start }
	tok := a.get(t, "verb=ListIdentifiers&metadataPrefix=oai_dc").ListIdentifiers.Token.Value
	next := "verb=ListIdentifiers&resumptionToken=" + url.QueryEscape(tok)
	a.now = func() time.Time { return start.Add(59 * time.Minute) }
	if r := a.get(t, next); r.errorCode() != "" {
		t.Fatalf("a token 59 minutes old: %v", r.Errors)
	}
	a.now = func() time.Time { return start.Add(61 * time.Minute) }
	if got := a.get(t, next).errorCode(); got != "badResumptionToken" {
		t.Errorf("a token 61 minutes old: %q, want badResumptionToken", got)
	}

	// A harvest started now, on an archive that changed after its
	// snapshot more than the lifetime ago (as with a made-up token
	// naming an old snapshot): refused.
	a.now = func() time.Time { return start.Add(10 * time.Minute) }
	tok = a.get(t, "verb=ListIdentifiers&metadataPrefix=oai_dc").ListIdentifiers.Token.Value
	next = "verb=ListIdentifiers&resumptionToken=" + url.QueryEscape(tok)
	storetest.Put(t, a.db, false, storetest.Rec(t, `{"kind":"document","code":"LATER","title":{"en":"a change after the snapshot"}}`))
	a.now = func() time.Time { return start.Add(50 * time.Minute) }
	if r := a.get(t, next); r.errorCode() != "" {
		t.Errorf("a token whose snapshot changed 50 minutes ago: %v", r.Errors)
	}
	a.now = func() time.Time { return time.Now().Add(65 * time.Minute) }
	if got := a.get(t, next).errorCode(); got != "badResumptionToken" {
		t.Errorf("a token whose snapshot changed over an hour ago: %q, want badResumptionToken", got)
	}
	a.validate(t)
}
