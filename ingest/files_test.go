package ingest_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/csvrec"
	"github.com/dhakira/dhakira/diskfiles"
	"github.com/dhakira/dhakira/ingest"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/jsonl"
)

func hashOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func countFiles(t *testing.T, dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && dhakira.ValidSHA256(d.Name()) {
			n++
		}
		return nil
	})
	return n
}

func TestImportFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := sqlitetest.Open(t)
	fs, err := diskfiles.Open(filepath.Join(t.TempDir(), "files"))
	if err != nil {
		t.Fatal(err)
	}
	pdf := []byte("%PDF-1.4\n% a document\n")
	png := []byte("\x89PNG\r\n\x1a\nnot really a picture")
	write(t, filepath.Join(dir, "media", "statement.pdf"), pdf)
	write(t, filepath.Join(dir, "media", "copy-of-statement.bin"), pdf)
	write(t, filepath.Join(dir, "photo.jpg"), png)
	opt := ingest.Options{Files: fs}

	// A missing file: nothing is written, not even the files that were fine.
	write(t, filepath.Join(dir, "bad.jsonl"), []byte(`{"kind":"document","code":"D1","title":{"en":"fine"},"files":[{"path":"media/statement.pdf"}]}
{"kind":"person","code":"P1","title":{"en":"missing photo"},"files":[{"path":"photo.jpg"},{"path":"media/gone.jpg"}]}
`))
	_, err = ingest.Import(ctx, db, []ingest.Input{jsonl.File(filepath.Join(dir, "bad.jsonl"))}, opt)
	want := filepath.Join(dir, "bad.jsonl") + `:2: files[1].path: "media/gone.jpg": no such file`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	if n, _ := db.CountKinds(ctx, dhakira.Staff); len(n) != 0 {
		t.Errorf("records written: %v", n)
	}
	if n := countFiles(t, fs.Dir()); n != 0 {
		t.Errorf("%d files stored by a failed import", n)
	}

	// The same bytes under two names are stored once; a hash names a file
	// already there; the type comes from the content, not the name.
	write(t, filepath.Join(dir, "good.jsonl"), []byte(`{"kind":"document","code":"D1","title":{"en":"fine"},"files":[{"path":"media/statement.pdf","label":{"ar":"البيان","en":"The statement"},"lang":"ar"},{"path":"photo.jpg","role":"attachment"}]}
{"kind":"document","code":"D2","title":{"en":"same bytes"},"files":[{"path":"media/copy-of-statement.bin"}]}
`))
	var bytesSeen int64
	opt.BytesProgress = func(phase string, done, total int64) {
		if phase == "write" {
			bytesSeen = max(bytesSeen, done)
			if total != int64(len(pdf)+len(png)) {
				t.Errorf("progress: total %d", total)
			}
		}
	}
	if _, err := ingest.Import(ctx, db, []ingest.Input{jsonl.File(filepath.Join(dir, "good.jsonl"))}, opt); err != nil {
		t.Fatal(err)
	}
	if n := countFiles(t, fs.Dir()); n != 2 {
		t.Errorf("%d files stored, want 2", n)
	}
	if bytesSeen != int64(len(pdf)+len(png)) {
		t.Errorf("progress counted %d bytes, want %d", bytesSeen, len(pdf)+len(png))
	}
	r, _, err := db.Record(ctx, "D1", dhakira.Public)
	if err != nil {
		t.Fatal(err)
	}
	f := r.Files[0]
	if f.Path != "" || f.SHA256 != hashOf(pdf) || f.Type != "application/pdf" || f.Size != int64(len(pdf)) || f.Name != "statement.pdf" || f.Label.EN != "The statement" {
		t.Errorf("stored file: %+v", f)
	}
	if r.Files[1].Type != "image/png" || r.Files[1].Name != "photo.jpg" || r.Files[1].Role != dhakira.RoleAttachment {
		t.Errorf("second file: %+v", r.Files[1])
	}
	d2, _, _ := db.Record(ctx, "D2", dhakira.Public)
	if d2.Files[0].SHA256 != f.SHA256 {
		t.Errorf("same bytes, other hash: %+v", d2.Files[0])
	}

	// The export's lines import again into an empty archive to the same bytes.
	var export bytes.Buffer
	db.Dump(ctx, "", dhakira.Staff, func(line []byte) error { export.Write(line); export.WriteByte('\n'); return nil })
	if strings.Contains(export.String(), `"path"`) || !strings.Contains(export.String(), `"sha256":"`+f.SHA256+`","name":"statement.pdf","type":"application/pdf","size":22,"role":"original","lang":"ar","label":`) {
		t.Errorf("export: %s", export.String())
	}
	db2 := sqlitetest.Open(t)
	if _, err := ingest.Import(ctx, db2, []ingest.Input{jsonl.Bytes("export.jsonl", export.Bytes())}, ingest.Options{Files: fs}); err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	db2.Dump(ctx, "", dhakira.Staff, func(line []byte) error { again.Write(line); again.WriteByte('\n'); return nil })
	if again.String() != export.String() {
		t.Errorf("round trip:\n%s\n%s", export.String(), again.String())
	}

	// A hash the archive does not have, a hash that does not match its
	// path, the same file twice, and files without a file store.
	other := strings.Repeat("e", 64)
	_, err = ingest.Import(ctx, db, []ingest.Input{jsonl.Bytes("h.jsonl", []byte(`{"kind":"document","title":{"en":"x"},"files":[{"sha256":"`+other+`"}]}
{"kind":"document","title":{"en":"y"},"files":[{"sha256":"`+other+`","path":"`+filepath.Join(dir, "photo.jpg")+`"}]}
{"kind":"document","title":{"en":"z"},"files":[{"sha256":"`+f.SHA256+`"},{"path":"`+filepath.Join(dir, "media/statement.pdf")+`"}]}
{"kind":"document","title":{"en":"w"},"files":[{"path":"photo.jpg"}]}`))}, opt)
	for _, want := range []string{
		`h.jsonl:1: files[0].sha256: no file ` + other + ` in the archive`,
		`h.jsonl:2: files[0].sha256: ` + other + `, but the file at`,
		`h.jsonl:3: files[1].path: the same file as files[0]`,
		`h.jsonl:4: files[0].path: "photo.jpg": a relative path, but this input has no folder`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v\nwant %s", err, want)
		}
	}
	_, err = ingest.Import(ctx, db, []ingest.Input{jsonl.Bytes("n.jsonl", []byte(`{"kind":"document","title":{"en":"x"},"files":[{"sha256":"`+f.SHA256+`"}]}`))}, ingest.Options{})
	if err == nil || !strings.Contains(err.Error(), "n.jsonl:1: files[0].sha256") {
		t.Errorf("without a file store: %v", err)
	}
	// Over the size limit.
	opt.FileLimit = 10
	_, err = ingest.Import(ctx, db, []ingest.Input{jsonl.File(filepath.Join(dir, "good.jsonl"))}, opt)
	if err == nil || !strings.Contains(err.Error(), `:1: files[0].path: "media/statement.pdf": file larger than the limit of 10 bytes`) {
		t.Errorf("over the limit: %v", err)
	}
}

