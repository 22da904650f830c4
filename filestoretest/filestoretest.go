// Package filestoretest is the behaviour every dhakira.FileStore must have,
// written once and run against each kind of storage (a local folder, S3),
// instead of mocks.
//
// A test package using it calls Child from its TestMain, then Run from a
// test:
//
//	func TestMain(m *testing.M) {
//		filestoretest.Child(open)
//		os.Exit(m.Run())
//	}
//
// because the crash test runs the test binary again, as a child process
// that it kills part way through a Put.
package filestoretest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
)

// Engine is one kind of storage under test.
type Engine struct {
	// Fresh returns the location of a new, empty store (a folder, an
	// s3:// URL) for one test.
	Fresh func(t *testing.T) string
	// Open opens the store at a location Fresh returned. It is called in
	// the test process and in the crash test's child process.
	Open func(loc string) (dhakira.FileStore, error)
	// List lists everything stored at loc, temporary and unfinished
	// writes included, as paths or keys relative to the store, sorted.
	List func(t *testing.T, loc string) []string
	// Temporary reports whether a path List returned is a temporary one
	// (a write in progress), which readers never see.
	Temporary func(path string) bool
}

// crashEnv carries the store location to the child process of the crash
// test.
const crashEnv = "DHAKIRA_FILESTORETEST_CRASH"

// Run runs the suite.
func Run(t *testing.T, e Engine) {
	tests := []struct {
		name string
		fn   func(*testing.T, Engine)
	}{
		{"PutStatOpen", testPutStatOpen},
		{"Empty", testEmpty},
		{"Dedup", testDedup},
		{"ConcurrentSame", testConcurrentSame},
		{"Limit", testLimit},
		{"FailedReader", testFailedReader},
		{"Cancel", testCancel},
		{"Seek", testSeek},
		{"ServeContent", testServeContent},
		{"Large", testLarge},
		{"Derived", testDerived},
		{"NotFound", testNotFound},
		{"Reopen", testReopen},
		{"Crash", testCrash},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, e) })
	}
}

func open(t *testing.T, e Engine) (dhakira.FileStore, string) {
	t.Helper()
	loc := e.Fresh(t)
	s, err := e.Open(loc)
	if err != nil {
		t.Fatalf("open %s: %v", loc, err)
	}
	return s, loc
}

func hash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// Data returns n bytes that look random, the same for the same seed.
func Data(n int, seed uint64) []byte {
	b := make([]byte, n)
	Stream(int64(n), seed).Read(b)
	return b
}

// Stream returns a reader of n bytes that look random, the same for the
// same seed, made as they are read (nothing held in memory).
func Stream(n int64, seed uint64) io.Reader {
	var key [32]byte
	key[0] = byte(seed)
	key[1] = byte(seed >> 8)
	return io.LimitReader(rand.NewChaCha8(key), n)
}

func put(t *testing.T, s dhakira.FileStore, b []byte) dhakira.FileInfo {
	t.Helper()
	info, err := s.Put(context.Background(), bytes.NewReader(b), 0)
	if err != nil {
		t.Fatalf("put %d bytes: %v", len(b), err)
	}
	return info
}

