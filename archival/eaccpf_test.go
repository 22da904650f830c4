package archival

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/ingest"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/internal/xmlschema"
)

// TestAuthorityRecordsOfTheDemoArchive writes every person and entity of
// the demo archive as EAC-CPF and validates them all.
func TestAuthorityRecordsOfTheDemoArchive(t *testing.T) {
	ctx := context.Background()
	db := demoStore(t)
	settings := testSettings()
	recs := demoRecords(t)
	byCode := map[string]*dhakira.Record{}
	var want []string
	for _, r := range recs {
		byCode[r.Code] = r
		if slicesContains(EACKinds, r.Kind) && r.Status == dhakira.Published {
			want = append(want, r.Code)
		}
	}
	codes, err := AuthorityCodes(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(codes, " ") != strings.Join(want, " ") {
		t.Fatalf("AuthorityCodes = %v\nwant %v", codes, want)
	}
	persons, err := AuthorityCodes(ctx, db, dhakira.KindPerson)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range persons {
		if !strings.HasPrefix(c, "PER-") {
			t.Errorf("%s among the persons", c)
		}
	}
	if _, err := AuthorityCodes(ctx, db, dhakira.KindDocument); dhakira.ErrorCode(err) != dhakira.EINVALID {
		t.Errorf("AuthorityCodes of documents: %v", err)
	}

	// Links made to a record, by published records, appear as its
	// relations from its side.
	type link struct {
		from string
		rel  dhakira.Rel
	}
	inverse := map[string][]link{} // by target
	for _, r := range recs {
		if r.Status != dhakira.Published {
			continue
		}
		for _, l := range r.Links {
			inverse[l.To] = append(inverse[l.To], link{r.Code, l.Rel})
		}
	}
	dir := t.TempDir()
	var files []string
	checkedInverse := 0
	for _, code := range codes {
		r := byCode[code]
		var buf bytes.Buffer
		if err := AuthorityRecord(ctx, &buf, db, settings, code); err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		files = append(files, writeFile(t, dir, code+".xml", buf.Bytes()))
		root := parseXML(t, buf.Bytes())
		if root.Name != "eac" || root.Space != EACNamespace {
			t.Fatalf("%s: root {%s}%s", code, root.Space, root.Name)
		}
		if id := root.kid("control").kid("recordId").Text; id != code {
			t.Errorf("%s: recordId %q", code, id)
		}
		identity := root.kid("cpfDescription").kid("identity")
		wantType := map[dhakira.Kind]string{dhakira.KindPerson: "person", dhakira.KindEntity: "corporateBody"}[r.Kind]
		if got := identity.kid("entityType").Attr["value"]; got != wantType {
			t.Errorf("%s: entityType %q, want %q", code, got, wantType)
		}
		names := map[string]string{}
		aliases := 0
		for _, n := range identity.kids("nameEntry") {
			if n.Attr["status"] == "authorized" {
				names[n.Attr["languageOfElement"]] = n.kid("part").Text
			} else {
				aliases++
			}
		}
		if names["ar"] != strings.TrimSpace(r.Title.AR) || names["en"] != strings.TrimSpace(r.Title.EN) {
			t.Errorf("%s: names %v, want %q / %q", code, names, r.Title.AR, r.Title.EN)
		}
		if aliases != len(r.Attrs.Aliases) {
			t.Errorf("%s: %d other names, want %d", code, aliases, len(r.Attrs.Aliases))
		}
		targets := map[string]map[string]bool{} // code → relation types
		for _, rel := range root.all("relation") {
			var target string
			for _, p := range rel.kid("targetEntity").kids("part") {
				if p.Attr["localType"] == "memory-code" {
					target = p.Text
				}
			}
			if targets[target] == nil {
				targets[target] = map[string]bool{}
			}
			targets[target][rel.kid("relationType").Attr["localType"]] = true
		}
		for _, l := range r.Links {
			if byCode[l.To].Status == dhakira.Published && !targets[l.To][string(l.Rel)] {
				t.Errorf("%s: link %s to %s is not a relation (%v)", code, l.Rel, l.To, targets[l.To])
			}
		}
		for _, l := range inverse[code] {
			checkedInverse++
			if !targets[l.from][string(l.rel)+"-inverse"] {
				t.Errorf("%s: the %s link from %s is not a relation (%v)", code, l.rel, l.from, targets[l.from])
			}
		}
		for target := range targets {
			if b := byCode[target]; b == nil || b.Status != dhakira.Published {
				t.Errorf("%s: relation to %s, which the public may not see", code, target)
			}
		}
		if r.Attrs.Born != "" {
			from := root.all("fromDate")
			if len(from) != 1 || from[0].Text != r.Attrs.Born {
				t.Errorf("%s: born %s, fromDate %v", code, r.Attrs.Born, from)
			}
		}
		if r.Kind == dhakira.KindEntity && r.Date != "" && len(root.all("existDates")) != 1 {
			t.Errorf("%s: no existDates for %s", code, r.Date)
		}
	}
	if checkedInverse == 0 {
		t.Error("no link to a person or entity: the inverse relations were not tested")
	}
	xmlschema.Validate(t, "eac-cpf-2.0.xsd", files...)

	// The demo's draft person is not there, and no record points to it.
	for _, r := range recs {
		if !slicesContains(EACKinds, r.Kind) || r.Status == dhakira.Published {
			continue
		}
		if err := AuthorityRecord(ctx, &bytes.Buffer{}, db, settings, r.Code); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
			t.Errorf("%s (%s): %v, want ENOTFOUND", r.Code, r.Status, err)
		}
	}
	var ke *KindError
	if err := AuthorityRecord(ctx, &bytes.Buffer{}, db, settings, "DOC-000001"); !errors.As(err, &ke) || ke.Kind != dhakira.KindDocument {
		t.Errorf("a document: %v, want a KindError", err)
	}
}

