package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	osexec "os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/sqlite"
	"github.com/dhakira/dhakira/storetest"
)

// TestKilledWhileIndexing kills (SIGKILL) a process that follows the store
// — catching up batch after batch and merging its small segments — at
// random moments, and checks that each time the index opens undamaged,
// and that once caught up it answers as an index built afresh does.
func TestKilledWhileIndexing(t *testing.T) {
	if dir := os.Getenv("DHAKIRA_CRASH_DIR"); dir != "" {
		follow(dir) // the child
		return
	}
	dir := t.TempDir()
	db, err := sqlite.Open(filepath.Join(dir, "archive.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r := rand.New(rand.NewPCG(1, 2))
	write := func(n int) {
		var recs []*dhakira.Record
		for range n {
			i := r.IntN(3000)
			recs = append(recs, storetest.Rec(t, fmt.Sprintf(`{"kind":"document","code":"DOC-%d","title":{"en":"%s %s"},"text":{"ar":"%s"}}`,
				i, propWords[r.IntN(len(propWords))], propWords[r.IntN(len(propWords))], propWords[r.IntN(len(propWords))])))
		}
		slices.SortFunc(recs, func(a, b *dhakira.Record) int { return cmpString(a.Code, b.Code) })
		recs = slices.CompactFunc(recs, func(a, b *dhakira.Record) bool { return a.Code == b.Code })
		storetest.Put(t, db, true, recs...)
	}
	write(500)
	kills, merged, segs := 0, false, 0
	for round := range 8 {
		cmd := osexec.Command(os.Args[0], "-test.run=^TestKilledWhileIndexing$")
		cmd.Env = append(os.Environ(), "DHAKIRA_CRASH_DIR="+dir)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(time.Duration(1000+r.IntN(1500)) * time.Millisecond)
		for time.Now().Before(deadline) {
			write(1 + r.IntN(40))
			time.Sleep(10 * time.Millisecond)
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		kills++
		ix, _, err := Open(filepath.Join(dir, "index"))
		if err != nil {
			t.Fatal(err)
		}
		if ix.damaged != "" {
			t.Fatalf("round %d: after kill -9 the index is damaged: %s", round, ix.damaged)
		}
		merged = merged || len(ix.v.segs) < segs // only a merge lowers the count
		segs = len(ix.v.segs)
		ix.Close()
	}
	ctx := context.Background()
	eng, err := New(filepath.Join(dir, "index"), db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	if _, err := eng.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	fresh, err := New(filepath.Join(t.TempDir(), "index"), db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if _, err := fresh.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	for _, q := range append(slices.Clone(propWords), "", "prison -detainee", `"hunger strike"`) {
		a, err1 := eng.Search(ctx, dhakira.SearchRequest{Q: q, Limit: 100})
		b, err2 := fresh.Search(ctx, dhakira.SearchRequest{Q: q, Limit: 100})
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if a.Total != b.Total || fmt.Sprint(a.Facets) != fmt.Sprint(b.Facets) {
			t.Errorf("%q: after %d kills the index finds %d %v, a fresh one %d %v", q, kills, a.Total, a.Facets, b.Total, b.Facets)
		}
	}
	if !merged {
		t.Errorf("no merge was seen between the kills")
	}
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// follow is the child of TestKilledWhileIndexing: it follows the store
// until it is killed.
func follow(dir string) {
	db, err := sqlite.Open(filepath.Join(dir, "archive.db"))
	if err != nil {
		panic(err)
	}
	e, err := New(filepath.Join(dir, "index"), db, Options{})
	for err == ErrLocked { // the parent's check may still hold it
		time.Sleep(10 * time.Millisecond)
		e, err = New(filepath.Join(dir, "index"), db, Options{})
	}
	if err != nil {
		panic(err)
	}
	for {
		if _, err := e.CatchUp(context.Background()); err != nil {
			panic(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
