//go:build unix

package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestExportToPipe writes an export into a named pipe, as `--out
// /dev/null` or `--out /dev/stdout` write into devices: the pipe is
// written to, not replaced by a file renamed over it.
func TestExportToPipe(t *testing.T) {
	data, dir := t.TempDir(), t.TempDir()
	if _, stderr, code := runBin(t, nil, nil, "gazetteer", "--data", data, "syria"); code != 0 {
		t.Fatalf("gazetteer: %s", stderr)
	}
	pipe := filepath.Join(dir, "out")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(pipe) // blocks until the export opens it to write
		if err != nil {
			got <- err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	if _, stderr, code := runBin(t, nil, nil, "export", "--data", data, "--kind", "place", "--out", pipe); code != 0 {
		t.Fatalf("export --out PIPE: %s", stderr)
	}
	// Replaced by a file, the pipe would never be opened to write, and its
	// reader would wait for ever: look before reading what it got.
	fi, err := os.Lstat(pipe)
	if err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("after the export, %s is %v (%v), not the pipe", pipe, fi.Mode(), err)
	}
	var out string
	select {
	case out = <-got:
	case <-time.After(time.Minute):
		t.Fatal("nothing was written into the pipe")
	}
	if n := strings.Count(out, "\n"); n != 348 || !strings.Contains(out, `"kind":"place"`) {
		t.Errorf("the pipe read %d lines: %.200s", n, out)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".export-*")); len(left) > 0 {
		t.Errorf("left beside the pipe: %v", left)
	}
}
