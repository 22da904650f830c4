package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCSVImportAndExport runs import of a .csv (beside a .jsonl) and
// export --format csv as a user does.
func TestCSVImportAndExport(t *testing.T) {
	a, b, dir := t.TempDir(), t.TempDir(), t.TempDir()
	if _, stderr, code := runBin(t, nil, nil, "gazetteer", "--data", a, "syria"); code != 0 {
		t.Fatalf("gazetteer: %s", stderr)
	}
	// The extension is matched in any case; the CSV links to a record of
	// the JSON Lines file and the other way round.
	csvFile := filepath.Join(dir, "records.CSV")
	os.WriteFile(csvFile, []byte("\xef\xbb\xbfkind,code,title_ar,title_en,places,links,status\r\n"+
		"document,DOC-000001,\"بيان، حول \"\"السجن\"\"\",Statement,SY04,issued-by:ENT-000001,published\r\n"+
		"document,DOC-000002,مسودة,,,related:DOC-000001,draft\r\n"), 0o644)
	jsonFile := filepath.Join(dir, "entities.jsonl")
	os.WriteFile(jsonFile, []byte(`{"kind":"entity","code":"ENT-000001","title":{"en":"Coalition"},"links":[{"to":"DOC-000002"}]}`+"\n"), 0o644)
	out, stderr, code := runBin(t, nil, nil, "import", "--data", a, csvFile, jsonFile)
	if code != 0 || !strings.Contains(out, "imported 3 records") {
		t.Fatalf("import: %d %s %s", code, out, stderr)
	}

	first, stderr, code := runBin(t, nil, nil, "export", "--data", a, "--format", "csv")
	if code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	if !strings.HasPrefix(first, "\xef\xbb\xbf\"code\",\"kind\"") || !strings.Contains(first, `"DOC-000001","document","بيان، حول ""السجن""","Statement"`) ||
		!strings.Contains(first, `"draft"`) || strings.Count(first, "\r\n") != 1+348+3 {
		t.Fatalf("export --format csv: %.300s… (%d rows)", first, strings.Count(first, "\r\n"))
	}
	// --out and --kind.
	docs := filepath.Join(dir, "docs.csv")
	if _, stderr, code := runBin(t, nil, nil, "export", "--data", a, "--format", "csv", "--kind", "document", "--out", docs); code != 0 {
		t.Fatalf("export --out: %s", stderr)
	}
	if got, _ := os.ReadFile(docs); strings.Count(string(got), "\r\n") != 3 || !strings.Contains(string(got), `"DOC-000002"`) {
		t.Errorf("export --kind document --out: %s", got)
	}

	// Into an empty archive and out again: the same bytes.
	all := filepath.Join(dir, "all.csv")
	os.WriteFile(all, []byte(first), 0o644)
	if _, stderr, code := runBin(t, nil, nil, "import", "--data", b, all); code != 0 {
		t.Fatalf("re-import: %s", stderr)
	}
	if second, _, _ := runBin(t, nil, nil, "export", "--data", b, "--format", "csv"); second != first {
		t.Fatal("CSV export of the re-imported archive differs")
	}

	// A bad file: every problem at its line and column, nothing written.
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("code,kind,title_en,date\nD1,document,ok,\nD2,document,\"bad\"date,\nD3,document,x,2017-13-01\n"), 0o644)
	c := t.TempDir()
	_, stderr, code = runBin(t, nil, nil, "import", "--data", c, bad)
	for _, want := range []string{bad + `:3:3: malformed CSV: `, bad + `:4:4: date: "2017-13-01": month 13`, "2 problems; nothing was imported"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q\nlacks %q", stderr, want)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if out, _, _ := runBin(t, nil, nil, "export", "--data", c); out != "" {
		t.Errorf("a failed import left records: %s", out)
	}
}