func readAll(t *testing.T, s dhakira.FileStore, sha string) []byte {
	t.Helper()
	f, err := s.Open(context.Background(), sha)
	if err != nil {
		t.Fatalf("open %s: %v", sha, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatalf("read %s: %v", sha, err)
	}
	if f.Size() != int64(len(b)) {
		t.Errorf("open %s: Size %d, read %d bytes", sha, f.Size(), len(b))
	}
	return b
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := dhakira.ErrorCode(err); got != code {
		t.Errorf("%s: error %v (code %q), want code %q", what, err, got, code)
	}
}

// finals lists the stored paths that are not temporary.
func finals(t *testing.T, e Engine, loc string) []string {
	var out []string
	for _, p := range e.List(t, loc) {
		if !e.Temporary(p) {
			out = append(out, p)
		}
	}
	return out
}

// testPutStatOpen: a file comes back byte for byte under its SHA-256, with
// its size and the type of its content.
func testPutStatOpen(t *testing.T, e Engine) {
	s, _ := open(t, e)
	ctx := context.Background()
	pdf := []byte("%PDF-1.4\n" + strings.Repeat("stream of a statement\n", 500))
	info := put(t, s, pdf)
	want := dhakira.FileInfo{SHA256: hash(pdf), Size: int64(len(pdf)), Type: "application/pdf"}
	if info != want {
		t.Errorf("put: %+v, want %+v", info, want)
	}
	st, err := s.Stat(ctx, want.SHA256)
	if err != nil || st != want {
		t.Errorf("stat: %+v, %v; want %+v", st, err, want)
	}
	if got := readAll(t, s, want.SHA256); !bytes.Equal(got, pdf) {
		t.Errorf("read back %d bytes that differ from the %d put", len(got), len(pdf))
	}
	text := []byte("شهادة من حمص، ١٩٨٢\nA testimony from Homs, 1982\n")
	if info := put(t, s, text); info.Type != "text/plain; charset=utf-8" || info.SHA256 != hash(text) {
		t.Errorf("text: %+v", info)
	}
}

func testEmpty(t *testing.T, e Engine) {
	s, _ := open(t, e)
	info := put(t, s, nil)
	if info.SHA256 != hash(nil) || info.Size != 0 {
		t.Errorf("empty file: %+v", info)
	}
	if b := readAll(t, s, info.SHA256); len(b) != 0 {
		t.Errorf("empty file reads %d bytes", len(b))
	}
}

// testDedup: the same bytes twice are stored once, and the second Put does
// not disturb the first.
func testDedup(t *testing.T, e Engine) {
	s, loc := open(t, e)
	b := Data(100_000, 1)
	first := put(t, s, b)
	stored := finals(t, e, loc)
	second := put(t, s, b)
	if first != second {
		t.Errorf("second put %+v, first %+v", second, first)
	}
	if again := finals(t, e, loc); !slices.Equal(again, stored) {
		t.Errorf("stored after the first put %v, after the second %v", stored, again)
	}
	if len(stored) != 1 || !strings.Contains(stored[0], first.SHA256) {
		t.Errorf("one file stored under its hash, found %v", stored)
	}
	if tmp := e.List(t, loc); len(tmp) != len(stored) {
		t.Errorf("temporary files left behind: %v", tmp)
	}
	if got := readAll(t, s, first.SHA256); !bytes.Equal(got, b) {
		t.Error("the file differs after being put twice")
	}
}

// testConcurrentSame: several Puts of the same bytes at once all succeed.
func testConcurrentSame(t *testing.T, e Engine) {
	s, loc := open(t, e)
	b := Data(300_000, 2)
	var wg sync.WaitGroup
	infos := make([]dhakira.FileInfo, 4)
	errs := make([]error, 4)
	for i := range infos {
		wg.Go(func() {
			infos[i], errs[i] = s.Put(context.Background(), bytes.NewReader(b), 0)
		})
	}
	wg.Wait()
	for i := range infos {
		if errs[i] != nil || infos[i].SHA256 != hash(b) || infos[i].Size != int64(len(b)) {
			t.Errorf("put %d: %+v, %v", i, infos[i], errs[i])
		}
	}
	if got := finals(t, e, loc); len(got) != 1 {
		t.Errorf("stored %v, want one file", got)
	}
	if got := readAll(t, s, hash(b)); !bytes.Equal(got, b) {
		t.Error("the file differs after concurrent puts")
	}
}

// testLimit: a file over the limit is refused with an error naming the
// limit, and nothing of it is kept; a file of exactly the limit is fine.
func testLimit(t *testing.T, e Engine) {
	s, loc := open(t, e)
	ctx := context.Background()
	b := Data(1_500_001, 3)
	_, err := s.Put(ctx, bytes.NewReader(b), 1_500_000)
	wantCode(t, "put over the limit", err, dhakira.EINVALID)
	if err != nil && !strings.Contains(err.Error(), "1.5 MB") {
		t.Errorf("the error does not name the limit: %v", err)
	}
	_, err = s.Stat(ctx, hash(b))
	wantCode(t, "stat of a refused file", err, dhakira.ENOTFOUND)
	if got := e.List(t, loc); len(got) != 0 {
		t.Errorf("a refused file left %v", got)
	}
	// The limit stops the reading: an endless reader is refused too, past
	// any buffer a store may keep in memory.
	_, err = s.Put(ctx, Stream(1<<62, 4), 30_000_000)
	wantCode(t, "put of an endless reader", err, dhakira.EINVALID)
	if got := e.List(t, loc); len(got) != 0 {
		t.Errorf("a refused endless file left %v", got)
	}

	info, err := s.Put(ctx, bytes.NewReader(b[:1_500_000]), 1_500_000)
	if err != nil || info.Size != 1_500_000 {
		t.Errorf("put of exactly the limit: %+v, %v", info, err)
	}
}

// failingReader fails after n bytes.
type failingReader struct {
	r io.Reader
	n int
}

var errDisk = errors.New("the source disk failed")

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errDisk
	}
	if len(p) > f.n {
		p = p[:f.n]
	}
	n, err := f.r.Read(p)
	f.n -= n
	return n, err
}

