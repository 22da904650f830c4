package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
)

var (
	shaA = strings.Repeat("a", 64)
	shaB = strings.Repeat("b", 64)
	shaC = strings.Repeat("c", 64)
)

func fileJSON(sha string) string {
	return `{"sha256":"` + sha + `","name":"f.pdf","type":"application/pdf","size":3}`
}

// testFiles: a record's files are kept in its revisions, and a file is the
// public's only while the current revision of a published record carries it.
func testFiles(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	carried := func(sha string, a dhakira.Audience) bool {
		t.Helper()
		ok, err := s.FileCarried(ctx, sha, a)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	Put(t, s, false,
		Rec(t, `{"kind":"document","code":"DOC-1","title":{"en":"Published"},"files":[`+fileJSON(shaA)+`,`+fileJSON(shaB)+`]}`),
		Rec(t, `{"kind":"document","code":"DOC-2","title":{"en":"Draft"},"status":"draft","files":[`+fileJSON(shaC)+`]}`),
	)
	r, _, err := s.Record(ctx, "DOC-1", dhakira.Public)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Files) != 2 || r.Files[0].SHA256 != shaA || r.Files[1].Role != dhakira.RoleOriginal || r.Files[0].Size != 3 {
		t.Fatalf("files read back: %+v", r.Files)
	}
	if !carried(shaA, dhakira.Public) || !carried(shaB, dhakira.Public) {
		t.Error("a published record's files are not the public's")
	}
	if carried(shaC, dhakira.Public) {
		t.Error("a draft's file is the public's")
	}
	if !carried(shaC, dhakira.Staff) {
		t.Error("the team does not see a draft's file")
	}
	if carried(strings.Repeat("d", 64), dhakira.Staff) {
		t.Error("a file no record carries is carried")
	}
	// Removing a file is a revision: the old one keeps it, the public loses it.
	r.Files = r.Files[1:]
	if _, _, err := s.SaveRecord(ctx, r, 1, "ed", "remove a file"); err != nil {
		t.Fatal(err)
	}
	if carried(shaA, dhakira.Public) {
		t.Error("a file removed from the current revision is still the public's")
	}
	old, err := s.Revision(ctx, "DOC-1", 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(old.Record.Files) != 2 {
		t.Errorf("revision 1 lost its files: %+v", old.Record.Files)
	}
	revs, _ := s.Revisions(ctx, "DOC-1")
	if len(revs) != 2 || !slices.Contains(revs[1].Changed, "files") {
		t.Errorf("revisions: %+v", revs)
	}
	// Withdrawing the record hides the rest.
	r.Status = dhakira.Withdrawn
	if _, _, err := s.SaveRecord(ctx, r, 2, "ed", "withdraw"); err != nil {
		t.Fatal(err)
	}
	if carried(shaB, dhakira.Public) {
		t.Error("a withdrawn record's file is the public's")
	}
	// Publishing the draft makes its file public.
	d, _, _ := s.Record(ctx, "DOC-2", dhakira.Staff)
	d.Status = dhakira.Published
	if _, _, err := s.SaveRecord(ctx, d, 1, "ed", "publish"); err != nil {
		t.Fatal(err)
	}
	if !carried(shaC, dhakira.Public) {
		t.Error("a file of a record just published is not the public's")
	}
	codes, err := s.FileCarriers(ctx, shaC, dhakira.Public)
	if err != nil || !slices.Equal(codes, []string{"DOC-2"}) {
		t.Errorf("carriers of C: %v, %v", codes, err)
	}
	// A stored record never has a path.
	tx, _ := s.BeginImport(ctx, "test")
	defer tx.Rollback()
	bad := Rec(t, `{"kind":"document","title":{"en":"x"},"files":[{"path":"a.pdf"}]}`)
	if _, err := tx.Put(ctx, bad, false); dhakira.ErrorCode(err) != dhakira.EINVALID {
		t.Errorf("a record with a file path was stored: %v", err)
	}
}

// testJobs: the media queue is durable, leased, retried and bounded.
func testJobs(t *testing.T, s dhakira.BackOfficeStore) {
	ctx := context.Background()
	if _, err := s.ClaimJob(ctx, time.Minute); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Fatalf("claim from an empty queue: %v", err)
	}
	// A record bringing files queues one job per file, once.
	Put(t, s, false,
		Rec(t, `{"kind":"document","code":"DOC-1","title":{"en":"a"},"files":[`+fileJSON(shaA)+`]}`),
		Rec(t, `{"kind":"document","code":"DOC-2","title":{"en":"b"},"files":[`+fileJSON(shaA)+`,`+fileJSON(shaB)+`]}`),
	)
	if err := s.AddJob(ctx, shaA, dhakira.JobPrepare); err != nil {
		t.Fatal(err)
	}
	j1, err := s.ClaimJob(ctx, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	j2, err := s.ClaimJob(ctx, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if j1.SHA256 != shaA || j2.SHA256 != shaB || j1.Kind != dhakira.JobPrepare || j1.Attempts != 1 {
		t.Fatalf("claimed %+v then %+v", j1, j2)
	}
	if _, err := s.ClaimJob(ctx, time.Hour); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Fatalf("a leased job was claimed again: %v", err)
	}
	if err := s.FinishJob(ctx, j1.ID, 1, ""); err != nil {
		t.Fatal(err)
	}
	jobs, _ := s.FileJobs(ctx, shaA)
	if len(jobs) != 1 || jobs[0].State != dhakira.JobDone {
		t.Errorf("jobs of A: %+v", jobs)
	}
	// A failure goes back to the queue until the attempts run out.
	for i := 1; i <= dhakira.MaxJobAttempts; i++ {
		if err := s.FinishJob(ctx, j2.ID, 1, "ffmpeg failed"); err != nil {
			t.Fatal(err)
		}
		if i == dhakira.MaxJobAttempts {
			break
		}
		j, err := s.ClaimJob(ctx, time.Hour)
		if err != nil || j.ID != j2.ID || j.Attempts != i+1 {
			t.Fatalf("retry %d: %+v, %v", i, j, err)
		}
	}
	jobs, _ = s.FileJobs(ctx, shaB)
	if len(jobs) != 1 || jobs[0].State != dhakira.JobFailed || jobs[0].Error != "ffmpeg failed" {
		t.Errorf("jobs of B: %+v", jobs)
	}
	// An expired lease (a worker that died) lets another take the job.
	if err := s.AddJob(ctx, shaC, dhakira.JobPrepare); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ClaimJob(ctx, -time.Second); err != nil {
		t.Fatal(err)
	}
	j, err := s.ClaimJob(ctx, time.Hour)
	if err != nil || j.SHA256 != shaC || j.Attempts != 2 {
		t.Errorf("a job whose lease ran out: %+v, %v", j, err)
	}
	// A worker with a feature the others lacked (a tool installed since)
	// takes back the jobs they did or gave up, and only those.
	if n, err := s.RedoJobs(ctx, dhakira.JobPrepare, 1); err != nil || n != 0 {
		t.Errorf("redo with the same tools: %d, %v", n, err)
	}
	if n, err := s.RedoJobs(ctx, dhakira.JobPrepare, 3); err != nil || n != 2 {
		t.Errorf("redo with a tool more: %d jobs, %v; want A's done job and B's failed one", n, err)
	}
	j, err = s.ClaimJob(ctx, time.Hour)
	if err != nil || j.SHA256 != shaA || j.Attempts != 1 || j.Tools != 1 {
		t.Fatalf("redone job: %+v, %v", j, err)
	}
	if err := s.FinishJob(ctx, j.ID, 3, ""); err != nil {
		t.Fatal(err)
	}
	if n, err := s.RedoJobs(ctx, dhakira.JobPrepare, 3); err != nil || n != 0 {
		t.Errorf("redo again: %d, %v; the redone job was done with every tool, B waits its turn", n, err)
	}
	jobs, _ = s.FileJobs(ctx, shaB)
	if len(jobs) != 1 || jobs[0].State != dhakira.JobPending || jobs[0].Attempts != 0 {
		t.Errorf("B after redo: %+v", jobs)
	}
}
