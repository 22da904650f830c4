package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dhakira/dhakira/internal/corpus"
	"github.com/dhakira/dhakira/internal/pgtest"
)

// apiToken adds an administrator to the archive at db and returns an API
// token acting as them.
func apiToken(t *testing.T, db string) string {
	t.Helper()
	data := t.TempDir()
	if _, stderr, code := runBin(t, strings.NewReader("a long password for the admin\n"), nil, "user", "add", "--data", data, "--database", db,
		"--email", "admin@example.org", "--role", "admin"); code != 0 {
		t.Fatalf("user add: %s", stderr)
	}
	stdout, stderr, code := runBin(t, nil, []string{"DHAKIRA_DATABASE=" + db}, "token", "add", "--data", data, "--email", "admin@example.org")
	if code != 0 {
		t.Fatalf("token add: %s", stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	return lines[len(lines)-1]
}

// create adds a published record through the write API of base and
// returns its code; ok is false when the node did not answer it.
func create(base, token, title string) (code string, ok bool) {
	body := fmt.Sprintf(`{"kind":"document","title":{"en":%q},"status":"published"}`, title)
	req, _ := http.NewRequest("POST", base+"/api/v1/records", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", false
	}
	defer resp.Body.Close()
	var rec struct {
		Code string `json:"code"`
	}
	if resp.StatusCode != http.StatusCreated || json.NewDecoder(resp.Body).Decode(&rec) != nil {
		return "", false
	}
	return rec.Code, true
}

// TestTwoNodes: two servers, each with its own data folder and search
// index, on one PostgreSQL database. A record written through one shows
// on the other's pages at once and in its search within two seconds; both
// say they are ready.
func TestTwoNodes(t *testing.T) {
	db := pgtest.URL(t)
	token := apiToken(t, db)
	a := startServer(t, nil, "--data", t.TempDir(), "--database", db)
	b := startServer(t, []string{"DHAKIRA_DATABASE=" + db}, "--data", t.TempDir())
	code, ok := create(a, token, "Quokkanian statement")
	if !ok {
		t.Fatal("the write API of node a refused the record")
	}
	if c, _ := get(t, b+"/en/records/"+code); c != 200 {
		t.Errorf("node b answers %s with %d right after node a wrote it", code, c)
	}
	waitTotal(t, b, "q=quokkanian", 1, 2*time.Second)
	for _, base := range []string{a, b} {
		if c, body := get(t, base+"/healthz"); c != 200 || strings.TrimSpace(body) != "ok" {
			t.Errorf("%s/healthz: %d %q", base, c, body)
		}
	}
	// Failed logins on one node count on the other.
	for range 5 {
		http.PostForm(a+"/en/login", map[string][]string{"email": {"admin@example.org"}, "password": {"wrong"}})
	}
	resp, err := http.PostForm(b+"/en/login", map[string][]string{"email": {"admin@example.org"}, "password": {"a long password for the admin"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("login on node b after five failures on node a: %d, want 429", resp.StatusCode)
	}
}

// TestNodeKilledMidWrite: a node killed with SIGKILL while it takes
// writes loses none it had acknowledged, and the other node goes on
// serving all of them, in pages and search.
func TestNodeKilledMidWrite(t *testing.T) {
	db := pgtest.URL(t)
	token := apiToken(t, db)
	a, cmd, _ := startProcess(t, nil, "--data", t.TempDir(), "--database", db)
	b := startServer(t, nil, "--data", t.TempDir(), "--database", db)

	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				code, ok := create(a, token, fmt.Sprintf("Wombatian note %d-%d", w, i))
				if !ok {
					return
				}
				mu.Lock()
				acked = append(acked, code)
				mu.Unlock()
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGKILL)
	wg.Wait()
	if len(acked) < 5 {
		t.Fatalf("only %d writes before the kill", len(acked))
	}
	for _, code := range acked {
		if c, _ := get(t, b+"/en/records/"+code); c != 200 {
			t.Errorf("%s, acknowledged by node a before it was killed, answers %d on node b", code, c)
		}
	}
	// Every acknowledged write is found; one committed as the node died,
	// unacknowledged, may be found too.
	start := time.Now()
	for n := 0; n < len(acked); n = searchTotal(t, b, "q=wombatian") {
		if time.Since(start) > 5*time.Second {
			t.Fatalf("node b finds %d of the %d acknowledged writes", n, len(acked))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if c, body := get(t, b+"/healthz"); c != 200 {
		t.Errorf("node b after node a was killed: /healthz %d %q", c, body)
	}
}

// TestMigrateStore copies a SQLite archive with accounts, tokens, audit
// lines and several revisions per record into PostgreSQL, killing the
// first copy part-way: the second goes on from where it stopped, and the
// two archives export the same bytes.
func TestMigrateStore(t *testing.T) {
	db := pgtest.URL(t)
	data := t.TempDir()
	file := filepath.Join(t.TempDir(), "corpus.jsonl")
	var buf bytes.Buffer
	if err := corpus.Write(&buf, corpus.Options{N: 3000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(file, buf.Bytes(), 0o644)
	for _, args := range [][]string{{"import", file}, {"import", "--update", file}, {"gazetteer", "syria"}} {
		if _, stderr, code := runBin(t, nil, nil, append(args, "--data", data)...); code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
	}
	// A second revision of some records.
	edited := strings.ReplaceAll(buf.String(), `"reliability":"unverified"`, `"reliability":"correct"`)
	os.WriteFile(file, []byte(edited), 0o644)
	if _, stderr, code := runBin(t, nil, nil, "import", "--update", "--data", data, file); code != 0 {
		t.Fatal(stderr)
	}
	if _, stderr, code := runBin(t, strings.NewReader("a long password for the admin\n"), nil, "user", "add", "--data", data,
		"--email", "admin@example.org", "--role", "admin"); code != 0 {
		t.Fatal(stderr)
	}
	if _, stderr, code := runBin(t, nil, nil, "token", "add", "--data", data, "--email", "admin@example.org", "--name", "ci"); code != 0 {
		t.Fatal(stderr)
	}

	// Refused: a database that is not empty.
	other := pgtest.URL(t)
	apiToken(t, other)
	if _, stderr, code := runBin(t, nil, nil, "migrate-store", "--from", data, "--to", other); code == 0 || !strings.Contains(stderr, "not empty") {
		t.Errorf("migrate-store into a database with an account: exit %d, %s", code, stderr)
	}

	// Killed part-way, then run again.
	cmd := exec.Command(bin, "migrate-store", "--from", data, "--to", db, "--batch", "100")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	seen := make([]byte, 0, 4096)
	for !bytes.Contains(seen, []byte("revisions ")) {
		b := make([]byte, 512)
		n, err := out.Read(b)
		if err != nil {
			break
		}
		seen = append(seen, b[:n]...)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if bytes.Contains(seen, []byte("copied and checked")) {
		t.Fatal("the first copy finished before it could be killed")
	}
	stdout, stderr, code := runBin(t, nil, nil, "migrate-store", "--from", data, "--to", db)
	if code != 0 {
		t.Fatalf("migrate-store after a kill: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "the two exports are the same bytes") {
		t.Errorf("migrate-store: %s", stdout)
	}
	if strings.Contains(stdout, "code_counters ") {
		t.Errorf("the second run copied again a table the first had finished:\n%s", stdout)
	}

	// Exports, byte for byte; the accounts, the token and the audit log came too.
	sqliteOut, _, _ := runBin(t, nil, nil, "export", "--data", data)
	pgOut, _, _ := runBin(t, nil, nil, "export", "--data", t.TempDir(), "--database", db)
	if sqliteOut != pgOut || len(sqliteOut) < 1000 {
		t.Errorf("exports differ: %d bytes from SQLite, %d from PostgreSQL", len(sqliteOut), len(pgOut))
	}
	auditA, _, _ := runBin(t, nil, nil, "audit", "--data", data)
	auditB, _, _ := runBin(t, nil, nil, "audit", "--data", t.TempDir(), "--database", db)
	if auditA != auditB || !strings.Contains(auditA, "token.add") {
		t.Errorf("audit logs differ:\n%s\n%s", auditA, auditB)
	}
	base := startServer(t, nil, "--data", t.TempDir(), "--database", db)
	waitTotal(t, base, "kind=document", strings.Count(buf.String(), `{"kind":"document"`), 30*time.Second)

	// Run again on a finished copy: it only checks.
	if stdout, stderr, code := runBin(t, nil, nil, "migrate-store", "--from", data, "--to", db); code != 0 || !strings.Contains(stdout, "finished before") {
		t.Errorf("migrate-store again: exit %d\n%s%s", code, stdout, stderr)
	}
}
