//go:build !unix

package diskfiles

import (
	"os"
	"time"
)

func lock(f *os.File) error { return nil }

// stale, without file locks, calls a temporary file stale once nobody has
// written to it for a day.
func stale(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && time.Since(st.ModTime()) > 24*time.Hour
}