// testFailedReader: a source that fails part way leaves nothing, and the
// error says why.
func testFailedReader(t *testing.T, e Engine) {
	s, loc := open(t, e)
	_, err := s.Put(context.Background(), &failingReader{Stream(1<<30, 5), 20 << 20}, 0)
	if !errors.Is(err, errDisk) {
		t.Errorf("put from a failing reader: %v, want %v in the chain", err, errDisk)
	}
	if got := e.List(t, loc); len(got) != 0 {
		t.Errorf("a failed put left %v", got)
	}
}

// cancelReader cancels its context after n bytes.
type cancelReader struct {
	r      io.Reader
	n      int
	cancel func()
}

func (c *cancelReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.n -= n; c.n <= 0 {
		c.cancel()
	}
	return n, err
}

func testCancel(t *testing.T, e Engine) {
	s, loc := open(t, e)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b := Data(3_000_000, 6)
	_, err := s.Put(ctx, &cancelReader{bytes.NewReader(b), 1_000_000, cancel}, 0)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("put with its context canceled: %v", err)
	}
	if _, err := s.Stat(context.Background(), hash(b)); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("stat after a canceled put: %v", err)
	}
	if got := finals(t, e, loc); len(got) != 0 {
		t.Errorf("a canceled put left %v", got)
	}
}

