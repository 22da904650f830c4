package postgres_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/pgtest"
	"github.com/dhakira/dhakira/postgres"
)

func doc(code, title string) *dhakira.Record {
	r := &dhakira.Record{Kind: dhakira.KindDocument, Code: code, Title: dhakira.Text{EN: title}, Text: dhakira.Text{EN: strings.Repeat("words of the text ", 50)}}
	r.Normalize()
	return r
}

func open(t *testing.T, url string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// The counts one node keeps per change of the archive are counted again
// when another node writes: the change sequence is the database's.
func TestFiguresSeeAnotherNodesWrites(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	a, b := open(t, url), open(t, url)
	if _, _, err := a.SaveRecord(ctx, doc("D1", "one"), 0, "ed", ""); err != nil {
		t.Fatal(err)
	}
	counts := func(db *postgres.DB) (int, int, int) {
		t.Helper()
		kinds, err := db.CountKinds(ctx, dhakira.Public)
		if err != nil {
			t.Fatal(err)
		}
		_, total, err := db.Records(ctx, dhakira.RecordFilter{Kind: dhakira.KindDocument})
		if err != nil {
			t.Fatal(err)
		}
		types, err := db.CountTypes(ctx, dhakira.KindDocument, dhakira.Public)
		if err != nil {
			t.Fatal(err)
		}
		return kinds[dhakira.KindDocument], total, len(types)
	}
	if k, n, ty := counts(a); k != 1 || n != 1 || ty != 0 {
		t.Fatalf("node a: %d documents, list total %d, %d types; want 1, 1, 0", k, n, ty)
	}
	// b saves a record and imports another: a counts them at its next page.
	if _, _, err := b.SaveRecord(ctx, doc("D2", "two"), 0, "ed", ""); err != nil {
		t.Fatal(err)
	}
	if k, n, _ := counts(a); k != 2 || n != 2 {
		t.Errorf("node a after node b's save: %d documents, list total %d; want 2", k, n)
	}
	tx, err := b.BeginImport(ctx, "imp")
	if err != nil {
		t.Fatal(err)
	}
	r := doc("D3", "three")
	r.Type = "report"
	if _, err := tx.Put(ctx, r, false); err != nil {
		t.Fatal(err)
	}
	if k, n, ty := counts(a); k != 2 || n != 2 || ty != 0 {
		t.Errorf("node a during node b's import: %d, %d, %d types; want 2, 2, 0", k, n, ty)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if k, n, ty := counts(a); k != 3 || n != 3 || ty != 1 {
		t.Errorf("node a after node b's import: %d, %d, %d types; want 3, 3, 1", k, n, ty)
	}
	// Unpublished on b: gone from a's public counts.
	d := doc("D2", "two")
	d.Status = dhakira.Draft
	if _, _, err := b.SaveRecord(ctx, d, 1, "ed", ""); err != nil {
		t.Fatal(err)
	}
	if k, n, _ := counts(a); k != 2 || n != 2 {
		t.Errorf("node a after node b unpublished D2: %d, %d; want 2", k, n)
	}
}

// While an import is staged, another node's editor keeps writing, cannot
// take a code the import brings or has assigned, and sees nothing of it;
// a second import waits for the first.
func TestImportStagedLetsOthersWrite(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	a, b := open(t, url), open(t, url)
	tx, err := a.BeginImport(ctx, "importer")
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	tx.Reserve([]string{"DOC-000001", "BROUGHT"})
	var assigned string
	for i := range 3000 {
		c, err := tx.Put(ctx, doc("", fmt.Sprint("staged ", i)), false)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			assigned = c
		}
	}
	if assigned != "DOC-000002" {
		t.Errorf("first code assigned %s, want DOC-000002 (DOC-000001 is brought)", assigned)
	}
	saved := make(chan error, 1)
	var code string
	go func() {
		var err error
		code, _, err = b.SaveRecord(ctx, doc("", "saved meanwhile"), 0, "ed", "")
		saved <- err
	}()
	select {
	case err := <-saved:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("an editor's save waited for the import")
	}
	if code != "DOC-003002" {
		t.Errorf("the editor got %s, want DOC-003002 (after the import's 3,000 and the one it brings)", code)
	}
	for _, c := range []string{"BROUGHT", "DOC-000001"} {
		if _, _, err := b.SaveRecord(ctx, doc(c, "taken"), 0, "ed", ""); dhakira.ErrorCode(err) != dhakira.ECONFLICT {
			t.Errorf("an editor created %s, which the import brings: %v", c, err)
		}
	}
	if n, _ := b.CountKinds(ctx, dhakira.Staff); n[dhakira.KindDocument] != 1 {
		t.Errorf("%d documents seen during the import, want 1", n[dhakira.KindDocument])
	}
	if ch, _ := b.Changes(ctx, 0, 10000); len(ch) != 1 {
		t.Errorf("%d changes seen during the import, want 1", len(ch))
	}
	second := make(chan error, 1)
	go func() {
		tx2, err := b.BeginImport(ctx, "second")
		if err == nil {
			tx2.Rollback()
		}
		second <- err
	}()
	select {
	case err := <-second:
		t.Fatalf("a second import began while the first ran: %v", err)
	case <-time.After(500 * time.Millisecond):
	}
	if _, err := tx.Put(ctx, doc("BROUGHT", "brought"), false); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Errorf("the second import, after the first: %v", err)
	}
	if n, _ := b.CountKinds(ctx, dhakira.Staff); n[dhakira.KindDocument] != 3002 {
		t.Errorf("%d documents after the import, want 3002", n[dhakira.KindDocument])
	}
	ch, _ := b.Changes(ctx, 0, 10000)
	if len(ch) != 3002 || ch[1].Code != "DOC-000002" || ch[3001].Code != "BROUGHT" {
		t.Errorf("%d changes after the import, want 3002 in the order put", len(ch))
	}
	// The codes are free again for editors: BROUGHT exists, DOC-000001
	// was reserved and never put.
	if _, _, err := b.SaveRecord(ctx, doc("DOC-000001", "free"), 0, "ed", ""); err != nil {
		t.Errorf("DOC-000001 after the import: %v", err)
	}
}

