package archival

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/gazetteer"
	"github.com/dhakira/dhakira/ingest"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/internal/xmlschema"
	"github.com/dhakira/dhakira/jsonl"
)

func TestFindingAidOfTheDemoArchive(t *testing.T) {
	ctx := context.Background()
	db := demoStore(t)
	settings := testSettings()
	var buf bytes.Buffer
	if err := FindingAid(ctx, &buf, db, settings); err != nil {
		t.Fatal(err)
	}
	xmlschema.ValidateBytes(t, "ead3.xsd", "demo.ead3.xml", buf.Bytes())

	// The same archive gives the same bytes.
	var again bytes.Buffer
	if err := FindingAid(ctx, &again, db, settings); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two finding aids of the same archive differ")
	}

	root := parseXML(t, buf.Bytes())
	if root.Name != "ead" || root.Space != EADNamespace {
		t.Fatalf("root is {%s}%s", root.Space, root.Name)
	}
	titles := byLang(root.kid("control").kid("filedesc").kid("titlestmt").kids("titleproper"))
	if titles["ar"] != "الذاكرة السورية" || titles["en"] != "Syrian Memory" {
		t.Errorf("titleproper = %v", titles)
	}
	archdesc := root.kid("archdesc")
	if archdesc.Attr["level"] != "collection" {
		t.Errorf("archdesc level %q", archdesc.Attr["level"])
	}

	got := items(root)
	recs := map[string]*dhakira.Record{}
	want := 0
	for _, r := range demoRecords(t) {
		recs[r.Code] = r
		if !slicesContains(EADKinds, r.Kind) {
			if _, ok := got[r.Code]; ok {
				t.Errorf("%s (a %s) is an item of the finding aid", r.Code, r.Kind)
			}
			continue
		}
		if r.Status != dhakira.Published {
			if _, ok := got[r.Code]; ok {
				t.Errorf("%s (%s) is in the finding aid", r.Code, r.Status)
			}
			if strings.Contains(buf.String(), r.Title.EN) {
				t.Errorf("the title of %s (%s) is in the finding aid", r.Code, r.Status)
			}
			continue
		}
		want++
		c, ok := got[r.Code]
		if !ok {
			t.Errorf("published %s %s is missing", r.Kind, r.Code)
			continue
		}
		did := c.kid("did")
		if tt := byLang(did.kids("unittitle")); tt["ar"] != strings.TrimSpace(r.Title.AR) || tt["en"] != strings.TrimSpace(r.Title.EN) {
			t.Errorf("%s unittitles %v, want %q / %q", r.Code, tt, r.Title.AR, r.Title.EN)
		}
		if r.Date != "" {
			if d := did.kid("unitdate"); d == nil || d.Attr["normal"] != r.Date {
				t.Errorf("%s unitdate %+v, want normal %q", r.Code, d, r.Date)
			}
		}
		if dao := did.kid("dao"); dao == nil || dao.Attr["href"] != settings.RecordURL(r.Code) {
			t.Errorf("%s has no dao to its permanent address %s", r.Code, settings.RecordURL(r.Code))
		}
		geo := map[string]bool{}
		for _, g := range c.all("geogname") {
			geo[g.Attr["identifier"]] = true
		}
		for _, p := range r.Places {
			if !geo[p] {
				t.Errorf("%s: place %s is not a geogname", r.Code, p)
			}
		}
		if odd := c.kid("odd"); odd == nil || odd.Attr["localtype"] != "reliability" || !strings.Contains(byLang(odd.kids("p"))["en"], string(r.Reliability)) {
			t.Errorf("%s: no reliability note saying %s", r.Code, r.Reliability)
		}
		if ps := c.kids("scopecontent"); r.Text.EN != "" && len(ps) == 0 {
			t.Errorf("%s has no scopecontent", r.Code)
		}
	}
	if len(got) != want {
		t.Errorf("%d items, want %d published documents, videos and testimonies", len(got), want)
	}

	// Documents are grouped by their issuer; a video is in its series.
	groups := map[string]string{} // item code → subseries id
	for _, c := range root.all("c") {
		if c.Attr["level"] != "subseries" {
			continue
		}
		for _, it := range c.kids("c") {
			groups[it.kid("did").kid("unitid").Text] = c.Attr["id"]
		}
	}
	issued := 0
	for code := range got {
		r := recs[code]
		if r.Kind != dhakira.KindDocument {
			if _, ok := groups[code]; ok {
				t.Errorf("%s (a %s) is in an issuer's subseries", code, r.Kind)
			}
			continue
		}
		wantGroup := "issuer-none"
		for _, l := range r.Links {
			if l.Rel == dhakira.RelIssuedBy && recs[l.To].Status == dhakira.Published {
				wantGroup = "issuer-" + l.To
				issued++
				break
			}
		}
		if groups[code] != wantGroup {
			t.Errorf("%s is in %q, want %q", code, groups[code], wantGroup)
		}
	}
	if issued == 0 {
		t.Error("no document of the demo is grouped under its issuer: the test tests nothing")
	}
	if n := len(root.all("c")); n == 0 {
		t.Fatal("no components")
	}
	series := map[string]bool{}
	for _, c := range archdesc.kid("dsc").kids("c") {
		series[c.Attr["id"]] = c.Attr["level"] == "series"
	}
	if !series["series-document"] || !series["series-video"] || !series["series-testimony"] || len(series) != 3 {
		t.Errorf("series = %v", series)
	}
}