// testSeek: a reader seeks anywhere and reads from there, as range
// requests need.
func testSeek(t *testing.T, e Engine) {
	s, _ := open(t, e)
	b := Data(2_000_000, 7)
	info := put(t, s, b)
	f, err := s.Open(context.Background(), info.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Size() != int64(len(b)) {
		t.Errorf("size %d, want %d", f.Size(), len(b))
	}
	read := func(what string, off int64, whence int, n int, want []byte) {
		t.Helper()
		pos, err := f.Seek(off, whence)
		if err != nil {
			t.Fatalf("%s: seek: %v", what, err)
		}
		got := make([]byte, n)
		k, err := io.ReadFull(f, got)
		if err != nil && !(errors.Is(err, io.ErrUnexpectedEOF) && k == len(want)) {
			t.Fatalf("%s: read at %d: %v", what, pos, err)
		}
		if !bytes.Equal(got[:k], want) {
			t.Errorf("%s: %d bytes read at %d differ", what, k, pos)
		}
	}
	read("middle", 1_000_000, io.SeekStart, 4096, b[1_000_000:1_004_096])
	read("start", 0, io.SeekStart, 10, b[:10])
	read("relative", 100, io.SeekCurrent, 10, b[110:120])
	read("end", -5, io.SeekEnd, 5, b[len(b)-5:])
	read("back to the middle", 1_500_000, io.SeekStart, 1000, b[1_500_000:1_501_000])
	if pos, err := f.Seek(0, io.SeekEnd); err != nil || pos != int64(len(b)) {
		t.Errorf("seek to the end: %d, %v", pos, err)
	}
	if n, err := f.Read(make([]byte, 10)); n != 0 || err != io.EOF {
		t.Errorf("read at the end: %d, %v", n, err)
	}
}

// testServeContent: http.ServeContent answers a range request from a
// FileReader with exactly the bytes asked for.
func testServeContent(t *testing.T, e Engine) {
	s, _ := open(t, e)
	b := Data(5_000_000, 8)
	info := put(t, s, b)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, err := s.Open(r.Context(), info.SHA256)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		defer f.Close()
		w.Header().Set("ETag", `"`+info.SHA256+`"`)
		http.ServeContent(w, r, "", time.Time{}, f)
	}))
	defer srv.Close()
	for _, c := range []struct {
		rng        string
		from, to   int
		wantStatus int
	}{
		{"bytes=2500000-2500999", 2_500_000, 2_501_000, 206},
		{"bytes=-100", len(b) - 100, len(b), 206},
		{"bytes=4999990-", len(b) - 10, len(b), 206},
		{"", 0, len(b), 200},
	} {
		req, _ := http.NewRequest("GET", srv.URL, nil)
		if c.rng != "" {
			req.Header.Set("Range", c.rng)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != c.wantStatus || !bytes.Equal(got, b[c.from:c.to]) {
			t.Errorf("range %q: status %d, %d bytes, %v; want %d and bytes %d-%d", c.rng, resp.StatusCode, len(got), err, c.wantStatus, c.from, c.to)
		}
	}
}

// testLarge: a file larger than any buffer, from a reader that is not in
// memory, comes back whole.
func testLarge(t *testing.T, e Engine) {
	s, _ := open(t, e)
	const n = 70 << 20
	h := sha256.New()
	io.Copy(h, Stream(n, 9))
	want := hex.EncodeToString(h.Sum(nil))
	info, err := s.Put(context.Background(), Stream(n, 9), 0)
	if err != nil || info.SHA256 != want || info.Size != n {
		t.Fatalf("put of %d bytes: %+v, %v; want hash %s", n, info, err, want)
	}
	f, err := s.Open(context.Background(), want)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h.Reset()
	if k, err := io.Copy(h, f); err != nil || k != n || hex.EncodeToString(h.Sum(nil)) != want {
		t.Errorf("read back %d bytes, %v; hash %x, want %s", k, err, h.Sum(nil), want)
	}
}

