package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/storetest"
)

func doc(code, title string) *dhakira.Record {
	r := &dhakira.Record{Kind: dhakira.KindDocument, Code: code, Title: dhakira.Text{EN: title}, Text: dhakira.Text{EN: strings.Repeat("words of the text ", 50)}}
	r.Normalize()
	return r
}

func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "archive.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func count(t *testing.T, db *DB, q string) int {
	t.Helper()
	var n int
	if err := db.db.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// While an import is written in batches, others keep writing and none of
// the import is seen by anyone, until it commits, all at once.
func TestImportInBatchesLetsOthersWrite(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	if _, _, err := db.SaveRecord(ctx, doc("", "before"), 0, "ed", ""); err != nil {
		t.Fatal(err)
	}
	before, _ := db.LastChange(ctx)
	tx, err := db.BeginImport(ctx, "importer")
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	// The import brings DOC-000002 … DOC-000011 and has 2,000 without a code.
	var brought []string
	for i := 2; i <= 11; i++ {
		brought = append(brought, dhakira.FormatCode(dhakira.KindDocument, int64(i)))
	}
	tx.Reserve(brought)
	// The import writes on while an editor saves.
	halfway := make(chan struct{})
	written := make(chan error, 1)
	go func() {
		for _, c := range brought {
			if _, err := tx.Put(ctx, doc(c, "imported "+c), false); err != nil {
				written <- err
				return
			}
		}
		for i := range 6000 {
			if i == 1000 {
				close(halfway)
			}
			if _, err := tx.Put(ctx, doc("", fmt.Sprintf("imported %d", i)), false); err != nil {
				written <- err
				return
			}
		}
		written <- nil
	}()
	<-halfway
	// An editor saves meanwhile, promptly: a new record and an edit.
	saveCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	start := time.Now()
	code, _, err := db.SaveRecord(saveCtx, doc("", "saved during the import"), 0, "ed", "")
	t.Logf("a save during the import took %v", time.Since(start))
	if err != nil {
		t.Fatalf("a save during the import: %v", err)
	}
	for _, c := range brought {
		if code == c {
			t.Fatalf("the save took %s, a code the import brings", code)
		}
	}
	if _, _, err := db.SaveRecord(saveCtx, doc("DOC-000005", "mine"), 0, "ed", ""); dhakira.ErrorCode(err) != dhakira.ECONFLICT {
		t.Errorf("a new record with a code the import brings: %v, want conflict", err)
	}
	if err := <-written; err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM import_records`); n < 1000 {
		t.Fatalf("%d records written in batches before the commit, want most of 6,010", n)
	}
	// Nobody sees the import yet.
	counts, _ := db.CountKinds(ctx, dhakira.Staff)
	if counts[dhakira.KindDocument] != 2 {
		t.Errorf("documents before the commit: %d, want 2", counts[dhakira.KindDocument])
	}
	if _, _, err := db.Record(ctx, "DOC-000002", dhakira.Staff); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("an imported record before the commit: %v", err)
	}
	changes, _ := db.Changes(ctx, before, 10000)
	if len(changes) != 1 || changes[0].Code != code {
		t.Errorf("change feed before the commit: %v, want only the save", changes)
	}
	dumped := 0
	db.Dump(ctx, "", dhakira.Staff, func([]byte) error { dumped++; return nil })
	if dumped != 2 {
		t.Errorf("export before the commit: %d records, want 2", dumped)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	counts, _ = db.CountKinds(ctx, dhakira.Staff)
	if counts[dhakira.KindDocument] != 6012 {
		t.Errorf("documents after the commit: %d, want 6,012", counts[dhakira.KindDocument])
	}
	changes, _ = db.Changes(ctx, before, 10000)
	if len(changes) != 6011 || changes[0].Code != code || changes[1].Code != "DOC-000002" {
		t.Errorf("change feed after the commit: %d changes, first %v", len(changes), changes[:min(2, len(changes))])
	}
	if n := count(t, db, `SELECT COUNT(DISTINCT code) FROM records`); n != 6012 {
		t.Errorf("%d distinct codes, want 6,012", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM import_records`) + count(t, db, `SELECT COUNT(*) FROM import_codes`); n != 0 {
		t.Errorf("%d rows left in the import tables", n)
	}
	// A replace through the import is a new revision, seen at its commit.
	tx2, _ := db.BeginImport(ctx, "importer")
	if _, err := tx2.Put(ctx, doc("DOC-000002", "replaced"), true); err != nil {
		t.Fatal(err)
	}
	if rec, _, _ := db.Record(ctx, "DOC-000002", dhakira.Staff); rec.Title.EN != "imported DOC-000002" {
		t.Errorf("replaced before the commit: %q", rec.Title.EN)
	}
	if err := tx2.Commit(); err != nil {
		t.Fatal(err)
	}
	if rec, info, _ := db.Record(ctx, "DOC-000002", dhakira.Staff); rec.Title.EN != "replaced" || info.Revision != 2 {
		t.Errorf("after the commit: %q revision %d", rec.Title.EN, info.Revision)
	}
}