// TestAuthorityRecordHistory keeps every revision as a maintenance event,
// without the names of those who made them.
func TestAuthorityRecordHistory(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	load(t, db, ingest.Options{Author: "import (alice@host.example)"}, lines("a.jsonl",
		`{"kind":"person","code":"PER-1","title":{"ar":"سميرة","en":"Samira"}}`))
	load(t, db, ingest.Options{Update: true, Author: "bob@example.org"}, lines("b.jsonl",
		`{"kind":"person","code":"PER-1","title":{"ar":"سميرة","en":"Samira"},"text":{"en":"A writer."},"reliability":"correct"}`))
	var buf bytes.Buffer
	if err := AuthorityRecord(ctx, &buf, db, testSettings(), "PER-1"); err != nil {
		t.Fatal(err)
	}
	xmlschema.ValidateBytes(t, "eac-cpf-2.0.xsd", "PER-1.xml", buf.Bytes())
	root := parseXML(t, buf.Bytes())
	ctl := root.kid("control")
	if ctl.Attr["maintenanceStatus"] != "revised" {
		t.Errorf("maintenanceStatus %q", ctl.Attr["maintenanceStatus"])
	}
	events := ctl.kid("maintenanceHistory").kids("maintenanceEvent")
	if len(events) != 2 || events[0].Attr["maintenanceEventType"] != "created" || events[1].Attr["maintenanceEventType"] != "revised" {
		t.Fatalf("events %d", len(events))
	}
	if d := events[1].kid("eventDescription").Text; d != "revision 2: text, reliability" {
		t.Errorf("second event says %q", d)
	}
	if dt := events[1].kid("eventDateTime").Attr["standardDateTime"]; !strings.HasSuffix(dt, "Z") || len(dt) != 20 {
		t.Errorf("eventDateTime %q", dt)
	}
	if term := ctl.kid("localControl").kid("term").Text; term != "correct" {
		t.Errorf("reliability %q", term)
	}
	for _, who := range []string{"alice", "bob", "host.example"} {
		if strings.Contains(buf.String(), who) {
			t.Errorf("the record names %q, an author of its revisions", who)
		}
	}
}
