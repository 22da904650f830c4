package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportIsAudited: every import from the command line (files, the
// gazetteer) leaves a line in the audit log with its files and what it
// wrote by kind; a failed one leaves none.
func TestImportIsAudited(t *testing.T) {
	data := t.TempDir()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.jsonl")
	os.WriteFile(good, []byte(`{"kind":"entity","code":"ENT-000001","title":{"en":"Coalition"}}`+"\n"), 0o644)
	sheet := filepath.Join(dir, "sheet.csv")
	os.WriteFile(sheet, []byte("kind,title_en,links\r\ndocument,Statement,issued-by:ENT-000001\r\ndocument,Report,\r\n"), 0o644)
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"kind":"document","title":{"en":"x"},"date":"2017-13-01"}`+"\n"), 0o644)

	if _, stderr, code := runBin(t, nil, nil, "import", "--data", data, bad); code != 1 {
		t.Fatalf("bad import: %d %s", code, stderr)
	}
	if _, stderr, code := runBin(t, nil, nil, "import", "--data", data, good, sheet); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	if _, stderr, code := runBin(t, nil, nil, "gazetteer", "--data", data, "syria"); code != 0 {
		t.Fatalf("gazetteer: %s", stderr)
	}
	out, _, _ := runBin(t, nil, nil, "audit", "--data", data)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("audit log, want two imports:\n%s", out)
	}
	for _, want := range []string{`"actor":"cli"`, `"action":"import"`, `"target":"` + good + ` ` + sheet + `"`, `"detail":"document 2, entity 1; 3 new, 0 updated; revisions by import (`, `"at":"`} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("import's audit line lacks %s:\n%s", want, lines[0])
		}
	}
	for _, want := range []string{`"target":"gazetteer:syria"`, `"detail":"place 348; 348 new, 0 updated; revisions by gazetteer"`} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("gazetteer's audit line lacks %s:\n%s", want, lines[1])
		}
	}
}
