package main

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira/internal/mediatest"
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

// TestServeMedia: "dhakira serve" serves the files an import brought
// (ranges, 404 for a draft's), and its worker prepares them in the
// background: a WMV gets a copy browsers play, and its video record the
// duration ffprobe read, as a revision.
func TestServeMedia(t *testing.T) {
	mediatest.Need(t, "ffmpeg", "ffprobe")
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	mediatest.Make(t, dir, "wmv")
	os.WriteFile(filepath.Join(dir, "draft.pdf"), []byte("%PDF-1.4 draft"), 0o644)
	os.WriteFile(filepath.Join(dir, "r.jsonl"), []byte(`{"kind":"video","code":"VID-1","title":{"en":"A clip"},"files":[{"path":"sample.wmv"}]}
{"kind":"document","code":"DOC-1","status":"draft","title":{"en":"A draft"},"files":[{"path":"draft.pdf"}]}
`), 0o644)
	if _, stderr, code := runBin(t, nil, nil, "import", "--data", data, filepath.Join(dir, "r.jsonl")); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	base := startServer(t, nil, "--data", data)
	export, _, _ := runBin(t, nil, nil, "export", "--data", data)
	shas := regexp.MustCompile(`"sha256":"([0-9a-f]{64})"`).FindAllStringSubmatch(export, -1)
	if len(shas) != 2 {
		t.Fatalf("export: %s", export)
	}
	wmv, draft := shas[1][1], shas[0][1] // DOC-1 comes first by code
	if status, _ := get(t, base+"/files/"+draft); status != 404 {
		t.Errorf("a draft's file: %d", status)
	}
	req, _ := http.NewRequest("GET", base+"/files/"+wmv, nil)
	req.Header.Set("Range", "bytes=100-199")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 206 || resp.Header.Get("Content-Type") != "video/x-ms-wmv" {
		t.Errorf("range: %d %v", resp.StatusCode, resp.Header)
	}
	deadline := time.Now().Add(90 * time.Second)
	for {
		status, _ := get(t, base+"/files/"+wmv+"/access.mp4")
		_, page := get(t, base+"/en/records/VID-1")
		if status == 200 && strings.Contains(page, "0:04") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not prepared in time: access copy %d", status)
		}
		time.Sleep(500 * time.Millisecond)
	}
	out, _, _ := runBin(t, nil, nil, "export", "--data", data)
	if !strings.Contains(out, `"attrs":{"duration":"0:04"}`) {
		t.Errorf("the video's duration was not filled in: %s", out)
	}
}
