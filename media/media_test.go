package media_test

import (
	"context"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/mediatest"
	"github.com/dhakira/dhakira/media"
)

var ctx = context.Background()

func TestToolsMessage(t *testing.T) {
	all := media.Toolset{FFprobe: true, FFmpeg: true, PDFInfo: true, PDFToText: true, PDFToPPM: true, Tesseract: true, Langs: []string{"ara", "eng", "osd"}}
	if msg := all.Message(); msg != "" {
		t.Errorf("everything installed: %q", msg)
	}
	none := media.Toolset{}.Message()
	for _, want := range []string{"ffprobe missing", "ffmpeg missing", "poppler", "tesseract", "still kept and served",
		"apt-get install ffmpeg poppler-utils tesseract-ocr tesseract-ocr-ara tesseract-ocr-eng"} {
		if !strings.Contains(none, want) {
			t.Errorf("nothing installed: %q does not say %q", none, want)
		}
	}
	noArabic := all
	noArabic.Langs = []string{"eng"}
	if msg := noArabic.Message(); !strings.Contains(msg, "ara language data") || !strings.HasSuffix(msg, "apt-get install tesseract-ocr-ara.") || strings.Contains(msg, "ffmpeg") {
		t.Errorf("without Arabic OCR: %q", msg)
	}
	if noArabic.OCR() || !noArabic.Video() || !noArabic.PDF() {
		t.Errorf("without Arabic OCR: %+v", noArabic)
	}

	// This machine.
	mediatest.Need(t, "ffprobe", "ffmpeg", "pdfinfo", "pdftotext", "pdftoppm", "tesseract")
	got := media.Tools()
	if !got.Video() || !got.PDF() || !got.Images() {
		t.Errorf("tools found: %+v", got)
	}
	if !strings.HasPrefix(got.TesseractVersion, "tesseract ") || !strings.HasPrefix(got.PopplerVersion, "pdftotext ") {
		t.Errorf("versions %q, %q", got.TesseractVersion, got.PopplerVersion)
	}
	if !got.OCR() && os.Getenv("CI") == "true" {
		t.Errorf("Tesseract without ara or eng: %v", got.Langs)
	}
	t.Logf("%+v; message %q", got, got.Message())
}

// TestMissingTool: without a tool, the error says which and what to
// install, and carries ErrMissing.
func TestMissingTool(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := media.Probe(ctx, writeFile(t, "a.mp4", "x"))
	if !errors.Is(err, media.ErrMissing) || !strings.Contains(err.Error(), "ffprobe") || !strings.Contains(err.Error(), "Debian package ffmpeg") {
		t.Errorf("probe without ffprobe: %v", err)
	}
	_, err = media.PDFPages(ctx, writeFile(t, "a.pdf", "%PDF-1.4"))
	if !errors.Is(err, media.ErrMissing) || !strings.Contains(err.Error(), "poppler-utils") {
		t.Errorf("pdf without poppler: %v", err)
	}
}

