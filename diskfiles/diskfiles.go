// Package diskfiles keeps the archive's files in a local folder (DIR/files
// by default), implementing dhakira.FileStore.
//
// Layout, the same keys as s3files so that a folder can be copied to a
// bucket as it is:
//
//	ab/cd/abcd…  an original, read-only, named by its SHA-256
//	derived/ab/cd/abcd…/NAME  files derived from it (poster.jpg, …)
//	tmp/         files being written; never read
//
// Put writes to a temporary file, syncs it, then links it under its hash
// (a link never replaces an existing file, so an original, once there, is
// never touched again) and syncs the folder: a crash at any point leaves
// either the whole file under its hash or nothing there. A temporary file
// is locked while it is written; Open removes those no process holds any
// more, left by a crash.
package diskfiles

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dhakira/dhakira"
)

// Store is a folder of files.
type Store struct {
	dir string
}

var _ dhakira.FileStore = (*Store)(nil)

// Open opens the folder dir, creating it when it does not exist, and
// removes temporary files left by a Put that crashed.
func Open(dir string) (*Store, error) {
	if dir == "" {
		return nil, dhakira.Errorf(dhakira.EINVALID, "files folder: empty path")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("files folder %s: %w", dir, err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		return nil, fmt.Errorf("files folder: %w", err)
	}
	s := &Store{dir: dir}
	if err := s.removeStale(); err != nil {
		return nil, err
	}
	return s, nil
}

// Dir is the folder the store keeps its files in.
func (s *Store) Dir() string { return s.dir }

// Path is where the original sha is (or would be) on disk, for tools that
// need a file name (ffprobe, pdftotext…). It reads nothing.
func (s *Store) Path(sha string) string {
	return filepath.Join(s.dir, sha[:2], sha[2:4], sha)
}

func (s *Store) derivedDir(sha string) string {
	return filepath.Join(s.dir, "derived", sha[:2], sha[2:4], sha)
}

// removeStale deletes the temporary files nobody is writing any more.
func (s *Store) removeStale() error {
	tmp := filepath.Join(s.dir, "tmp")
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return fmt.Errorf("files folder: %w", err)
	}
	for _, e := range entries {
		p := filepath.Join(tmp, e.Name())
		f, err := os.Open(p)
		if err != nil {
			continue // gone meanwhile, or not ours to remove
		}
		if stale(f) {
			os.Remove(p)
		}
		f.Close()
	}
	return nil
}

// tempFile creates a locked temporary file in tmp/.
func (s *Store) tempFile() (*os.File, error) {
	f, err := os.CreateTemp(filepath.Join(s.dir, "tmp"), "put-*")
	if err != nil {
		return nil, fmt.Errorf("files folder: %w", err)
	}
	if err := lock(f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("files folder: locking %s: %w", f.Name(), err)
	}
	return f, nil
}

// ctxReader stops a copy when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// Put implements dhakira.FileStore.
func (s *Store) Put(ctx context.Context, r io.Reader, limit int64) (dhakira.FileInfo, error) {
	f, err := s.tempFile()
	if err != nil {
		return dhakira.FileInfo{}, err
	}
	tmp := f.Name()
	defer func() {
		f.Close()
		os.Remove(tmp) // after the link, or after a failure: never needed
	}()

	h := sha256.New()
	src := io.Reader(ctxReader{ctx, r})
	if limit > 0 {
		src = io.LimitReader(src, limit+1)
	}
	sn := &sniffer{}
	n, err := io.Copy(io.MultiWriter(f, h, sn), src)
	if err != nil {
		return dhakira.FileInfo{}, fmt.Errorf("storing a file: %w", err)
	}
	if limit > 0 && n > limit {
		return dhakira.FileInfo{}, dhakira.TooLarge(limit)
	}
	if err := f.Sync(); err != nil {
		return dhakira.FileInfo{}, fmt.Errorf("storing a file: %w", err)
	}
	if err := f.Chmod(0o444); err != nil {
		return dhakira.FileInfo{}, fmt.Errorf("storing a file: %w", err)
	}
	info := dhakira.FileInfo{SHA256: hex.EncodeToString(h.Sum(nil)), Size: n, Type: dhakira.DetectType(sn.head)}

	final := s.Path(info.SHA256)
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return dhakira.FileInfo{}, fmt.Errorf("storing a file: %w", err)
	}
	switch err := os.Link(tmp, final); {
	case errors.Is(err, fs.ErrExist):
		// The same bytes are there already: keep those.
		return s.Stat(ctx, info.SHA256)
	case err != nil:
		return dhakira.FileInfo{}, fmt.Errorf("storing file %s: %w", info.SHA256, err)
	}
	if err := syncDir(filepath.Dir(final)); err != nil {
		os.Remove(final)
		return dhakira.FileInfo{}, fmt.Errorf("storing file %s: %w", info.SHA256, err)
	}
	return info, nil
}

