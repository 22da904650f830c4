package web

import (
	"bytes"
	"strings"
	"testing"
)

// TestGunzipKeptPage: a kept page sent decompressed comes back whole into
// a buffer used again, without the buffer growing past the page (it
// doubled itself on every request), and a stream longer than its trailer
// says is an error.
func TestGunzipKeptPage(t *testing.T) {
	body := []byte(strings.Repeat("<p dir=\"auto\">ذاكرة — memory</p>\n", 2000))
	gz := compress(body)
	if gz == nil {
		t.Fatal("not compressed")
	}
	out, err := gunzip(gz, nil)
	if err != nil || !bytes.Equal(out, body) {
		t.Fatalf("gunzip: %v, %d bytes of %d", err, len(out), len(body))
	}
	if cap(out) > len(body)+len(body)/8 {
		t.Errorf("a buffer of %d bytes for a page of %d", cap(out), len(body))
	}
	buf := []byte("left over from the page before")
	if out, err = gunzip(gz, buf[:0]); err != nil || !bytes.Equal(out, body) {
		t.Fatalf("gunzip into a used buffer: %v", err)
	}
	allocs := testing.AllocsPerRun(50, func() {
		if _, err := gunzip(gz, out[:0]); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 2 {
		t.Errorf("%.0f allocations a page into a buffer large enough", allocs)
	}
	// The trailer says fewer bytes than the stream holds.
	short := bytes.Clone(gz)
	short[len(short)-4]--
	if _, err := gunzip(short, nil); err == nil {
		t.Error("a stream longer than its trailer says was taken")
	}
}
