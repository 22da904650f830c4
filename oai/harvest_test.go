package oai_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/editorial"
	"github.com/dhakira/dhakira/oai"
	"github.com/dhakira/dhakira/storetest"
)

// TestHarvestWhileChanging harvests the demo archive in small pages while
// the editors and an import change it between the pages: the harvest
// lists exactly what a harvest of the unchanged archive lists, each record
// once, as it stood when the harvest began (except that a record withdrawn
// meanwhile is announced as deleted rather than shown); the next
// incremental harvest (from= the first response's date) gets every change
// and nothing else; a draft shows in neither.
func TestHarvestWhileChanging(t *testing.T) {
	ctx := context.Background()
	a := newArchive(t, oai.Options{PageSize: 25}, loadGazetteer, loadDemo)
	svc := editorial.New(a.db)
	cli := editorial.CLI(ctx)
	edit := func(code string, change func(*dhakira.Record)) {
		t.Helper()
		rec, info, err := svc.Record(cli, code)
		if err != nil {
			t.Fatal(err)
		}
		change(rec)
		if _, err := svc.Update(cli, rec, info.Revision, "during a harvest"); err != nil {
			t.Fatalf("%s: %v", code, err)
		}
	}
	setStatus := func(code string, s dhakira.Status) {
		t.Helper()
		if _, err := svc.SetStatus(cli, code, s, "during a harvest"); err != nil {
			t.Fatalf("%s: %v", code, err)
		}
	}
	// Every record imported is then older than the harvest's first
	// response, which is what an incremental harvest starts from.
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 20*time.Millisecond)))

	// What a harvest of the unchanged archive lists.
	refPages := a.harvest(t, "verb=ListRecords&metadataPrefix=oai_dc", nil)
	ref := headersOf(refPages)
	if len(refPages) < 10 {
		t.Fatalf("%d pages: too few to change the archive between them", len(refPages))
	}
	titles := map[string]string{}
	for _, p := range refPages {
		for _, r := range p.records {
			titles[r.Header.Identifier] = strings.Join(r.DC.get("title", "en"), "")
		}
	}

	var newCode, secret string
	between := func(n int) {
		switch n {
		case 0: // the first page listed DIA-000001 … DIA-000025
			edit("DIA-000003", func(r *dhakira.Record) { r.Title.EN = "Edited after it was harvested" })
			edit("DOC-000005", func(r *dhakira.Record) { r.Title.EN = "Edited before it was harvested" })
			setStatus("VID-000002", dhakira.Withdrawn)
			setStatus("DIA-000004", dhakira.Withdrawn)
			setStatus("DOC-000018", dhakira.Published) // a draft until now
			var err error
			newCode, _, err = svc.Create(cli, storetest.Rec(t, `{"kind":"document","title":{"en":"Created during the harvest"},"status":"published","places":["SY04"]}`), "")
			if err != nil {
				t.Fatal(err)
			}
			secret, _, err = svc.Create(cli, storetest.Rec(t, `{"kind":"document","code":"DOC-secret","title":{"en":"A secret draft made during the harvest"},"status":"draft","places":["SY04"]}`), "")
			if err != nil {
				t.Fatal(err)
			}
		case 3:
			edit("ENT-000001", func(r *dhakira.Record) { r.Title.AR += " (تعديل)" })
			// An import replacing a record, as dhakira import --update does.
			rec, _, err := a.db.Record(ctx, "PER-000005", dhakira.Staff)
			if err != nil {
				t.Fatal(err)
			}
			rec.Title.EN = "Renamed by an import"
			storetest.Put(t, a.db, true, rec)
		}
	}
	pages := a.harvest(t, "verb=ListRecords&metadataPrefix=oai_dc", between)
	got := headersOf(pages)
	if newCode == "" {
		t.Fatal("the archive did not change during the harvest")
	}

	// Nothing lost, nothing repeated, in the same order.
	if len(got) != len(ref) {
		t.Errorf("the harvest listed %d records, the unchanged archive %d", len(got), len(ref))
	}
	seen := map[string]bool{}
	for i, h := range got {
		if seen[h.Identifier] {
			t.Errorf("%s listed twice", h.Identifier)
		}
		seen[h.Identifier] = true
		if i >= len(ref) {
			t.Errorf("%s listed beyond the unchanged archive's list", h.Identifier)
			continue
		}
		r := ref[i]
		if h.Identifier != r.Identifier || h.Datestamp != r.Datestamp || !slices.Equal(h.Sets, r.Sets) && h.Status == "" {
			t.Errorf("record %d: %+v, in the unchanged archive %+v", i, h, r)
		}
		wantDeleted := h.Identifier == id("VID-000002") // withdrawn before its page: its content goes to no one
		if (h.Status == "deleted") != wantDeleted {
			t.Errorf("%s: status %q", h.Identifier, h.Status)
		}
	}
	for _, p := range pages {
		for _, r := range p.records {
			if r.DC == nil {
				continue
			}
			if title := strings.Join(r.DC.get("title", "en"), ""); title != titles[r.Header.Identifier] {
				t.Errorf("%s: title %q, as the harvest began %q", r.Header.Identifier, title, titles[r.Header.Identifier])
			}
		}
	}
	for _, c := range []string{newCode, secret, "DOC-000018"} {
		if seen[id(c)] {
			t.Errorf("%s, not published when the harvest began, is in it", c)
		}
	}

	// The next harvest, from the first response's date: every change,
	// nothing else.
	from := pages[0].resp.ResponseDate
	incremental := a.harvest(t, "verb=ListRecords&metadataPrefix=oai_dc&from="+url.QueryEscape(from), nil)
	changes := map[string]oaiRecord{}
	for _, p := range incremental {
		for _, r := range p.records {
			if _, dup := changes[r.Header.Identifier]; dup {
				t.Errorf("%s listed twice", r.Header.Identifier)
			}
			changes[r.Header.Identifier] = r
			if r.Header.Datestamp < from {
				t.Errorf("%s: datestamp %s before from=%s", r.Header.Identifier, r.Header.Datestamp, from)
			}
		}
	}
	want := map[string]string{ // code → English title, or "deleted"
		"DIA-000003": "Edited after it was harvested",
		"DOC-000005": "Edited before it was harvested",
		"VID-000002": "deleted",
		"DIA-000004": "deleted",
		"DOC-000018": "Appeal attributed to the detainees of Homs Central Prison",
		newCode:      "Created during the harvest",
		"ENT-000001": titles[id("ENT-000001")],
		"PER-000005": "Renamed by an import",
	}
	if len(changes) != len(want) {
		var ids []string
		for i := range changes {
			ids = append(ids, i)
		}
		slices.Sort(ids)
		t.Errorf("the incremental harvest listed %d records, want the %d changed: %v", len(changes), len(want), ids)
	}
	for code, title := range want {
		r, ok := changes[id(code)]
		switch {
		case !ok:
			t.Errorf("the incremental harvest lacks %s", code)
		case title == "deleted":
			if r.Header.Status != "deleted" || r.DC != nil {
				t.Errorf("%s: %+v, want a deleted header without metadata", code, r)
			}
		case r.Header.Status != "" || r.DC == nil || strings.Join(r.DC.get("title", "en"), "") != title:
			t.Errorf("%s: %+v, want %q", code, r, title)
		}
	}
	if r, ok := changes[id("ENT-000001")]; ok && !strings.HasSuffix(strings.Join(r.DC.get("title", "ar"), ""), "(تعديل)") {
		t.Errorf("ENT-000001: the Arabic title edited during the harvest is not in the next one: %v", r.DC.get("title", "ar"))
	}
	if r, ok := changes[id(newCode)]; ok && !slices.Equal(r.Header.Sets, []string{"kind:document", "place:SY04"}) {
		t.Errorf("%s: sets %v", newCode, r.Header.Sets)
	}

	// Deleted records stay deleted, in every list and by identifier.
	r := a.get(t, "verb=GetRecord&metadataPrefix=oai_dc&identifier="+url.QueryEscape(id("VID-000002")))
	if h := r.GetRecord.Records[0]; h.Header.Status != "deleted" || h.DC != nil {
		t.Errorf("GetRecord of a withdrawn record: %+v", h)
	}
	if r := a.get(t, "verb=ListMetadataFormats&identifier="+url.QueryEscape(id("VID-000002"))); len(r.Formats) != 1 {
		t.Errorf("ListMetadataFormats of a withdrawn record: %s", r.body)
	}
	now := headersOf(a.harvest(t, "verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind:video", nil))
	if i := slices.IndexFunc(now, func(h oaiHeader) bool { return h.Identifier == id("VID-000002") }); i < 0 || now[i].Status != "deleted" {
		t.Errorf("set kind:video now: VID-000002 not listed as deleted")
	}
	if r := a.get(t, "verb=GetRecord&metadataPrefix=oai_dc&identifier="+url.QueryEscape(id(secret))); r.errorCode() != "idDoesNotExist" {
		t.Errorf("GetRecord of a draft made during the harvest: %q", r.errorCode())
	}
	a.neverShows(t, "A secret draft made during the harvest", "DOC-secret<")
	a.validate(t)
}