// testDerived: files derived from an original are kept beside it,
// replaced, listed, and refused for an original that is not there.
func testDerived(t *testing.T, e Engine) {
	s, _ := open(t, e)
	ctx := context.Background()
	orig := put(t, s, Data(10_000, 10))
	absent := hash([]byte("absent"))
	err := s.PutDerived(ctx, absent, "poster.jpg", strings.NewReader("jpeg"))
	wantCode(t, "derived of an absent original", err, dhakira.ENOTFOUND)

	if names, err := s.Derived(ctx, orig.SHA256); err != nil || len(names) != 0 {
		t.Errorf("derived before any: %v, %v", names, err)
	}
	_, err = s.OpenDerived(ctx, orig.SHA256, "poster.jpg")
	wantCode(t, "open of an absent derived file", err, dhakira.ENOTFOUND)

	big := Data(3_000_000, 11)
	for name, body := range map[string][]byte{"poster.jpg": []byte("first poster"), "page-0001.jpg": []byte("page one"), "access.mp4": big} {
		if err := s.PutDerived(ctx, orig.SHA256, name, bytes.NewReader(body)); err != nil {
			t.Fatalf("put derived %s: %v", name, err)
		}
	}
	if err := s.PutDerived(ctx, orig.SHA256, "poster.jpg", strings.NewReader("second poster")); err != nil {
		t.Fatal(err)
	}
	names, err := s.Derived(ctx, orig.SHA256)
	if want := []string{"access.mp4", "page-0001.jpg", "poster.jpg"}; err != nil || !slices.Equal(names, want) {
		t.Errorf("derived: %v, %v; want %v", names, err, want)
	}
	readDerived := func(name string) []byte {
		f, err := s.OpenDerived(ctx, orig.SHA256, name)
		if err != nil {
			t.Fatalf("open derived %s: %v", name, err)
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		if err != nil || f.Size() != int64(len(b)) {
			t.Errorf("derived %s: read %d bytes, size %d, %v", name, len(b), f.Size(), err)
		}
		return b
	}
	if got := readDerived("poster.jpg"); string(got) != "second poster" {
		t.Errorf("replaced poster: %q", got)
	}
	if got := readDerived("access.mp4"); !bytes.Equal(got, big) {
		t.Errorf("access copy: %d bytes that differ", len(got))
	}
	f, err := s.OpenDerived(ctx, orig.SHA256, "access.mp4")
	if err != nil {
		t.Fatal(err)
	}
	f.Seek(2_000_000, io.SeekStart)
	mid := make([]byte, 100)
	if _, err := io.ReadFull(f, mid); err != nil || !bytes.Equal(mid, big[2_000_000:2_000_100]) {
		t.Errorf("seek in a derived file: %v", err)
	}
	f.Close()

	// The original is untouched by what is derived from it.
	if st, err := s.Stat(ctx, orig.SHA256); err != nil || st != orig {
		t.Errorf("original after derived files: %+v, %v", st, err)
	}
	for _, bad := range []string{"", "../escape", "a/b", ".hidden", "Poster.JPG", "page 1.jpg", strings.Repeat("x", 101)} {
		err := s.PutDerived(ctx, orig.SHA256, bad, strings.NewReader("x"))
		wantCode(t, fmt.Sprintf("derived name %q", bad), err, dhakira.EINVALID)
		_, err = s.OpenDerived(ctx, orig.SHA256, bad)
		wantCode(t, fmt.Sprintf("open derived name %q", bad), err, dhakira.EINVALID)
	}
}

func testNotFound(t *testing.T, e Engine) {
	s, _ := open(t, e)
	ctx := context.Background()
	absent := hash([]byte("never stored"))
	_, err := s.Stat(ctx, absent)
	wantCode(t, "stat of an absent file", err, dhakira.ENOTFOUND)
	if err != nil && !strings.Contains(err.Error(), absent) {
		t.Errorf("the error does not name the hash: %v", err)
	}
	_, err = s.Open(ctx, absent)
	wantCode(t, "open of an absent file", err, dhakira.ENOTFOUND)
	for _, bad := range []string{"", "abc", strings.ToUpper(absent), "../../../../etc/passwd", absent[:63] + "g", absent + "0"} {
		_, err := s.Stat(ctx, bad)
		wantCode(t, fmt.Sprintf("stat %q", bad), err, dhakira.EINVALID)
		_, err = s.Open(ctx, bad)
		wantCode(t, fmt.Sprintf("open %q", bad), err, dhakira.EINVALID)
		_, err = s.Derived(ctx, bad)
		wantCode(t, fmt.Sprintf("derived %q", bad), err, dhakira.EINVALID)
		err = s.PutDerived(ctx, bad, "poster.jpg", strings.NewReader("x"))
		wantCode(t, fmt.Sprintf("put derived of %q", bad), err, dhakira.EINVALID)
		_, err = s.OpenDerived(ctx, bad, "poster.jpg")
		wantCode(t, fmt.Sprintf("open derived of %q", bad), err, dhakira.EINVALID)
	}
}

// testReopen: files outlive the store value that wrote them.
func testReopen(t *testing.T, e Engine) {
	s, loc := open(t, e)
	b := Data(50_000, 12)
	info := put(t, s, b)
	if err := s.PutDerived(context.Background(), info.SHA256, "text.json", strings.NewReader(`{"pages":[]}`)); err != nil {
		t.Fatal(err)
	}
	s2, err := e.Open(loc)
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, s2, info.SHA256); !bytes.Equal(got, b) {
		t.Error("reopened: the file differs")
	}
	if st, err := s2.Stat(context.Background(), info.SHA256); err != nil || st != info {
		t.Errorf("reopened: stat %+v, %v; want %+v", st, err, info)
	}
	if names, err := s2.Derived(context.Background(), info.SHA256); err != nil || !slices.Equal(names, []string{"text.json"}) {
		t.Errorf("reopened: derived %v, %v", names, err)
	}
}

