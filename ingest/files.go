package ingest

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

	"github.com/dhakira/dhakira"
)

// files is what an import knows of the files its records bring: each path
// hashed once in the check pass, each hash without a path looked up once,
// each path stored once in the write pass.
type files struct {
	store   dhakira.FileStore
	limit   int64
	paths   map[string]pathInfo         // absolute path → what hashing it gave
	known   map[string]dhakira.FileInfo // hash → the archive's file
	stored  map[string]bool             // hashes already in the store
	counted map[string]bool             // hashes counted in bytes
	bytes   int64                       // bytes to store, counted in the check pass
	done    int64                       // bytes read so far in this pass
	report  func(phase string, done, total int64)
}

type pathInfo struct {
	info dhakira.FileInfo
	err  error
}

func newFiles(opt Options) *files {
	report := opt.BytesProgress
	if report == nil {
		report = func(string, int64, int64) {}
	}
	return &files{store: opt.Files, limit: opt.FileLimit, paths: map[string]pathInfo{}, known: map[string]dhakira.FileInfo{},
		stored: map[string]bool{}, counted: map[string]bool{}, report: report}
}

// resolve is the absolute path of a file named in input in.
func resolve(in Input, p string) (string, error) {
	if filepath.IsAbs(p) {
		return filepath.Clean(p), nil
	}
	if in.Dir == "" {
		return "", errors.New("a relative path, but this input has no folder (give an absolute path)")
	}
	return filepath.Abs(filepath.Join(in.Dir, p))
}

// fileError says what is wrong with a file as an import problem shows it.
func fileError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(err, fs.ErrNotExist) {
			return "no such file"
		}
		return pe.Err.Error()
	}
	return err.Error()
}

// check looks at the files of r, a record of input in, as pass 1 reads
// it, and reports each problem through problem(field, message).
func (fl *files) check(ctx context.Context, in Input, r *dhakira.Record, problem func(field, msg string)) {
	seen := map[string]int{}
	for i := range r.Files {
		f := &r.Files[i]
		field := fmt.Sprintf("files[%d]", i)
		var sha string
		switch {
		case f.Path != "":
			field += ".path"
			if fl.store == nil {
				problem(field, field+": this import does not store files")
				continue
			}
			abs, err := resolve(in, f.Path)
			if err != nil {
				problem(field, fmt.Sprintf("%s: %q: %v", field, f.Path, err))
				continue
			}
			pi, ok := fl.paths[abs]
			if !ok {
				pi.info, pi.err = fl.hash(ctx, abs)
				fl.paths[abs] = pi
				if pi.err == nil && !fl.counted[pi.info.SHA256] {
					fl.counted[pi.info.SHA256] = true
					fl.bytes += pi.info.Size
				}
			}
			if pi.err != nil {
				problem(field, fmt.Sprintf("%s: %q: %s", field, f.Path, fileError(pi.err)))
				continue
			}
			if f.SHA256 != "" && f.SHA256 != pi.info.SHA256 {
				problem(fmt.Sprintf("files[%d].sha256", i), fmt.Sprintf("files[%d].sha256: %s, but the file at %q has the hash %s", i, f.SHA256, f.Path, pi.info.SHA256))
				continue
			}
			sha = pi.info.SHA256
		case dhakira.ValidSHA256(f.SHA256):
			field += ".sha256"
			info, err := fl.lookup(ctx, f.SHA256)
			if err != nil {
				problem(field, fmt.Sprintf("%s: %v", field, err))
				continue
			}
			sha = info.SHA256
		default:
			continue // Validate has said what is wrong
		}
		if j, dup := seen[sha]; dup {
			problem(field, fmt.Sprintf("%s: the same file as files[%d]", field, j))
		}
		seen[sha] = i
	}
}

// lookup finds a file already in the archive.
func (fl *files) lookup(ctx context.Context, sha string) (dhakira.FileInfo, error) {
	if info, ok := fl.known[sha]; ok {
		return info, nil
	}
	if fl.store == nil {
		return dhakira.FileInfo{}, errors.New("this import does not read the archive's files")
	}
	info, err := fl.store.Stat(ctx, sha)
	if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
		return info, fmt.Errorf("no file %s in the archive (give its path to bring it)", sha)
	}
	if err != nil {
		return info, err
	}
	fl.known[sha] = info
	return info, nil
}

// hash reads a file once: its hash, size and type, as the store will
// find them.
func (fl *files) hash(ctx context.Context, path string) (dhakira.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return dhakira.FileInfo{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return dhakira.FileInfo{}, err
	}
	if !st.Mode().IsRegular() {
		return dhakira.FileInfo{}, errors.New("not a regular file")
	}
	if fl.limit > 0 && st.Size() > fl.limit {
		return dhakira.FileInfo{}, dhakira.TooLarge(fl.limit)
	}
	h := sha256.New()
	head := make([]byte, dhakira.SniffLen)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return dhakira.FileInfo{}, err
	}
	head = head[:n]
	h.Write(head)
	rest, err := io.Copy(h, fl.counting(ctx, "check", f))
	if err != nil {
		return dhakira.FileInfo{}, err
	}
	fl.done += int64(n)
	size := int64(n) + rest
	if fl.limit > 0 && size > fl.limit {
		return dhakira.FileInfo{}, dhakira.TooLarge(fl.limit)
	}
	return dhakira.FileInfo{SHA256: hex.EncodeToString(h.Sum(nil)), Size: size, Type: dhakira.DetectType(head)}, nil
}

// put stores the files of r, as pass 2 reads it, and names them by their
// hash, type and size instead of their path.
func (fl *files) put(ctx context.Context, in Input, r *dhakira.Record) error {
	for i := range r.Files {
		f := &r.Files[i]
		if f.Path == "" {
			info, err := fl.lookup(ctx, f.SHA256)
			if err != nil {
				return fmt.Errorf("files[%d].sha256: %w", i, err)
			}
			f.Type, f.Size = info.Type, info.Size
			continue
		}
		abs, err := resolve(in, f.Path)
		if err != nil {
			return err
		}
		want, ok := fl.paths[abs]
		if !ok || want.err != nil {
			return fmt.Errorf("files[%d].path: %q was not checked", i, f.Path)
		}
		if !fl.stored[want.info.SHA256] {
			info, err := fl.store1(ctx, abs)
			if err != nil {
				return fmt.Errorf("files[%d].path: %q: %s", i, f.Path, fileError(err))
			}
			if info.SHA256 != want.info.SHA256 {
				return fmt.Errorf("files[%d].path: %q changed during the import", i, f.Path)
			}
			fl.stored[info.SHA256] = true
		}
		f.Path, f.SHA256, f.Type, f.Size = "", want.info.SHA256, want.info.Type, want.info.Size
	}
	return nil
}

func (fl *files) store1(ctx context.Context, path string) (dhakira.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return dhakira.FileInfo{}, err
	}
	defer f.Close()
	return fl.store.Put(ctx, fl.counting(ctx, "write", f), fl.limit)
}

// counting reports the bytes read through r now and then, and stops at
// the context's end.
func (fl *files) counting(ctx context.Context, phase string, r io.Reader) io.Reader {
	return &countingReader{ctx: ctx, r: r, fl: fl, phase: phase}
}

type countingReader struct {
	ctx   context.Context
	r     io.Reader
	fl    *files
	phase string
	since int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	c.fl.done += int64(n)
	c.since += int64(n)
	if c.since >= 8<<20 || err == io.EOF {
		c.since = 0
		c.fl.report(c.phase, c.fl.done, c.fl.bytes)
	}
	return n, err
}
