package editorial_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/editorial"
	"github.com/dhakira/dhakira/ingest"
	"github.com/dhakira/dhakira/jsonl"
)

// TestImportIsAudited: an import through the service leaves one entry in
// the audit log, naming who ran it, its files and what it wrote by kind; a
// failed import and one the role does not allow leave none and write
// nothing.
func TestImportIsAudited(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	in := []ingest.Input{
		jsonl.Bytes("a.jsonl", []byte(`{"kind":"document","code":"D1","title":{"en":"x"},"links":[{"to":"P1"}]}`+"\n"+`{"kind":"document","code":"D2","title":{"en":"y"}}`)),
		jsonl.Bytes("b.jsonl", []byte(`{"kind":"person","code":"P1","title":{"en":"z"}}`)),
	}
	before, _ := e.svc.AuditLog(editorial.CLI(ctx), 0, 1000)

	if _, err := e.svc.Import(e.as["researcher"], in, ingest.Options{}); dhakira.ErrorCode(err) != dhakira.EFORBIDDEN {
		t.Errorf("a researcher's import: %v", err)
	}
	bad := []ingest.Input{jsonl.Bytes("bad.jsonl", []byte(`{"kind":"document","title":{"en":"x"},"date":"2017-13-01"}`))}
	var ie *ingest.Error
	if _, err := e.svc.Import(editorial.CLI(ctx), bad, ingest.Options{}); !errors.As(err, &ie) {
		t.Errorf("a bad import: %v", err)
	}
	if log, _ := e.svc.AuditLog(editorial.CLI(ctx), 0, 1000); len(log) != len(before) {
		t.Errorf("a refused or failed import was logged: %+v", log[len(before):])
	}

	sum, err := e.svc.Import(editorial.CLI(ctx), in, ingest.Options{Author: "import (ana@host)"})
	if err != nil || sum.Created != 3 {
		t.Fatalf("import: %+v %v", sum, err)
	}
	log, _ := e.svc.AuditLog(editorial.CLI(ctx), 0, 1000)
	if len(log) != len(before)+1 {
		t.Fatalf("audit log after one import: %+v", log[len(before):])
	}
	got := log[len(log)-1]
	want := dhakira.AuditEntry{Actor: "cli", Action: "import", Target: "a.jsonl b.jsonl", Detail: "document 2, person 1; 3 new, 0 updated; revisions by import (ana@host)"}
	if got.Actor != want.Actor || got.Action != want.Action || got.Target != want.Target || got.Detail != want.Detail || got.At.IsZero() {
		t.Errorf("audit entry:\n got %+v\nwant %+v", got, want)
	}
	revs, _ := e.store.Revisions(ctx, "D1")
	if len(revs) != 1 || revs[0].Author != "import (ana@host)" {
		t.Errorf("revision author: %+v", revs)
	}

	// A reviewer imports as themselves; an update says what it replaced.
	in[1] = jsonl.Bytes("b.jsonl", []byte(`{"kind":"person","code":"P1","title":{"en":"renamed"}}`))
	if _, err := e.svc.Import(e.as["reviewer"], in[1:], ingest.Options{Update: true}); err != nil {
		t.Fatal(err)
	}
	log, _ = e.svc.AuditLog(editorial.CLI(ctx), 0, 1000)
	if got := log[len(log)-1]; got.Actor != "reviewer@example.org" || got.Target != "b.jsonl" || !strings.HasPrefix(got.Detail, "person 1; 0 new, 1 updated") || strings.Contains(got.Detail, "revisions by") {
		t.Errorf("reviewer's update: %+v", got)
	}
}