// Crash test: the child puts crashSize bytes of crashSeed, says "ready"
// once crashReady of them are read, and waits to be killed.
const (
	crashSize  = 64 << 20
	crashReady = 24 << 20
	crashSeed  = 13
)

// testCrash: a process killed (SIGKILL) in the middle of a Put leaves no
// file under any hash; the store opens again, and the same Put then
// succeeds.
func testCrash(t *testing.T, e Engine) {
	if testing.Short() {
		t.Skip("short: no child process")
	}
	loc := e.Fresh(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnv+"="+loc)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line := make([]byte, 6)
	if _, err := io.ReadFull(out, line); err != nil || string(line) != "ready\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child process: %q, %v; stderr: %s", line, err, stderr.String())
	}
	mid := e.List(t, loc)
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no cleanup runs
		t.Fatal(err)
	}
	cmd.Wait()
	if len(mid) == 0 {
		t.Errorf("nothing stored while the put was under way: is the child writing?")
	}
	if got := finals(t, e, loc); len(got) != 0 {
		t.Errorf("after a crash mid-put: %v", got)
	}

	s, err := e.Open(loc)
	if err != nil {
		t.Fatalf("open after a crash: %v", err)
	}
	h := sha256.New()
	io.Copy(h, Stream(crashSize, crashSeed))
	sha := hex.EncodeToString(h.Sum(nil))
	_, err = s.Stat(context.Background(), sha)
	wantCode(t, "stat after a crash", err, dhakira.ENOTFOUND)

	info, err := s.Put(context.Background(), Stream(crashSize, crashSeed), 0)
	if err != nil || info.SHA256 != sha || info.Size != crashSize {
		t.Fatalf("put after a crash: %+v, %v", info, err)
	}
	t.Logf("stored during the put: %v; after the crash, reopening and a put: %v", mid, e.List(t, loc))
}

// Child, called from TestMain before m.Run, is the crash test's child
// process when the test binary is run as one: it opens the store, puts a
// large file, says so on its standard output part way, and waits to be
// killed. Otherwise it returns at once.
func Child(openStore func(loc string) (dhakira.FileStore, error)) {
	loc := os.Getenv(crashEnv)
	if loc == "" {
		return
	}
	s, err := openStore(loc)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	r := &readyReader{r: Stream(crashSize, crashSeed), ready: crashReady}
	_, err = s.Put(context.Background(), r, 0)
	fmt.Fprintf(os.Stderr, "put returned before the kill: %v\n", err)
	os.Exit(2)
}

// readyReader says "ready" once n bytes have been read, then blocks.
type readyReader struct {
	r     io.Reader
	n     int
	ready int
}

func (r *readyReader) Read(p []byte) (int, error) {
	if r.n >= r.ready {
		os.Stdout.WriteString("ready\n")
		time.Sleep(time.Hour) // until killed
	}
	if len(p) > r.ready-r.n {
		p = p[:r.ready-r.n]
	}
	n, err := r.r.Read(p)
	r.n += n
	return n, err
}