func slicesContains(ks []dhakira.Kind, k dhakira.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

func TestFindingAidOfOneKind(t *testing.T) {
	ctx := context.Background()
	db := demoStore(t)
	var buf bytes.Buffer
	if err := FindingAid(ctx, &buf, db, testSettings(), dhakira.KindVideo); err != nil {
		t.Fatal(err)
	}
	xmlschema.ValidateBytes(t, "ead3.xsd", "videos.ead3.xml", buf.Bytes())
	root := parseXML(t, buf.Bytes())
	for code := range items(root) {
		if !strings.HasPrefix(code, "VID-") {
			t.Errorf("%s in a finding aid of videos", code)
		}
	}
	if len(items(root)) == 0 {
		t.Error("no video")
	}
	err := FindingAid(ctx, &bytes.Buffer{}, db, testSettings(), dhakira.KindPerson)
	if dhakira.ErrorCode(err) != dhakira.EINVALID {
		t.Errorf("a finding aid of persons: %v, want an EINVALID error", err)
	}
}

func TestDocumentFindingAid(t *testing.T) {
	ctx := context.Background()
	db := demoStore(t)
	settings := testSettings()
	recs := demoRecords(t)
	var files []string
	dir := t.TempDir()
	n := 0
	for _, r := range recs {
		var buf bytes.Buffer
		err := DocumentFindingAid(ctx, &buf, db, settings, r.Code)
		switch {
		case r.Status != dhakira.Published:
			if dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
				t.Errorf("%s (%s): %v, want ENOTFOUND", r.Code, r.Status, err)
			}
			continue
		case r.Kind != dhakira.KindDocument:
			var ke *KindError
			if !errors.As(err, &ke) || ke.Kind != r.Kind {
				t.Errorf("%s (a %s): %v, want a KindError", r.Code, r.Kind, err)
			}
			continue
		case err != nil:
			t.Fatalf("%s: %v", r.Code, err)
		}
		n++
		root := parseXML(t, buf.Bytes())
		got := items(root)
		if len(got) != 1 || got[r.Code] == nil {
			t.Errorf("%s: items %v, want the one document", r.Code, got)
		}
		if id := root.kid("control").kid("recordid"); id.Text != r.Code || id.Attr["instanceurl"] != settings.RecordURL(r.Code) {
			t.Errorf("%s: recordid %q %v", r.Code, id.Text, id.Attr)
		}
		events := root.kid("control").kid("maintenancehistory").kids("maintenanceevent")
		if len(events) != 1 || events[0].kid("eventtype").Attr["value"] != "created" {
			t.Errorf("%s: maintenance events %d", r.Code, len(events))
		}
		files = append(files, writeFile(t, dir, r.Code+".xml", buf.Bytes()))
	}
	if n == 0 {
		t.Fatal("no document")
	}
	xmlschema.Validate(t, "ead3.xsd", files...)
	if err := DocumentFindingAid(ctx, &bytes.Buffer{}, db, settings, "DOC-999999"); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("unknown code: %v", err)
	}
}

