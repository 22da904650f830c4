package diskfiles_test

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/diskfiles"
	"github.com/dhakira/dhakira/filestoretest"
)

func openStore(dir string) (dhakira.FileStore, error) { return diskfiles.Open(dir) }

func TestMain(m *testing.M) {
	filestoretest.Child(openStore)
	os.Exit(m.Run())
}

// list walks the folder: every file, as a slash-separated path.
func list(t *testing.T, dir string) []string {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func TestFileStore(t *testing.T) {
	filestoretest.Run(t, filestoretest.Engine{
		Fresh:     func(t *testing.T) string { return filepath.Join(t.TempDir(), "files") },
		Open:      openStore,
		List:      list,
		Temporary: func(p string) bool { return strings.HasPrefix(p, "tmp/") },
	})
}

// TestLayout: an original is read-only at ab/cd/HASH, derived files under
// derived/ab/cd/HASH/.
func TestLayout(t *testing.T) {
	dir := t.TempDir()
	s, err := diskfiles.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	info, err := s.Put(ctx, strings.NewReader("hello"), 0)
	if err != nil {
		t.Fatal(err)
	}
	sha := info.SHA256
	if sha != "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" {
		t.Errorf("sha256 of hello: %s", sha)
	}
	if err := s.PutDerived(ctx, sha, "text.txt", strings.NewReader("HELLO")); err != nil {
		t.Fatal(err)
	}
	want := []string{"2c/f2/" + sha, "derived/2c/f2/" + sha + "/text.txt"}
	if got := list(t, dir); !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if s.Path(sha) != filepath.Join(dir, "2c", "f2", sha) {
		t.Errorf("path %s", s.Path(sha))
	}
	st, err := os.Stat(s.Path(sha))
	if err != nil || st.Mode().Perm()&0o222 != 0 {
		t.Errorf("an original should be read-only: %v, %v", st.Mode(), err)
	}
}

// TestStaleTemp: Open removes temporary files nobody is writing, and keeps
// one another store in the same folder is writing.
func TestStaleTemp(t *testing.T) {
	dir := t.TempDir()
	if _, err := diskfiles.Open(dir); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "tmp", "put-123")
	if err := os.WriteFile(stale, []byte("half a file"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A Put in progress in this process holds its lock.
	pr, pw := io.Pipe()
	s, _ := diskfiles.Open(dir)
	done := make(chan error)
	go func() {
		_, err := s.Put(context.Background(), pr, 0)
		done <- err
	}()
	pw.Write([]byte("being written"))
	if _, err := diskfiles.Open(dir); err != nil {
		t.Fatal(err)
	}
	got := list(t, dir)
	if len(got) != 1 || got[0] == "tmp/put-123" || !strings.HasPrefix(got[0], "tmp/put-") {
		t.Errorf("after open: %v, want only the temporary file being written", got)
	}
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := list(t, dir); len(got) != 1 || strings.HasPrefix(got[0], "tmp/") {
		t.Errorf("after the put: %v", got)
	}
}
