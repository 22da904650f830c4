package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPageCacheMB: unset, the page cache has its default budget; 0 turns it
// off; a negative budget is an error naming the setting and the file.
func TestPageCacheMB(t *testing.T) {
	for _, tc := range []struct {
		toml string
		want int64
		err  string
	}{
		{"", DefaultPageCacheMB << 20, ""},
		{"page_cache_mb = 0\n", 0, ""},
		{"page_cache_mb = 512\n", 512 << 20, ""},
		{"page_cache_mb = -1\n", 0, "page_cache_mb: -1 is negative"},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, FileName), []byte(tc.toml), 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := Load(dir)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), FileName) {
				t.Errorf("%q: %v, want an error saying %q in %s", tc.toml, err, tc.err, FileName)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tc.toml, err)
		}
		if got := s.PageCacheBytes(); got != tc.want {
			t.Errorf("%q: %d bytes, want %d", tc.toml, got, tc.want)
		}
	}
	// A new archive's settings file loads back to the default budget.
	dir := t.TempDir()
	if _, err := Load(dir); err != nil {
		t.Fatal(err)
	}
	s, err := Load(dir)
	if err != nil || s.PageCacheBytes() != DefaultPageCacheMB<<20 {
		t.Errorf("a new archive: %d, %v", s.PageCacheBytes(), err)
	}
}