func TestImportFilesCSV(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := sqlitetest.Open(t)
	fs, err := diskfiles.Open(filepath.Join(t.TempDir(), "files"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "scans", "p1.png"), []byte("\x89PNG\r\n\x1a\none"))
	write(t, filepath.Join(dir, "scans", "p2.png"), []byte("\x89PNG\r\n\x1a\ntwo"))
	write(t, filepath.Join(dir, "r.csv"), []byte("kind,title_en,files\ndocument,Issue 1,scans/p1.png|scans/p2.png\ndocument,Issue 2,scans/p3.png\n"))
	_, err = ingest.Import(ctx, db, []ingest.Input{csvrec.File(filepath.Join(dir, "r.csv"))}, ingest.Options{Files: fs})
	if want := `r.csv:3:3: files[0].path: "scans/p3.png": no such file`; err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("err = %v, want …%s", err, want)
	}
	write(t, filepath.Join(dir, "r.csv"), []byte("kind,title_en,files\ndocument,Issue 1,scans/p1.png|scans/p2.png\n"))
	if _, err := ingest.Import(ctx, db, []ingest.Input{csvrec.File(filepath.Join(dir, "r.csv"))}, ingest.Options{Files: fs}); err != nil {
		t.Fatal(err)
	}
	r, _, _ := db.Record(ctx, "DOC-000001", dhakira.Staff)
	if len(r.Files) != 2 || r.Files[1].Name != "p2.png" || r.Files[1].Type != "image/png" {
		t.Errorf("files: %+v", r.Files)
	}
}
