package media

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/dhakira/dhakira"
)

// LocalFile returns the name of a file on this machine holding the stored
// file sha, for the tools, which read files by name: the store's own file
// when it keeps one (a folder store has a Path method), else a temporary
// copy in dir ("" for the system's), which done removes. done is never
// nil.
func LocalFile(ctx context.Context, fs dhakira.FileStore, sha, dir string) (path string, done func(), err error) {
	nothing := func() {}
	if err := dhakira.CheckSHA256(sha); err != nil {
		return "", nothing, err
	}
	if p, ok := fs.(interface{ Path(string) string }); ok {
		if _, err := fs.Stat(ctx, sha); err != nil {
			return "", nothing, err
		}
		return p.Path(sha), nothing, nil
	}
	r, err := fs.Open(ctx, sha)
	if err != nil {
		return "", nothing, err
	}
	defer r.Close()
	f, err := os.CreateTemp(dir, "dhakira-"+sha[:12]+"-*")
	if err != nil {
		return "", nothing, err
	}
	remove := func() { os.Remove(f.Name()) }
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		remove()
		return "", nothing, fmt.Errorf("file %s: copying it for the media tools: %w", sha, err)
	}
	if err := f.Close(); err != nil {
		remove()
		return "", nothing, err
	}
	return f.Name(), remove, nil
}
