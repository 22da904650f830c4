package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dhakira/dhakira/internal/corpus"
)

// searchTotal asks the running server's search API.
func searchTotal(t *testing.T, base, query string) int {
	t.Helper()
	code, body := get(t, base+"/api/v1/search?"+query)
	if code != 200 {
		return -1
	}
	var res struct {
		Total int `json:"total"`
	}
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatalf("search API: %v: %s", err, body)
	}
	return res.Total
}

// waitTotal polls the search API until it reports want, or fails after limit.
func waitTotal(t *testing.T, base, query string, want int, limit time.Duration) {
	t.Helper()
	start := time.Now()
	for {
		got := searchTotal(t, base, query)
		if got == want {
			return
		}
		if time.Since(start) > limit {
			t.Fatalf("%s: %d hits after %s, want %d", query, got, limit, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestSearchSeesImportsFromAnotherProcess(t *testing.T) {
	data := t.TempDir()
	base := startServer(t, nil, "--data", data)
	file := filepath.Join(t.TempDir(), "new.jsonl")
	os.WriteFile(file, []byte(`{"kind":"document","title":{"ar":"الوثيقة الفريدة","en":"Zanzibarian document"}}
{"kind":"document","title":{"en":"Another zanzibarian paper"},"status":"draft"}
`), 0o644)
	if searchTotal(t, base, "q=zanzibarian") != 0 {
		t.Fatal("found before the import")
	}
	if _, stderr, code := runBin(t, nil, nil, "import", "--data", data, file); code != 0 {
		t.Fatal(stderr)
	}
	waitTotal(t, base, "q=zanzibarian", 1, 2*time.Second) // the draft is never found
	waitTotal(t, base, "q=وثيقة+فريدة", 1, time.Second)
}

func TestIndexRecoversFromKill(t *testing.T) {
	data := t.TempDir()
	file := filepath.Join(t.TempDir(), "corpus.jsonl")
	var buf bytes.Buffer
	if err := corpus.Write(&buf, corpus.Options{N: 3000, Seed: 11}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(file, buf.Bytes(), 0o644)
	docs := strings.Count(buf.String(), `{"kind":"document"`)

	// A server killed while it indexes an import...
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", "127.0.0.1:0")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runBin(t, nil, nil, "import", "--data", data, file); code != 0 {
		cmd.Process.Kill()
		t.Fatal(stderr)
	}
	time.Sleep(300 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()

	// ...catches up when it starts again.
	base := startServer(t, nil, "--data", data)
	waitTotal(t, base, "kind=document", docs, 60*time.Second)

	// Only one process may hold the index; reindex says so.
	if _, stderr, code := runBin(t, nil, nil, "reindex", "--data", data); code == 0 || !strings.Contains(stderr, "another dhakira serve is running") {
		t.Errorf("reindex beside a server: exit %d, %s", code, stderr)
	}
}

func TestReindex(t *testing.T) {
	data := t.TempDir()
	if _, stderr, code := runBin(t, nil, nil, "gazetteer", "--data", data, "syria"); code != 0 {
		t.Fatal(stderr)
	}
	os.RemoveAll(filepath.Join(data, "index"))
	out, stderr, code := runBin(t, nil, nil, "reindex", "--data", data)
	if code != 0 || !strings.Contains(out, "indexed 348 published records") {
		t.Fatalf("reindex: %d %s %s", code, out, stderr)
	}
	base := startServer(t, nil, "--data", data)
	waitTotal(t, base, "kind=place", 348, 2*time.Second)
	_, body := get(t, base+"/api/v1/search?q=Hasaka&per_page=1")
	var res struct {
		Hits []struct{ Code string } `json:"hits"`
	}
	if json.Unmarshal([]byte(body), &res); len(res.Hits) != 1 || res.Hits[0].Code != "SY08" {
		t.Errorf("Hasaka: %s, want the governorate SY08 first", body)
	}
}