func writeFile(t *testing.T, name, content string) string {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestProbe: ffprobe's report of recordings in each container, and which
// of them browsers play as they are.
func TestProbe(t *testing.T) {
	mediatest.Need(t, "ffmpeg", "ffprobe")
	dir := t.TempDir()
	for _, c := range []struct {
		sample       string
		video, audio string
		playable     bool
	}{
		{"mp4", "h264", "aac", true},
		{"webm", "vp8", "opus", true},
		{"mp3", "", "mp3", true},
		{"id3.mp3", "", "mp3", true},
		{"m4a", "", "aac", true},
		{"wav", "", "pcm_s16le", true},
		{"ogg", "", "vorbis", true},
		{"opus", "", "opus", true},
		{"flac", "", "flac", true},
		{"mov", "h264", "aac", false},
		{"mkv", "h264", "flac", false},
		{"avi", "mpeg4", "mp3", false},
		{"wmv", "wmv2", "wmav2", false},
		{"wma", "", "wmav2", false},
		{"3gp", "h263", "aac", false},
		{"mpg", "mpeg2video", "mp2", false},
		{"ts", "h264", "aac", false},
	} {
		info, err := media.Probe(ctx, mediatest.Make(t, dir, c.sample))
		if err != nil {
			t.Errorf("%s: %v", c.sample, err)
			continue
		}
		if info.VideoCodec != c.video || info.AudioCodec != c.audio || info.Type != mediatest.Samples[c.sample].Type {
			t.Errorf("%s: %s %q/%q, want %s %q/%q", c.sample, info.Type, info.VideoCodec, info.AudioCodec, mediatest.Samples[c.sample].Type, c.video, c.audio)
		}
		if info.Duration < 3500*time.Millisecond || info.Duration > 4500*time.Millisecond {
			t.Errorf("%s: duration %v, want about 4s", c.sample, info.Duration)
		}
		if c.video != "" && (info.Width == 0 || info.Height == 0 || !info.HasVideo()) {
			t.Errorf("%s: video without size: %+v", c.sample, info)
		}
		if c.video == "" && info.HasVideo() {
			t.Errorf("%s: sound with video: %+v", c.sample, info)
		}
		if got := media.Playable(info); got != c.playable {
			t.Errorf("%s: playable %v, want %v (%+v)", c.sample, got, c.playable, info)
		}
	}

	// H.264 that browsers do not decode: 4:4:4.
	yuv444 := filepath.Join(dir, "444.mp4")
	mediatest.FFmpeg(t, "-f", "lavfi", "-i", "testsrc=duration=1:size=320x240", "-c:v", "libx264", "-pix_fmt", "yuv444p", yuv444)
	if info, err := media.Probe(ctx, yuv444); err != nil || info.VideoCodec != "h264" || media.Playable(info) {
		t.Errorf("4:4:4 H.264: %+v, %v; want not playable", info, err)
	}

	// Not a recording.
	_, err := media.Probe(ctx, writeFile(t, "notes.mp4", "plain text, not a video"))
	if err == nil || !strings.Contains(err.Error(), "notes.mp4") || !strings.Contains(err.Error(), "ffprobe") {
		t.Errorf("probe of text: %v", err)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := media.Probe(canceled, mediatest.Make(t, dir, "mp3")); !errors.Is(err, context.Canceled) {
		t.Errorf("probe with a canceled context: %v", err)
	}
}

// moovFirst reports whether an MP4's index (moov) comes before its data
// (mdat): +faststart, so that playback starts before the whole file is
// there.
func moovFirst(t *testing.T, path string) bool {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var hdr [8]byte
	for off := int64(0); ; {
		if _, err := f.ReadAt(hdr[:], off); err != nil {
			return false
		}
		switch string(hdr[4:]) {
		case "moov":
			return true
		case "mdat":
			return false
		}
		size := int64(binary.BigEndian.Uint32(hdr[:4]))
		if size < 8 {
			return false
		}
		off += size
	}
}

// TestAccessCopy: recordings browsers do not play get a copy they do,
// H.264/AAC in MP4 with the index first, as long as the original.
func TestAccessCopy(t *testing.T) {
	mediatest.Need(t, "ffmpeg", "ffprobe")
	dir := t.TempDir()
	for _, c := range []struct{ sample, wantType string }{
		{"wmv", "video/mp4"}, {"avi", "video/mp4"}, {"3gp", "video/mp4"}, {"mkv", "video/mp4"}, {"wma", "audio/mp4"},
	} {
		in := mediatest.Make(t, dir, c.sample)
		orig, err := media.Probe(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, c.sample+"-access")
		info, err := media.AccessCopy(ctx, in, out)
		if err != nil {
			t.Errorf("%s: %v", c.sample, err)
			continue
		}
		if info.Type != c.wantType || !media.Playable(info) || info.AudioCodec != "aac" {
			t.Errorf("%s: copy %+v, want a playable %s with AAC", c.sample, info, c.wantType)
		}
		if c.wantType == "video/mp4" && (info.VideoCodec != "h264" || info.PixFmt != "yuv420p" || info.Width%2 != 0 || info.Height%2 != 0) {
			t.Errorf("%s: copy %+v, want H.264 4:2:0 of even size", c.sample, info)
		}
		if d := info.Duration - orig.Duration; d < -300*time.Millisecond || d > 300*time.Millisecond {
			t.Errorf("%s: copy lasts %v, original %v", c.sample, info.Duration, orig.Duration)
		}
		if !moovFirst(t, out) {
			t.Errorf("%s: the copy's index is not at its start (+faststart)", c.sample)
		}
	}

	// A large picture comes down to 720 lines, keeping its shape.
	hd := filepath.Join(dir, "hd.avi")
	mediatest.FFmpeg(t, "-f", "lavfi", "-i", "testsrc=duration=1:size=1920x1080:rate=25", "-c:v", "mpeg4", "-q:v", "10", hd)
	info, err := media.AccessCopy(ctx, hd, filepath.Join(dir, "hd.mp4"))
	if err != nil || info.Width != 1280 || info.Height != 720 || info.AudioCodec != "" {
		t.Errorf("1080p without sound: %+v, %v; want 1280x720, no audio", info, err)
	}

	// Nothing to copy: a failure, and no file left.
	out := filepath.Join(dir, "nothing.mp4")
	if _, err := media.AccessCopy(ctx, writeFile(t, "x.avi", "not a video"), out); err == nil {
		t.Error("access copy of text: no error")
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed copy left its output")
	}
}

func isJPEG(t *testing.T, path string) bool {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, 16)
	n, _ := io.ReadFull(f, b)
	return dhakira.DetectType(b[:n]) == "image/jpeg"
}

func TestPoster(t *testing.T) {
	mediatest.Need(t, "ffmpeg", "ffprobe")
	dir := t.TempDir()
	for _, s := range []string{"mp4", "wmv", "3gp", "webm"} {
		out := filepath.Join(dir, s+"-poster.jpg")
		if err := media.Poster(ctx, mediatest.Make(t, dir, s), out); err != nil {
			t.Errorf("%s: %v", s, err)
			continue
		}
		info, err := media.Probe(ctx, out)
		if !isJPEG(t, out) || err != nil || info.Width == 0 {
			t.Errorf("%s: poster %+v, %v", s, info, err)
		}
	}
	err := media.Poster(ctx, mediatest.Make(t, dir, "mp3"), filepath.Join(dir, "mp3.jpg"))
	if err == nil || !strings.Contains(err.Error(), "no video") {
		t.Errorf("poster of a sound recording: %v", err)
	}

	img := mediatest.Make(t, dir, "tif")
	out := filepath.Join(dir, "thumb.jpg")
	if err := media.Thumbnail(ctx, img, out, 100); err != nil {
		t.Fatal(err)
	}
	if info, err := media.Probe(ctx, out); err != nil || !isJPEG(t, out) || info.Width != 100 || info.Height != 76 {
		t.Errorf("thumbnail of a 320x240 TIFF: %+v, %v; want a 100x76 JPEG (even)", info, err)
	}
}

// threePages is a PDF of a typed page, a scanned page of Arabic and
// English, and another typed page.
func threePages(t *testing.T, dir string) string {
	scan := mediatest.Scan(t, dir, "scan",
		"بيان الهيئة العامة للثورة السورية في دمشق",
		"شهادة عن السجن في مدينة حمص",
		"اعتقل الشاب في الحادي عشر من آذار",
		"Testimony about the prison in Homs")
	pdf := mediatest.PDF(
		mediatest.PDFPage{Lines: []string{"Statement of the Revolutionary Council", "Homs, 12 March 2012"}},
		mediatest.ScanPage(t, scan),
		mediatest.PDFPage{Lines: []string{"Second statement (continued)", "Signed: the General Commission"}},
	)
	p := filepath.Join(dir, "statement.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPDF(t *testing.T) {
	mediatest.Need(t, "ffmpeg", "ffprobe", "pdfinfo", "pdftotext", "pdftoppm")
	dir := t.TempDir()
	pdf := threePages(t, dir)
	if n, err := media.PDFPages(ctx, pdf); n != 3 || err != nil {
		t.Errorf("pages: %d, %v", n, err)
	}
	text, err := media.PDFText(ctx, pdf)
	if err != nil || len(text) != 3 {
		t.Fatalf("text: %q, %v", text, err)
	}
	if !strings.Contains(text[0], "Revolutionary Council") || text[1] != "" || !strings.Contains(text[2], "General Commission") {
		t.Errorf("text by page: %q", text)
	}
	thumbs := filepath.Join(dir, "thumbs")
	os.Mkdir(thumbs, 0o755)
	paths, err := media.PDFThumbs(ctx, pdf, thumbs, 200)
	if err != nil || len(paths) != 3 || filepath.Base(paths[2]) != "page-0003.jpg" {
		t.Fatalf("thumbnails: %v, %v", paths, err)
	}
	for _, p := range paths {
		info, err := media.Probe(ctx, p)
		if err != nil || !isJPEG(t, p) || info.Width != 200 || info.Height < 280 || info.Height > 284 {
			t.Errorf("%s: %+v, %v; want a 200x283 JPEG (A4)", p, info, err)
		}
	}
	if entries, _ := os.ReadDir(thumbs); len(entries) != 3 {
		t.Errorf("thumbnail folder holds %d entries, want the 3 pages", len(entries))
	}
	for _, bad := range []string{writeFile(t, "not.pdf", "%PDF-1.4 and nothing"), filepath.Join(dir, "absent.pdf")} {
		if _, err := media.PDFPages(ctx, bad); err == nil || !strings.Contains(err.Error(), filepath.Base(bad)) {
			t.Errorf("pages of %s: %v", filepath.Base(bad), err)
		}
	}
}

// TestPDFPagesText: a PDF's own text where it has one, OCR in Arabic and
// English for the scanned page, each page marked with where its text
// comes from.
func TestPDFPagesText(t *testing.T) {
	mediatest.Need(t, "ffmpeg", "pdfinfo", "pdftotext", "pdftoppm", "tesseract")
	if !media.Tools().OCR() {
		if os.Getenv("CI") == "true" {
			t.Fatal("tesseract lacks ara or eng")
		}
		t.Skip("tesseract lacks ara or eng")
	}
	pages, err := media.PDFPagesText(ctx, threePages(t, t.TempDir()))
	if err != nil || len(pages) != 3 {
		t.Fatalf("%+v, %v", pages, err)
	}
	for i, want := range []string{media.SourcePDF, media.SourceOCR, media.SourcePDF} {
		if p := pages[i]; p.N != i+1 || p.Source != want {
			t.Errorf("page %d: %+v, want source %s", i+1, p, want)
		}
	}
	if p := pages[0]; !strings.HasPrefix(p.Engine, "pdftotext ") || !strings.Contains(p.Text, "Revolutionary Council") {
		t.Errorf("typed page: %+v", p)
	}
	ocr := pages[1]
	if !strings.HasPrefix(ocr.Engine, "tesseract 5") && !strings.HasPrefix(ocr.Engine, "tesseract 4") || !strings.HasSuffix(ocr.Engine, " ara+eng") {
		t.Errorf("OCR engine %q", ocr.Engine)
	}
	for _, w := range []string{"السجن", "حمص", "اعتقل", "prison in Homs"} {
		if !strings.Contains(ocr.Text, w) {
			t.Errorf("OCR of the scanned page lacks %q: %q", w, ocr.Text)
		}
	}
}

func TestOCR(t *testing.T) {
	mediatest.Need(t, "ffmpeg", "tesseract")
	dir := t.TempDir()
	// Tesseract's page layout (--psm 3) reads these four lines whole; on
	// other synthetic pages, clean and mostly white, it has dropped a line
	// now and then (see the README).
	scan := mediatest.Scan(t, dir, "letter",
		"بيان الهيئة العامة للثورة السورية في دمشق",
		"شهادة عن السجن في مدينة حمص",
		"اعتقل الشاب في الحادي عشر من آذار",
		"Testimony about the prison in Homs")
	text, engine, err := media.OCR(ctx, scan)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"بيان", "السورية", "دمشق", "اعتقل", "السجن", "prison in Homs"} {
		if !strings.Contains(text, w) {
			t.Errorf("OCR lacks %q: %q", w, text)
		}
	}
	if !strings.HasSuffix(engine, "ara+eng") {
		t.Errorf("engine %q", engine)
	}
	if _, _, err := media.OCR(ctx, writeFile(t, "x.png", "not an image")); err == nil || !strings.Contains(err.Error(), "x.png") {
		t.Errorf("OCR of a non-image: %v", err)
	}
}

// TestPDFTextArabic: the Arabic text layer of a PDF printed by Chromium
// comes out in logical order, without the tool's direction controls.
func TestPDFTextArabic(t *testing.T) {
	mediatest.Need(t, "chromium", "pdfinfo", "pdftotext", "pdftoppm")
	dir := t.TempDir()
	html := filepath.Join(dir, "statement.html")
	os.WriteFile(html, []byte(`<!DOCTYPE html><html lang="ar" dir="rtl"><meta charset="utf-8">
<body style="font-family:'Noto Naskh Arabic'">
<p>بيان الهيئة العامة للثورة السورية في دمشق</p>
<p>شهادة عن السجن في مدينة حمص</p>
<p style="break-before:page" dir="ltr">Second page: a testimony about the prison in Homs</p>`), 0o644)
	pdf := filepath.Join(dir, "statement.pdf")
	cctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(cctx, "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--print-to-pdf="+pdf, "file://"+html).CombinedOutput()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	pages, err := media.PDFPagesText(ctx, pdf)
	if err != nil || len(pages) != 2 {
		t.Fatalf("%+v, %v", pages, err)
	}
	for _, p := range pages {
		if p.Source != media.SourcePDF {
			t.Errorf("page %d read by %s, not from its text layer", p.N, p.Source)
		}
		if strings.ContainsAny(p.Text, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f") {
			t.Errorf("page %d keeps direction controls: %q", p.N, p.Text)
		}
	}
	for _, want := range []string{"بيان الهيئة العامة للثورة السورية في دمشق", "شهادة عن السجن في مدينة حمص"} {
		if !strings.Contains(pages[0].Text, want) {
			t.Errorf("page 1 lacks %q: %q", want, pages[0].Text)
		}
	}
	if !strings.Contains(pages[1].Text, "testimony about the prison in Homs") {
		t.Errorf("page 2: %q", pages[1].Text)
	}
}
