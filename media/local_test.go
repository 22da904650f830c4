package media_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/diskfiles"
	"github.com/dhakira/dhakira/media"
)

// otherStore hides the folder store's Path, as a store without local
// files (S3) has none.
type otherStore struct{ dhakira.FileStore }

func TestLocalFile(t *testing.T) {
	fs, err := diskfiles.Open(filepath.Join(t.TempDir(), "files"))
	if err != nil {
		t.Fatal(err)
	}
	content := []byte("%PDF-1.4 a statement")
	info, err := fs.Put(ctx, bytes.NewReader(content), 0)
	if err != nil {
		t.Fatal(err)
	}
	p, done, err := media.LocalFile(ctx, fs, info.SHA256, "")
	if err != nil || p != fs.Path(info.SHA256) {
		t.Errorf("folder store: %s, %v; want its own file", p, err)
	}
	done()
	if _, err := os.Stat(p); err != nil {
		t.Errorf("done removed the store's own file: %v", err)
	}

	tmp := t.TempDir()
	p, done, err = media.LocalFile(ctx, otherStore{fs}, info.SHA256, tmp)
	if b, _ := os.ReadFile(p); err != nil || !bytes.Equal(b, content) || !strings.HasPrefix(p, tmp) {
		t.Errorf("a copy: %s, %v", p, err)
	}
	done()
	if _, err := os.Stat(p); err == nil {
		t.Error("done left the copy")
	}
	absent := strings.Repeat("0", 64)
	for _, s := range []dhakira.FileStore{fs, otherStore{fs}} {
		_, done, err := media.LocalFile(ctx, s, absent, tmp)
		done()
		if dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
			t.Errorf("absent file: %v", err)
		}
	}
}
