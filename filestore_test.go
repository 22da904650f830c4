package dhakira_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/mediatest"
)

func head(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, dhakira.SniffLen)
	n, err := io.ReadFull(f, b)
	if err != nil && err != io.ErrUnexpectedEOF {
		t.Fatal(err)
	}
	return b[:n]
}

// TestDetectType: the type of real files, made by ffmpeg in every
// container and codec an archive receives, by the PDF writer and by the
// standard library, is found from their first bytes.
func TestDetectType(t *testing.T) {
	mediatest.Need(t, "ffmpeg")
	dir := t.TempDir()
	names := make([]string, 0, len(mediatest.Samples))
	for name := range mediatest.Samples {
		names = append(names, name)
	}
	slices.Sort(names)
	var missedByNetHTTP []string
	for _, name := range names {
		want := mediatest.Samples[name].Type
		b := head(t, mediatest.Make(t, dir, name))
		if got := dhakira.DetectType(b); got != want {
			t.Errorf("%s: %s, want %s (starts % x)", name, got, want, b[:min(len(b), 16)])
		}
		if got := http.DetectContentType(b); got != want {
			missedByNetHTTP = append(missedByNetHTTP, name+" ("+got+")")
		}
	}
	t.Logf("net/http.DetectContentType misses: %s", strings.Join(missedByNetHTTP, ", "))

	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, _ := zw.Create("letter.txt")
	w.Write([]byte("text"))
	zw.Close()
	long := strings.Repeat("ش", dhakira.SniffLen/2) // 2 bytes a letter
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"pdf", mediatest.PDF(mediatest.PDFPage{Lines: []string{"Statement"}}), "application/pdf"},
		{"zip", zb.Bytes(), "application/zip"},
		{"arabic text", []byte("بيان صادر عن الهيئة العامة للثورة السورية\n"), "text/plain; charset=utf-8"},
		{"text cut inside a letter", []byte("a" + long[:dhakira.SniffLen-2] + "\xd8"), "text/plain; charset=utf-8"},
		{"text ending in half a letter", []byte("abc\xd8"), "application/octet-stream"},
		{"html is served as text", []byte("<!DOCTYPE html><script>alert(1)</script>"), "text/plain; charset=utf-8"},
		{"svg is served as text", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`), "text/plain; charset=utf-8"},
		{"webvtt", []byte("WEBVTT\n\n00:00.000 --> 00:01.000\nشهادة\n"), "text/vtt"},
		{"windows-1256 text", []byte("\xc8\xed\xc7\xe4 \xd5\xc7\xcf\xd1"), "application/octet-stream"},
		{"binary", []byte{0, 1, 2, 3, 0xfe, 0xff}, "application/octet-stream"},
		{"empty", nil, "application/octet-stream"},
		{"riff of nothing known", []byte("RIFF\x10\x00\x00\x00CDXA"), "application/octet-stream"},
	} {
		if got := dhakira.DetectType(c.b); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

// TestDetectTypeWebMAudio: a WebM of sound alone is audio/webm.
func TestDetectTypeWebMAudio(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "voice.webm")
	mediatest.FFmpeg(t, "-f", "lavfi", "-i", "sine=duration=2", "-c:a", "libopus", out)
	if got := dhakira.DetectType(head(t, out)); got != "audio/webm" {
		t.Errorf("webm audio: %s", got)
	}
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 bytes", 999: "999 bytes", 1000: "1 kB", 1500: "1.5 kB", 1_500_000: "1.5 MB",
		4_000_000_000: "4 GB", 10_737_418_240: "10.7 GB", 2_000_000_000_000: "2 TB",
	} {
		if got := dhakira.FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
	err := dhakira.TooLarge(5_000_000_000)
	if dhakira.ErrorCode(err) != dhakira.EINVALID || !strings.Contains(err.Error(), "5 GB") {
		t.Errorf("TooLarge: %v", err)
	}
}

func TestValidSHA256(t *testing.T) {
	good := "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	if !dhakira.ValidSHA256(good) {
		t.Error(good)
	}
	for _, bad := range []string{"", good[:63], good + "0", strings.ToUpper(good), "../" + good[3:], good[:63] + "g"} {
		if dhakira.ValidSHA256(bad) || dhakira.CheckSHA256(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	for name, ok := range map[string]bool{"poster.jpg": true, "page-0001.jpg": true, "text_ocr.json": true,
		"": false, ".x": false, "a/b": false, "A.jpg": false, "..": false, "a b": false} {
		if dhakira.ValidDerivedName(name) != ok {
			t.Errorf("derived name %q: want %v", name, ok)
		}
	}
}
