// Package media runs the Debian tools the archive uses on its files:
// ffprobe and ffmpeg (what a recording is, a poster frame, a copy browsers
// play), poppler's pdfinfo, pdftotext and pdftoppm (a PDF's pages, text
// and thumbnails) and Tesseract (text read from scans, in Arabic and
// English). Every call has a time limit and reads a bounded amount of the
// tool's output; a tool that is missing makes its features fail with an
// error saying so, and Tools says once which features are off.
//
// The functions work on file names, because the tools do: a caller with a
// file in object storage copies it to a temporary file first.
package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Names of the derived files kept beside an original
// (dhakira.FileStore.PutDerived), so that every part of the program finds
// them under the same name. Page thumbnails are ThumbName(n).
const (
	PosterName      = "poster.jpg"      // Poster
	ThumbnailName   = "thumbnail.jpg"   // Thumbnail of an image
	AccessVideoName = "access.mp4"      // AccessCopy of a video
	AccessAudioName = "access.m4a"      // AccessCopy of a sound recording
	TextName        = "text.json"       // PDFPagesText or OCR, as JSON: [{"n":1,"text":…,"source":…,"engine":…}, …]
	CaptionsName    = "captions-%s.vtt" // WebVTT, by language: fmt.Sprintf(CaptionsName, "ar")
)

// Threads is how many threads ffmpeg may use to make an access copy: half
// the machine, so that the archive keeps answering while it encodes.
var Threads = max(1, runtime.NumCPU()/2)

// Time limits, applied on top of the caller's context.
var (
	ProbeTimeout  = time.Minute      // ffprobe, pdfinfo
	ImageTimeout  = 2 * time.Minute  // a poster, a thumbnail, OCR of one page
	PDFTimeout    = 10 * time.Minute // the text or thumbnails of a whole PDF
	EncodeTimeout = 12 * time.Hour   // an access copy of a recording of hours
)

// Output limits: more than this from a tool is an error, not memory used.
const (
	maxJSON   = 8 << 20  // ffprobe's report
	maxText   = 64 << 20 // the text of a PDF
	maxStderr = 4 << 10  // kept for error messages
)

// ErrMissing is in the chain of the error a function returns when the tool
// it needs is not installed.
var ErrMissing = errors.New("not installed")

// boundedBuffer keeps at most max bytes, and fails a write past them. (It
// holds its buffer in a field: embedded, the buffer's ReadFrom would let
// io.Copy write past the limit.)
type boundedBuffer struct {
	buf  bytes.Buffer
	max  int
	over bool
}

var errTooMuch = errors.New("too much output")

func (b *boundedBuffer) Write(p []byte) (int, error) {
	if b.buf.Len()+len(p) > b.max {
		b.over = true
		return 0, errTooMuch
	}
	return b.buf.Write(p)
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	b   []byte
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append(t.b[:0], t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

// run runs a tool with a time limit, returning at most maxOut bytes of its
// standard output. An error names the tool, the file it worked on and the
// end of what it said on its standard error.
func run(ctx context.Context, timeout time.Duration, maxOut int, file, name string, args ...string) ([]byte, error) {
	bin, err := exec.LookPath(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %s %w (Debian package %s)", filepath.Base(file), name, ErrMissing, packageOf[name])
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.WaitDelay = 5 * time.Second
	out := &boundedBuffer{max: maxOut}
	stderr := &tailBuffer{max: maxStderr}
	cmd.Stdout, cmd.Stderr = out, stderr
	err = cmd.Run()
	switch {
	case out.over:
		return nil, fmt.Errorf("%s: %s: more than %d bytes of output", filepath.Base(file), name, maxOut)
	case ctx.Err() == context.DeadlineExceeded:
		return nil, fmt.Errorf("%s: %s: took longer than %v", filepath.Base(file), name, timeout)
	case ctx.Err() != nil:
		return nil, fmt.Errorf("%s: %s: %w", filepath.Base(file), name, ctx.Err())
	case err != nil:
		msg := strings.TrimSpace(string(stderr.b))
		if i := strings.LastIndexByte(msg, '\n'); i >= 0 && len(msg)-i > 20 {
			msg = msg[i+1:]
		}
		return nil, fmt.Errorf("%s: %s: %v: %s", filepath.Base(file), name, err, msg)
	}
	return out.buf.Bytes(), nil
}

// notOption keeps a file name from being read as an option by a tool that
// knows no "--".
func notOption(path string) string {
	if strings.HasPrefix(path, "-") {
		return "./" + path
	}
	return path
}

// packageOf names the Debian package of each tool.
var packageOf = map[string]string{
	"ffprobe":   "ffmpeg",
	"ffmpeg":    "ffmpeg",
	"pdfinfo":   "poppler-utils",
	"pdftotext": "poppler-utils",
	"pdftoppm":  "poppler-utils",
	"tesseract": "tesseract-ocr",
}