// sniffer keeps the first bytes written to it, for DetectType.
type sniffer struct{ head []byte }

func (s *sniffer) Write(p []byte) (int, error) {
	if n := dhakira.SniffLen - len(s.head); n > 0 {
		s.head = append(s.head, p[:min(n, len(p))]...)
	}
	return len(p), nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func notFound(sha string) error {
	return dhakira.Errorf(dhakira.ENOTFOUND, "file %s: not in the archive", sha)
}

// Stat implements dhakira.FileStore. The type is detected again from the
// file's first bytes: the folder keeps nothing but the bytes.
func (s *Store) Stat(ctx context.Context, sha string) (dhakira.FileInfo, error) {
	f, err := s.Open(ctx, sha)
	if err != nil {
		return dhakira.FileInfo{}, err
	}
	defer f.Close()
	head := make([]byte, dhakira.SniffLen)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return dhakira.FileInfo{}, fmt.Errorf("file %s: %w", sha, err)
	}
	return dhakira.FileInfo{SHA256: sha, Size: f.Size(), Type: dhakira.DetectType(head[:n])}, nil
}

// file is an open file that knows its size.
type file struct {
	*os.File
	size int64
}

func (f file) Size() int64 { return f.size }

func openFile(p string) (*file, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s: not a regular file", p)
	}
	return &file{f, st.Size()}, nil
}

// Open implements dhakira.FileStore.
func (s *Store) Open(ctx context.Context, sha string) (dhakira.FileReader, error) {
	if err := dhakira.CheckSHA256(sha); err != nil {
		return nil, err
	}
	f, err := openFile(s.Path(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, notFound(sha)
	}
	if err != nil {
		return nil, fmt.Errorf("file %s: %w", sha, err)
	}
	return f, nil
}

// PutDerived implements dhakira.FileStore.
func (s *Store) PutDerived(ctx context.Context, sha, name string, r io.Reader) error {
	if err := dhakira.CheckSHA256(sha); err != nil {
		return err
	}
	if err := dhakira.CheckDerivedName(name); err != nil {
		return err
	}
	if _, err := os.Stat(s.Path(sha)); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return notFound(sha)
		}
		return fmt.Errorf("file %s: %w", sha, err)
	}
	f, err := s.tempFile()
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		f.Close()
		os.Remove(tmp)
	}()
	if _, err := io.Copy(f, ctxReader{ctx, r}); err != nil {
		return fmt.Errorf("file %s: storing %s: %w", sha, name, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("file %s: storing %s: %w", sha, name, err)
	}
	if err := f.Chmod(0o444); err != nil {
		return fmt.Errorf("file %s: storing %s: %w", sha, name, err)
	}
	dir := s.derivedDir(sha)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("file %s: storing %s: %w", sha, name, err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return fmt.Errorf("file %s: storing %s: %w", sha, name, err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("file %s: storing %s: %w", sha, name, err)
	}
	return nil
}

// OpenDerived implements dhakira.FileStore.
func (s *Store) OpenDerived(ctx context.Context, sha, name string) (dhakira.FileReader, error) {
	if err := dhakira.CheckSHA256(sha); err != nil {
		return nil, err
	}
	if err := dhakira.CheckDerivedName(name); err != nil {
		return nil, err
	}
	f, err := openFile(filepath.Join(s.derivedDir(sha), name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, dhakira.Errorf(dhakira.ENOTFOUND, "file %s: no derived file %q", sha, name)
	}
	if err != nil {
		return nil, fmt.Errorf("file %s: %w", sha, err)
	}
	return f, nil
}

// Derived implements dhakira.FileStore.
func (s *Store) Derived(ctx context.Context, sha string) ([]string, error) {
	if err := dhakira.CheckSHA256(sha); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(s.derivedDir(sha))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("file %s: %w", sha, err)
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && dhakira.ValidDerivedName(e.Name()) && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names, nil
}