// TestFindingAidOverTheGazetteer places documents in every one of the 348
// places of the gazetteer, one each and all in one: every place is a
// geogname with its path, and the finding aid is still valid.
func TestFindingAidOverTheGazetteer(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	load(t, db, ingest.Options{Author: "gazetteer"}, jsonl.Bytes(gazetteer.SyriaFile, gazetteer.SyriaJSONL))
	places, err := gazetteer.Syria()
	if err != nil {
		t.Fatal(err)
	}
	if len(places) != 348 {
		t.Fatalf("%d places in the gazetteer", len(places))
	}
	var docs []string
	var all []string
	for _, p := range places {
		all = append(all, `"`+p.Code+`"`)
		docs = append(docs, `{"kind":"document","title":{"ar":"وثيقة عن `+p.Title.AR+`","en":"A document about `+p.Title.EN+`"},"places":["`+p.Code+`"]}`)
	}
	docs = append(docs, `{"kind":"document","code":"DOC-all","title":{"en":"Everywhere"},"places":[`+strings.Join(all, ",")+`]}`,
		`{"kind":"entity","code":"ENT-all","title":{"ar":"في كل مكان","en":"Everywhere"},"places":[`+strings.Join(all, ",")+`]}`)
	load(t, db, ingest.Options{}, lines("docs.jsonl", docs...))

	var buf bytes.Buffer
	if err := FindingAid(ctx, &buf, db, testSettings()); err != nil {
		t.Fatal(err)
	}
	xmlschema.ValidateBytes(t, "ead3.xsd", "gazetteer.ead3.xml", buf.Bytes())
	got := items(parseXML(t, buf.Bytes()))
	if len(got) != 349 {
		t.Fatalf("%d items, want 349", len(got))
	}
	var eac bytes.Buffer
	if err := AuthorityRecord(ctx, &eac, db, testSettings(), "ENT-all"); err != nil {
		t.Fatal(err)
	}
	xmlschema.ValidateBytes(t, "eac-cpf-2.0.xsd", "ENT-all.xml", eac.Bytes())
	if n := len(parseXML(t, eac.Bytes()).all("place")); n != 348 {
		t.Errorf("the entity in every place has %d places", n)
	}

	geo := map[string][]*elem{}
	for _, g := range got["DOC-all"].all("geogname") {
		geo[g.Attr["identifier"]] = append(geo[g.Attr["identifier"]], g)
	}
	byCode := map[string]*dhakira.Record{}
	for _, p := range places {
		byCode[p.Code] = p
	}
	for _, p := range places {
		gs := geo[p.Code]
		if len(gs) != 2 {
			t.Errorf("%s: %d geognames, want one in each language", p.Code, len(gs))
			continue
		}
		// The parts are the path from the governorate down.
		depth := 0
		for c := p; c != nil; c = byCode[c.Attrs.Parent] {
			depth++
		}
		for _, g := range gs {
			parts := g.kids("part")
			if len(parts) != depth {
				t.Errorf("%s: %d parts, want %d", p.Code, len(parts), depth)
				continue
			}
			last := parts[len(parts)-1]
			if last.Text != strings.TrimSpace(p.Title.Get(g.Attr["lang"])) || last.Attr["localtype"] != p.Type {
				t.Errorf("%s: last part %q %v", p.Code, last.Text, last.Attr)
			}
			if p.Attrs.Lat != nil && g.kid("geographiccoordinates") == nil {
				t.Errorf("%s: no coordinates", p.Code)
			}
		}
	}
}