// An import killed (SIGKILL) while staging leaves nothing: nothing is seen
// meanwhile, the codes it held are free once the next store opens, and
// the next import runs.
func TestKilledImportLeavesNothing(t *testing.T) {
	if url := os.Getenv("DHAKIRA_TEST_IMPORT_CHILD"); url != "" {
		importForever(url)
		return
	}
	ctx := context.Background()
	url := pgtest.URL(t)
	db := open(t, url)
	db.SaveRecord(ctx, doc("KEEP", "kept"), 0, "ed", "")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledImportLeavesNothing$")
	cmd.Env = append(os.Environ(), "DHAKIRA_TEST_IMPORT_CHILD="+url)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "written" {
		t.Fatalf("child: %q %v", line, err)
	}
	// Opening the store while the import runs leaves its codes alone.
	other := open(t, url)
	if _, _, err := other.SaveRecord(ctx, doc("DOC-000001", "brought by the child"), 0, "ed", ""); dhakira.ErrorCode(err) != dhakira.ECONFLICT {
		t.Errorf("a code the running import brings, after another Open: %v", err)
	}
	if _, _, err := db.SaveRecord(ctx, doc("", "saved while the child imports"), 0, "ed", ""); err != nil {
		t.Errorf("a save during the child's import: %v", err)
	}
	if n, _ := db.CountKinds(ctx, dhakira.Staff); n[dhakira.KindDocument] != 2 {
		t.Errorf("%d documents seen during the import, want 2", n[dhakira.KindDocument])
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	// The server notices the connection gone and drops its lock and tables.
	again := open(t, url)
	var tx dhakira.ImportTx
	begun := make(chan error, 1)
	go func() {
		var err error
		tx, err = again.BeginImport(ctx, "next")
		begun <- err
	}()
	select {
	case err := <-begun:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the killed import's lock was never released")
	}
	if n, _ := again.CountKinds(ctx, dhakira.Staff); n[dhakira.KindDocument] != 2 {
		t.Errorf("%d documents after the kill, want 2", n[dhakira.KindDocument])
	}
	if ch, _ := again.Changes(ctx, 0, 100000); len(ch) != 2 {
		t.Errorf("%d changes after the kill, want 2", len(ch))
	}
	if _, err := tx.Put(ctx, doc("D1", "next"), false); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := again.SaveRecord(ctx, doc("DOC-000001", "free again"), 0, "ed", ""); err != nil {
		t.Errorf("a code the killed import brought: %v", err)
	}
}

// importForever is the child of TestKilledImportLeavesNothing: it stages
// an import, says so after 3,000 records, and writes on until killed.
func importForever(url string) {
	ctx := context.Background()
	db, err := postgres.Open(url)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	tx, err := db.BeginImport(ctx, "child")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	tx.Reserve([]string{"DOC-000001", "DOC-000002"})
	for i := 0; ; i++ {
		r := doc("", fmt.Sprint("child ", i))
		r.Links = []dhakira.Link{{Rel: dhakira.RelRelated, To: "KEEP"}}
		if _, err := tx.Put(ctx, r, false); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if i == 3000 {
			fmt.Println("written")
		}
		if i == 1_000_000 {
			os.Exit(3) // never killed
		}
	}
}
