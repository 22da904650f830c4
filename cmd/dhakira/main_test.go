package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dhakira/dhakira/internal/corpus"
	"github.com/dhakira/dhakira/internal/pgtest"
)

// bin is the dhakira binary built once for these tests: they run it as a
// user does, as separate processes sharing one data folder.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dhakira-bin")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "dhakira")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := pgtest.Main(m) // stops the PostgreSQL server the tests started, if any
	os.RemoveAll(dir)
	os.Exit(code)
}

// runBin runs the binary and returns its standard output, standard error
// and exit status.
func runBin(t *testing.T, stdin io.Reader, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

// startServer runs "dhakira serve" on a free port and returns its base URL.
func startServer(t *testing.T, env []string, args ...string) string {
	t.Helper()
	url, _ := startStoppable(t, env, args...)
	return url
}

// startStoppable is startServer that also returns a function stopping the
// server as Ctrl-C does.
func startStoppable(t *testing.T, env []string, args ...string) (string, func()) {
	t.Helper()
	url, _, stop := startProcess(t, env, args...)
	return url, stop
}

// startProcess is startStoppable that also returns the server's process.
func startProcess(t *testing.T, env []string, args ...string) (string, *exec.Cmd, func()) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	stop := func() { once.Do(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }) }
	t.Cleanup(stop)
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		re := regexp.MustCompile(`url=(http://\S+)/`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
	}()
	select {
	case u := <-urls:
		return u, cmd, stop
	case <-time.After(60 * time.Second):
		t.Fatal("server did not start")
	}
	return "", cmd, stop
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestImportWhileServing(t *testing.T) {
	data := t.TempDir()
	base := startServer(t, nil, "--data", data)
	if code, body := get(t, base+"/healthz"); code != 200 || strings.TrimSpace(body) != "ok" {
		t.Fatalf("healthz = %d %q", code, body)
	}
	file := filepath.Join(t.TempDir(), "thousand.jsonl")
	var buf bytes.Buffer
	if err := corpus.Write(&buf, corpus.Options{N: 1000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(file, buf.Bytes(), 0o644)
	last := lastCode(t, buf.Bytes(), `"kind":"document"`)
	if code, _ := get(t, base+"/en/records/"+last); code != 404 {
		t.Fatalf("before the import %s answers %d", last, code)
	}
	stdout, stderr, code := runBin(t, nil, nil, "import", "--data", data, file)
	if code != 0 {
		t.Fatalf("import exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "imported 1000 records") || !strings.Contains(stdout, "document") {
		t.Errorf("summary: %s", stdout)
	}
	done := time.Now()
	for {
		c, _ := get(t, base+"/en/records/"+last)
		a, _ := get(t, base+"/api/v1/records/"+last)
		if c == 200 && a == 200 {
			break
		}
		if time.Since(done) > 2*time.Second {
			t.Fatalf("record %s not on the site 2s after the import (page %d, api %d)", last, c, a)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func lastCode(t *testing.T, jsonl []byte, kind string) string {
	t.Helper()
	var code string
	re := regexp.MustCompile(`"code":"([^"]+)"`)
	for _, l := range bytes.Split(jsonl, []byte("\n")) {
		if bytes.Contains(l, []byte(kind)) && bytes.Contains(l, []byte(`"status":"published"`)) {
			if m := re.FindSubmatch(l); m != nil {
				code = string(m[1])
			}
		}
	}
	if code == "" {
		t.Fatal("no coded record in corpus")
	}
	return code
}

func TestImportReportsEveryProblemAndWritesNothing(t *testing.T) {
	data := t.TempDir()
	file := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(file, []byte(`{"kind":"entity","code":"ENT-000001","title":{"en":"Coalition"}}
{"kind":"document","title":{"ar":"بيان"},"links":[{"rel":"issued-by","to":"ENT-000001"}]}
{"kind":"document","title":{"en":"Bad date"},"date":"2017-13-01"}
{"kind":"document","title":{"en":"Dangling"},"links":[{"to":"ENT-000999"}]}
`), 0o644)
	_, stderr, code := runBin(t, nil, nil, "import", "--data", data, file)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{file + `:3: date: "2017-13-01": month 13`, file + `:4: links[0].to: no record "ENT-000999"`, "nothing was imported"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q\nlacks %q", stderr, want)
		}
	}
	out, _, _ := runBin(t, nil, nil, "export", "--data", data)
	if out != "" {
		t.Errorf("a failed import left records: %s", out)
	}
	if _, stderr, code := runBin(t, nil, nil, "import", "--data", data); code != 2 || !strings.Contains(stderr, "at least one") {
		t.Errorf("import without files: %d %s", code, stderr)
	}
}

func TestGazetteerAndRoundTrip(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	out, stderr, code := runBin(t, nil, nil, "gazetteer", "--data", a, "syria")
	if code != 0 || !strings.Contains(out, "imported 348 records") || !strings.Contains(out, "place      348") {
		t.Fatalf("gazetteer: %d %s %s", code, out, stderr)
	}
	out, _, code = runBin(t, nil, nil, "gazetteer", "--data", a, "syria")
	if code != 0 || !strings.Contains(out, "imported 0 records") || !strings.Contains(out, "348 already there") {
		t.Fatalf("second gazetteer run: %s", out)
	}
	doc := `{"kind":"document","title":{"ar":"بيان","en":"Statement"},"places":["SY04"],"date":"2017-10"}` + "\n"
	if _, stderr, code := runBin(t, strings.NewReader(doc), nil, "import", "--data", a, "-"); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	first, _, _ := runBin(t, nil, nil, "export", "--data", a)
	if n := strings.Count(first, "\n"); n != 349 {
		t.Fatalf("export has %d lines, want 349", n)
	}
	file := filepath.Join(t.TempDir(), "export.jsonl")
	os.WriteFile(file, []byte(first), 0o644)
	if _, stderr, code := runBin(t, nil, []string{"DHAKIRA_DATA=" + b}, "import", file); code != 0 {
		t.Fatalf("re-import into an empty archive: %s", stderr)
	}
	second, _, _ := runBin(t, nil, []string{"DHAKIRA_DATA=" + b}, "export")
	if first != second {
		t.Fatal("export of the re-imported archive differs")
	}
	places, _, _ := runBin(t, nil, nil, "export", "--data", a, "--kind", "document")
	if !strings.Contains(places, `"code":"DOC-000001"`) || strings.Count(places, "\n") != 1 {
		t.Errorf("export --kind document: %s", places)
	}
	if _, stderr, code := runBin(t, nil, nil, "export", "--data", a, "--kind", "book"); code != 2 || !strings.Contains(stderr, `unknown kind "book"`) {
		t.Errorf("bad kind: %d %s", code, stderr)
	}
}

func TestServeDemoAndSettings(t *testing.T) {
	data := t.TempDir()
	base, stop := startStoppable(t, []string{"DHAKIRA_NAME_EN=Test Memory of Somewhere"}, "--data", data, "--demo")
	code, body := get(t, base+"/en/")
	if code != 200 || !strings.Contains(body, "Test Memory of Somewhere") {
		t.Fatalf("home %d, name override missing", code)
	}
	if _, err := os.Stat(filepath.Join(data, "dhakira.toml")); err != nil {
		t.Errorf("settings file not written: %v", err)
	}
	out, _, _ := runBin(t, nil, nil, "export", "--data", data)
	for _, kind := range []string{"document", "video", "testimony", "diary", "person", "entity", "place"} {
		if n := strings.Count(out, `{"kind":"`+kind+`"`); n < 10 {
			t.Errorf("demo has %d %s records", n, kind)
		}
	}
	if code, _ := get(t, base+"/ar/records/SY04"); code != 200 {
		t.Errorf("gazetteer place SY04: %d", code)
	}
	// A second --demo on a folder with records adds nothing.
	stop()
	before := strings.Count(out, "\n")
	base2 := startServer(t, nil, "--data", data, "--demo")
	if code, _ := get(t, base2+"/healthz"); code != 200 {
		t.Fatal("second server")
	}
	out2, _, _ := runBin(t, nil, nil, "export", "--data", data)
	if strings.Count(out2, "\n") != before {
		t.Errorf("--demo on a full archive changed it: %d → %d records", before, strings.Count(out2, "\n"))
	}
}