// A second import waits for the first, saying so, instead of failing.
func TestSecondImportWaits(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	first, err := db.BeginImport(ctx, "first")
	if err != nil {
		t.Fatal(err)
	}
	first.Put(ctx, doc("D1", "first"), false)
	told := make(chan string, 1)
	began := make(chan error, 1)
	go func() {
		second, err := db.BeginImport(dhakira.WithWaitNotice(ctx, func(msg string) { told <- msg }), "second")
		if err == nil {
			_, err = second.Put(ctx, doc("D2", "second"), false)
			if err == nil {
				err = second.Commit()
			}
		}
		began <- err
	}()
	select {
	case msg := <-told:
		if !strings.Contains(msg, "another import") || !strings.Contains(msg, "by first") {
			t.Errorf("message %q", msg)
		}
	case err := <-began:
		t.Fatalf("the second import began while the first ran: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no message")
	}
	select {
	case err := <-began:
		t.Fatalf("the second import began while the first ran: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-began; err != nil {
		t.Fatalf("the second import, after the first: %v", err)
	}
	for _, c := range []string{"D1", "D2"} {
		if _, _, err := db.Record(ctx, c, dhakira.Staff); err != nil {
			t.Errorf("%s: %v", c, err)
		}
	}
}

// An import killed (SIGKILL) while writing leaves nothing once the archive
// is opened again, and nothing meanwhile either.
func TestKilledImportLeavesNothing(t *testing.T) {
	if path := os.Getenv("DHAKIRA_TEST_IMPORT_CHILD"); path != "" {
		importForever(path)
		return
	}
	ctx := context.Background()
	db, path := openTemp(t)
	db.SaveRecord(ctx, doc("KEEP", "kept"), 0, "ed", "")
	cmd := startChild(t, "TestKilledImportLeavesNothing", "DHAKIRA_TEST_IMPORT_CHILD", path, "written")
	defer cmd.Process.Kill()
	for deadline := time.Now().Add(20 * time.Second); count(t, db, `SELECT COUNT(*) FROM import_records`) < 3000; {
		if time.Now().After(deadline) {
			t.Fatal("the child's batches never showed")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Opening the archive while the import runs leaves it alone.
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, other, `SELECT COUNT(*) FROM import_records`); n < 1000 {
		t.Errorf("opening the archive during an import removed it: %d left", n)
	}
	other.Close()
	if _, _, err := db.SaveRecord(ctx, doc("", "saved while the child imports"), 0, "ed", ""); err != nil {
		t.Errorf("a save during the child's import: %v", err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM records`); n != 2 {
		t.Errorf("%d records seen during the import, want 2", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM import_records`); n < 3000 {
		t.Errorf("%d records written by the child", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM revision_bodies`); n < 3000 {
		t.Errorf("%d revisions' JSON written by the child, want one a record", n)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	again := reopen(t, db, path)
	if n := count(t, again, `SELECT COUNT(*) FROM records`); n != 2 {
		t.Errorf("%d records after the kill, want 2", n)
	}
	if n := importLeft(t, again); n != 0 {
		t.Errorf("%d rows of the killed import left after reopening", n)
	}
	if n := count(t, again, `SELECT COUNT(*) FROM revision_bodies`); n != 0 {
		t.Errorf("%d revisions' JSON of the killed import left after reopening", n)
	}
	// And the next import runs.
	tx, err := again.BeginImport(ctx, "next")
	if err != nil {
		t.Fatal(err)
	}
	tx.Put(ctx, doc("D1", "next"), false)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// importForever is the child of TestKilledImportLeavesNothing: it writes
// an import, says so after 3,000 records, and writes on until killed.
func importForever(path string) {
	ctx := context.Background()
	tx := childImport(ctx, path)
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

// An editor's save made while a large import commits waits for the commit
// and succeeds, even when the commit outlasts SQLite's busy timeout, from
// the importing process as from another.
func TestSaveWaitsForLongCommit(t *testing.T) {
	for _, other := range []bool{false, true} {
		name := "same process"
		if other {
			name = "other process"
		}
		t.Run(name, func(t *testing.T) {
			defer func(d time.Duration) { busyTimeout = d }(busyTimeout)
			busyTimeout = 300 * time.Millisecond
			const stall = 1500 * time.Millisecond // the commit lasts five busy timeouts
			stalled := make(chan struct{})
			defer func() { commitStall = nil }()
			commitStall = func() {
				close(stalled)
				time.Sleep(stall)
			}
			ctx := context.Background()
			db, path := openTemp(t)
			editor := db
			if other {
				var err error
				if editor, err = Open(path); err != nil {
					t.Fatal(err)
				}
				defer editor.Close()
			}
			tx, err := db.BeginImport(ctx, "importer")
			if err != nil {
				t.Fatal(err)
			}
			for i := range 200 {
				if _, err := tx.Put(ctx, doc("", fmt.Sprint("imported ", i)), false); err != nil {
					t.Fatal(err)
				}
			}
			committed := make(chan error, 1)
			go func() { committed <- tx.Commit() }()
			<-stalled
			start := time.Now()
			code, _, err := editor.SaveRecord(ctx, doc("", "saved during the commit"), 0, "ed", "")
			took := time.Since(start)
			t.Logf("a save during a commit of %v: %v", stall, took.Round(time.Millisecond))
			if err != nil {
				t.Fatalf("a save during the commit: %v", err)
			}
			if took > stall+2*time.Second {
				t.Errorf("the save waited %v for a commit of %v", took, stall)
			}
			if err := <-committed; err != nil {
				t.Fatal(err)
			}
			// The save came after the import: its revision is the last.
			changes, _ := db.Changes(ctx, 0, 1000)
			if len(changes) != 201 || changes[200].Code != code {
				t.Errorf("%d changes, the last %v, want 201 ending with the save %s", len(changes), changes[len(changes)-1], code)
			}
		})
	}
}

// What a follower of the change feed or a harvester saw before an import
// commits is older than all of the import: its revisions are numbered and
// dated at the commit, after a save made while it was written.
func TestImportComesAfterWhatFollowersSaw(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	tx, err := db.BeginImport(ctx, "importer")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 500 {
		if _, err := tx.Put(ctx, doc("", fmt.Sprint("imported ", i)), false); err != nil {
			t.Fatal(err)
		}
	}
	code, _, err := db.SaveRecord(ctx, doc("", "saved while the import is written"), 0, "ed", "")
	if err != nil {
		t.Fatal(err)
	}
	// A follower reads the feed and the time: it has seen the save.
	seen, _ := db.LastChange(ctx)
	changes, _ := db.Changes(ctx, 0, 1000)
	if len(changes) != 1 || changes[0].Code != code {
		t.Fatalf("changes before the commit: %v", changes)
	}
	var at string
	db.db.QueryRow(`SELECT created_at FROM revisions WHERE id = $1`, seen).Scan(&at)
	time.Sleep(2 * time.Millisecond)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, fmt.Sprintf(`SELECT COUNT(*) FROM revisions WHERE id > %d AND created_at > '%s'`, seen, at)); n != 500 {
		t.Errorf("%d revisions of the import numbered and dated after what the follower saw, want 500", n)
	}
	changes, _ = db.Changes(ctx, seen, 1000)
	if len(changes) != 500 {
		t.Errorf("the follower finds %d changes after the commit, want 500", len(changes))
	}
}

// An import killed (SIGKILL) in the middle of its commit leaves nothing once
// the archive is opened again; a save waiting for the commit meanwhile
// succeeds once the import is dead.
func TestKilledCommitLeavesNothing(t *testing.T) {
	if path := os.Getenv("DHAKIRA_TEST_COMMIT_CHILD"); path != "" {
		commitForever(path)
		return
	}
	ctx := context.Background()
	db, path := openTemp(t)
	db.SaveRecord(ctx, doc("KEEP", "kept"), 0, "ed", "")
	cmd := startChild(t, "TestKilledCommitLeavesNothing", "DHAKIRA_TEST_COMMIT_CHILD", path, "committing")
	defer cmd.Process.Kill()
	if !db.Committing() {
		t.Fatal("the child's commit is not seen")
	}
	saved := make(chan error, 1)
	go func() {
		_, _, err := db.SaveRecord(ctx, doc("", "saved during the child's commit"), 0, "ed", "")
		saved <- err
	}()
	select {
	case err := <-saved:
		t.Fatalf("a save went through during the child's commit: %v", err)
	case <-time.After(500 * time.Millisecond):
	}
	if n := count(t, db, `SELECT COUNT(*) FROM records`); n != 1 {
		t.Errorf("%d records seen during the commit, want 1", n)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	select {
	case err := <-saved:
		if err != nil {
			t.Errorf("the save waiting for the killed commit: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the save still waits after the kill")
	}
	again := reopen(t, db, path)
	if n := count(t, again, `SELECT COUNT(*) FROM records`); n != 2 {
		t.Errorf("%d records after the kill, want 2", n)
	}
	if n := count(t, again, `SELECT COUNT(*) FROM revisions`) + count(t, again, `SELECT COUNT(*) FROM links`); n != 2 {
		t.Errorf("%d revisions and links after the kill, want the 2 revisions of the saves", n)
	}
	if n := count(t, again, `SELECT COUNT(*) FROM revision_bodies`); n != 0 {
		t.Errorf("%d revisions' JSON of the killed commit left after reopening", n)
	}
	if n := importLeft(t, again); n != 0 {
		t.Errorf("%d rows of the killed import left after reopening", n)
	}
}

// commitForever is the child of TestKilledCommitLeavesNothing: it writes an
// import of 3,000 records and commits it, saying so, but never ends the
// commit's transaction.
func commitForever(path string) {
	ctx := context.Background()
	tx := childImport(ctx, path)
	for i := range 3000 {
		r := doc("", fmt.Sprint("child ", i))
		r.Links = []dhakira.Link{{Rel: dhakira.RelRelated, To: "KEEP"}}
		if _, err := tx.Put(ctx, r, false); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	commitStall = func() {
		fmt.Println("committing")
		time.Sleep(time.Hour)
	}
	tx.Commit()
	os.Exit(3) // never killed
}

// startChild runs this test binary's test again in a child process, with
// env set to the archive's path, and waits for the child to print ready.
func startChild(t *testing.T, test, env, path, ready string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$")
	cmd.Env = append(os.Environ(), env+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != ready {
		cmd.Process.Kill()
		t.Fatalf("child: %q %v", line, err)
	}
	return cmd
}

// reopen closes db, the archive at path, and opens it again, as the next
// process after a killed import does.
func reopen(t *testing.T, db *DB, path string) *DB {
	t.Helper()
	db.Close()
	again, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { again.Close() })
	return again
}

// importLeft counts the rows an import left in its tables.
func importLeft(t *testing.T, db *DB) int {
	return count(t, db, `SELECT COUNT(*) FROM import_records`) + count(t, db, `SELECT COUNT(*) FROM import_codes`) + count(t, db, `SELECT COUNT(*) FROM import_links`)
}

// childImport opens the archive at path in a test's child process and
// begins an import there, or ends the child.
func childImport(ctx context.Context, path string) dhakira.ImportTx {
	db, err := Open(path)
	if err == nil {
		var tx dhakira.ImportTx
		if tx, err = db.BeginImport(ctx, "child"); err == nil {
			return tx
		}
	}
	fmt.Fprintln(os.Stderr, err)
	os.Exit(2)
	return nil
}

// An import killed (SIGKILL) after its commit, while it empties its
// tables, is in the archive once it is opened again: its revisions read
// the JSON its batches wrote (revision_bodies), which emptying the tables
// then, and the next import's rollback, leave.
func TestKilledClearKeepsTheImport(t *testing.T) {
	if path := os.Getenv("DHAKIRA_TEST_CLEAR_CHILD"); path != "" {
		clearForever(path)
		return
	}
	ctx := context.Background()
	db, path := openTemp(t)
	db.SaveRecord(ctx, doc("KEEP", "kept"), 0, "ed", "")
	cmd := startChild(t, "TestKilledClearKeepsTheImport", "DHAKIRA_TEST_CLEAR_CHILD", path, "clearing")
	defer cmd.Process.Kill()
	if n := count(t, db, `SELECT COUNT(*) FROM import_records`); n == 0 || n == 3000 {
		t.Errorf("%d rows of import_records when the child clears, want some cleared and some left", n)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	again := reopen(t, db, path)
	check := func(when string) {
		t.Helper()
		if n := count(t, again, `SELECT COUNT(*) FROM records`); n != 3001 {
			t.Errorf("%s: %d records, want 3,001", when, n)
		}
		if n := count(t, again, `SELECT COUNT(*) FROM revision_bodies`); n != 3000 {
			t.Errorf("%s: %d revisions' JSON, want the import's 3,000", when, n)
		}
		dumped := 0
		err := again.Dump(ctx, "", dhakira.Staff, func(line []byte) error {
			r, err := dhakira.DecodeRecord(line)
			if err == nil && r.Code != "KEEP" && !strings.HasPrefix(r.Title.EN, "child ") {
				err = fmt.Errorf("%s: %q", r.Code, r.Title.EN)
			}
			dumped++
			return err
		})
		if err != nil || dumped != 3001 {
			t.Errorf("%s: %d records exported (%v), want 3,001", when, dumped, err)
		}
	}
	check("after reopening")
	if n := count(t, again, `SELECT COUNT(*) FROM import_records`) + count(t, again, `SELECT committed FROM import_state`); n != 0 {
		t.Errorf("%d rows of import_records or the committed mark left after reopening", n)
	}
	tx, err := again.BeginImport(ctx, "next")
	if err != nil {
		t.Fatal(err)
	}
	tx.Put(ctx, doc("", "rolled back"), false)
	tx.Rollback()
	check("after the next import's rollback")
}

// clearForever is the child of TestKilledClearKeepsTheImport: it commits
// an import of 3,000 records and stops, saying so, once it has emptied a
// part of import_records.
func clearForever(path string) {
	ctx := context.Background()
	tx := childImport(ctx, path)
	for i := range 3000 {
		r := doc("", fmt.Sprint("child ", i))
		r.Links = []dhakira.Link{{Rel: dhakira.RelRelated, To: "KEEP"}}
		if _, err := tx.Put(ctx, r, false); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	clearStall = func(committed bool) {
		if committed {
			fmt.Println("clearing")
			time.Sleep(time.Hour)
		}
	}
	tx.Commit()
	os.Exit(3) // never killed
}

// No door shows an import written in committed batches, one a record,
// nor while its commit runs; storetest.ImportInvisible lists the doors.
func TestImportInvisibleInBatches(t *testing.T) {
	defer func(d, p time.Duration) { importBatchTime, importPause = d, p }(importBatchTime, importPause)
	importBatchTime, importPause = 0, 0 // each Put commits its batch
	defer func() { commitStall = nil }()
	db, _ := openTemp(t)
	storetest.ImportInvisible(t, db, func(check func()) {
		commitStall = func() {
			if n := count(t, db, `SELECT COUNT(*) FROM revision_bodies`); n < 40 {
				t.Errorf("%d revisions' JSON written before the commit, want the import's", n)
			}
			check()
		}
	})
	// What the commit wrote in place of the per-row triggers is what they
	// would have written.
	if n := count(t, db, `SELECT COUNT(*) FROM links l JOIN records r ON r.code = l.code WHERE l.date_first IS NOT r.date_first`); n != 0 {
		t.Errorf("%d links without their record's date", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM links l JOIN records r ON r.code = l.code WHERE r.date_first IS NOT NULL`); n < 80 {
		t.Errorf("%d links of dated records, want the import's 80 and more", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM (SELECT kind, status, type, reliability, COUNT(*) FROM records GROUP BY 1, 2, 3, 4
		EXCEPT SELECT kind, status, type, reliability, n FROM record_counts WHERE n > 0)`); n != 0 {
		t.Errorf("%d counts of records differ from the records", n)
	}
}

// A code the import brings that a record of the archive was given
// meanwhile, by a writer that did not see the reservation, fails the
// commit by name, and the archive keeps nothing of the import. (The
// commit no longer looks for such a code first: the records' primary key
// finds it.)
func TestCommitRefusesCodeTakenMeanwhile(t *testing.T) {
	ctx := context.Background()
	db, _ := openTemp(t)
	tx, err := db.BeginImport(ctx, "importer")
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for i := 1; i <= 20; i++ {
		if _, err := tx.Put(ctx, doc(fmt.Sprintf("DOC-%06d", i), "imported"), false); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.db.ExecContext(ctx, `INSERT INTO records (code, kind, status, reliability, revision, created_at, updated_at, updated_by)
		VALUES ('DOC-000007', 'document', 'published', 'unverified', 1, '2026-01-01', '2026-01-01', 'other')`); err != nil {
		t.Fatal(err)
	}
	err = tx.Commit()
	if dhakira.ErrorCode(err) != dhakira.ECONFLICT || !strings.Contains(fmt.Sprint(err), `"DOC-000007"`) {
		t.Fatalf("commit: %v, want a conflict on DOC-000007", err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM records`); n != 1 {
		t.Errorf("%d records after the failed commit, want 1", n)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM revision_rows`) + count(t, db, `SELECT COUNT(*) FROM links`) + count(t, db, `SELECT COUNT(*) FROM record_places`); n != 0 {
		t.Errorf("%d revisions, links and places after the failed commit, want 0", n)
	}
	if n := count(t, db, `SELECT SUM(n) FROM record_counts`); n != 1 {
		t.Errorf("record_counts hold %d records, want 1", n)
	}
}
