package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportExportFiles: files named by path go into the data folder's
// files/, a missing one stops the whole import, and export → import →
// export keeps them byte for byte.
func TestImportExportFiles(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	os.MkdirAll(filepath.Join(dir, "media"), 0o755)
	os.WriteFile(filepath.Join(dir, "media", "scan.pdf"), []byte("%PDF-1.4\nscan\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.jsonl"), []byte(`{"kind":"document","code":"D1","title":{"en":"ok"},"files":[{"path":"media/scan.pdf"}]}
{"kind":"document","code":"D2","title":{"en":"missing"},"files":[{"path":"media/none.pdf"}]}
`), 0o644)
	_, stderr, code := runBin(t, nil, nil, "import", "--data", data, filepath.Join(dir, "bad.jsonl"))
	if code != 1 || !strings.Contains(stderr, `bad.jsonl:2: files[0].path: "media/none.pdf": no such file`) {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if entries, _ := os.ReadDir(filepath.Join(data, "files")); len(entries) > 1 { // tmp/ only
		t.Errorf("a failed import left files: %v", entries)
	}
	os.WriteFile(filepath.Join(dir, "good.jsonl"), []byte(`{"kind":"document","code":"D1","title":{"en":"ok"},"files":[{"path":"media/scan.pdf","label":{"en":"Scan"}}]}
`), 0o644)
	if _, stderr, code := runBin(t, nil, nil, "import", "--data", data, filepath.Join(dir, "good.jsonl")); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	export, stderr, code := runBin(t, nil, nil, "export", "--data", data)
	if code != 0 || !strings.Contains(export, `"files":[{"sha256":"`) || strings.Contains(export, `"path"`) {
		t.Fatalf("export (%d): %s %s", code, export, stderr)
	}
	// Another archive sharing the files folder takes the export back.
	data2 := filepath.Join(dir, "data2")
	if _, stderr, code := runBin(t, strings.NewReader(export), nil, "import", "--data", data2, "--files", filepath.Join(data, "files"), "-"); code != 0 {
		t.Fatalf("import the export: %s", stderr)
	}
	again, _, _ := runBin(t, nil, nil, "export", "--data", data2)
	if again != export {
		t.Errorf("round trip:\n%s\n%s", export, again)
	}
}
