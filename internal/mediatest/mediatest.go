// Package mediatest makes real media files for tests, with the tools
// themselves (ffmpeg, and a PDF writer of the standard library's parts):
// recordings in the containers and codecs an archive receives, images,
// PDFs with a text layer, and scans of Arabic and English text. Nothing
// it makes is committed.
package mediatest

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Need skips the test when one of the tools is missing, or fails it when
// CI is set ("true"), where everything must run.
func Need(t testing.TB, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not installed (CI=true: the media tests must run)", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
}

// Fonts used to draw scans: Debian's fonts-noto-core.
const (
	ArabicFont = "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf"
	LatinFont  = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
)

var lavfiVideo = []string{"-f", "lavfi", "-i", "testsrc=duration=4:size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:duration=4"}
var lavfiAudio = []string{"-f", "lavfi", "-i", "sine=frequency=440:duration=4"}
var lavfiImage = []string{"-f", "lavfi", "-i", "testsrc=size=320x240", "-frames:v", "1"}

func join(parts ...[]string) []string {
	var out []string
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// Samples are the files Make makes, by name (the name is the file's
// extension): ffmpeg's arguments between the inputs and the output, and
// the media type the file is.
var Samples = map[string]struct {
	Args []string
	Type string
}{
	"mp4":     {join(lavfiVideo, []string{"-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"}), "video/mp4"},
	"mov":     {join(lavfiVideo, []string{"-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-f", "mov"}), "video/quicktime"},
	"3gp":     {join(lavfiVideo, []string{"-c:v", "h263", "-s", "176x144", "-c:a", "aac", "-ar", "22050", "-ac", "1", "-shortest"}), "video/3gpp"},
	"avi":     {join(lavfiVideo, []string{"-c:v", "mpeg4", "-c:a", "libmp3lame", "-shortest"}), "video/x-msvideo"},
	"wmv":     {join(lavfiVideo, []string{"-c:v", "wmv2", "-c:a", "wmav2", "-shortest"}), "video/x-ms-wmv"},
	"wma":     {join(lavfiAudio, []string{"-c:a", "wmav2"}), "audio/x-ms-wma"},
	"mkv":     {join(lavfiVideo, []string{"-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "flac", "-shortest"}), "video/x-matroska"},
	"webm":    {join(lavfiVideo, []string{"-c:v", "libvpx", "-b:v", "200k", "-c:a", "libopus", "-shortest"}), "video/webm"},
	"mpg":     {join(lavfiVideo, []string{"-c:v", "mpeg2video", "-c:a", "mp2", "-shortest", "-f", "vob"}), "video/mpeg"},
	"ts":      {join(lavfiVideo, []string{"-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-f", "mpegts"}), "video/mp2t"},
	"mp3":     {join(lavfiAudio, []string{"-c:a", "libmp3lame", "-id3v2_version", "0", "-write_xing", "0"}), "audio/mpeg"},
	"id3.mp3": {join(lavfiAudio, []string{"-c:a", "libmp3lame", "-metadata", "title=شهادة"}), "audio/mpeg"},
	"m4a":     {join(lavfiAudio, []string{"-c:a", "aac", "-f", "ipod"}), "audio/mp4"},
	"aac":     {join(lavfiAudio, []string{"-c:a", "aac", "-f", "adts"}), "audio/aac"},
	"wav":     {join(lavfiAudio, []string{"-c:a", "pcm_s16le"}), "audio/wav"},
	"ogg":     {join(lavfiAudio, []string{"-c:a", "libvorbis"}), "audio/ogg"},
	"opus":    {join(lavfiAudio, []string{"-c:a", "libopus", "-f", "ogg"}), "audio/ogg"},
	"flac":    {join(lavfiAudio, []string{"-c:a", "flac"}), "audio/flac"},
	"jpg":     {join(lavfiImage, []string{"-f", "image2", "-c:v", "mjpeg"}), "image/jpeg"},
	"png":     {join(lavfiImage, []string{"-f", "image2", "-c:v", "png"}), "image/png"},
	"gif":     {join(lavfiImage, []string{"-f", "gif"}), "image/gif"},
	"webp":    {join(lavfiImage, []string{"-f", "webp", "-c:v", "libwebp"}), "image/webp"},
	"tif":     {join(lavfiImage, []string{"-f", "image2", "-c:v", "tiff"}), "image/tiff"},
	"bmp":     {join(lavfiImage, []string{"-f", "image2", "-c:v", "bmp"}), "image/bmp"},
}

// Make makes the sample name (a key of Samples) in dir and returns its
// path.
func Make(t testing.TB, dir, name string) string {
	t.Helper()
	s, ok := Samples[name]
	if !ok {
		t.Fatalf("no sample %q", name)
	}
	out := filepath.Join(dir, "sample."+name)
	FFmpeg(t, append(s.Args, out)...)
	return out
}

// FFmpeg runs ffmpeg with args, failing the test when it fails.
func FFmpeg(t testing.TB, args ...string) {
	t.Helper()
	Need(t, "ffmpeg")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ffmpeg", append([]string{"-nostdin", "-hide_banner", "-loglevel", "error", "-y"}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// Scan draws lines of text, black on white, into a PNG in dir, as a
// scanner would give a typed page 2480 pixels wide (A4 at 300 dpi), in
// 12 point type: Arabic lines (those with an Arabic
// letter) right-aligned in Noto Naskh Arabic, shaped by ffmpeg's FriBidi,
// the others left-aligned in Noto Sans.
func Scan(t testing.TB, dir, name string, lines ...string) string {
	t.Helper()
	for _, f := range []string{ArabicFont, LatinFont} {
		if _, err := os.Stat(f); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("font %s missing (fonts-noto-core)", f)
			}
			t.Skipf("font %s missing (fonts-noto-core)", f)
		}
	}
	var filters []string
	for i, l := range lines {
		tf := filepath.Join(dir, fmt.Sprintf("%s-line%d.txt", name, i))
		if err := os.WriteFile(tf, []byte(l), 0o644); err != nil {
			t.Fatal(err)
		}
		font, x := LatinFont, "200"
		if strings.ContainsFunc(l, func(r rune) bool { return r >= 0x600 && r <= 0x6ff }) {
			font, x = ArabicFont, "w-tw-200"
		}
		filters = append(filters, fmt.Sprintf("drawtext=fontfile=%s:textfile=%s:fontsize=50:fontcolor=black:x=%s:y=%d", font, tf, x, 200+i*100))
	}
	out := filepath.Join(dir, name+".png")
	FFmpeg(t, "-f", "lavfi", "-i", fmt.Sprintf("color=c=white:s=2480x%d", 400+len(lines)*100), "-frames:v", "1",
		"-vf", strings.Join(filters, ","), "-pix_fmt", "gray", out)
	return out
}

// PDFPage is one page of a PDF that PDF writes: lines of text (Latin
// letters, in Helvetica, a real text layer), or a JPEG image filling the
// page's width, as a scanned page is.
type PDFPage struct {
	Lines []string
	JPEG  []byte // a JPEG file's bytes
	W, H  int    // the JPEG's size in pixels
}

// PDF writes a PDF of A4 pages, by hand: the format's parts, objects and
// cross-reference table, as ISO 32000 describes them.
func PDF(pages ...PDFPage) []byte {
	var b bytes.Buffer
	var offsets []int
	obj := func(body string, stream []byte) int {
		offsets = append(offsets, b.Len())
		n := len(offsets)
		fmt.Fprintf(&b, "%d 0 obj\n%s\n", n, body)
		if stream != nil {
			b.WriteString("stream\n")
			b.Write(stream)
			b.WriteString("\nendstream\n")
		}
		b.WriteString("endobj\n")
		return n
	}
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>", nil)
	// The page tree's kids are known once the pages are written: keep
	// its place, object 2, and write it last at a later offset.
	offsets = append(offsets, 0)
	font := obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>", nil)
	var kids []string
	esc := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`)
	for _, p := range pages {
		var content, res string
		if p.JPEG != nil {
			img := obj(fmt.Sprintf("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>", p.W, p.H, len(p.JPEG)), p.JPEG)
			w := 595.0
			h := w * float64(p.H) / float64(p.W)
			content = fmt.Sprintf("q %.2f 0 0 %.2f 0 %.2f cm /Im1 Do Q", w, h, 842-h)
			res = fmt.Sprintf("/XObject << /Im1 %d 0 R >>", img)
		} else {
			var c strings.Builder
			c.WriteString("BT /F1 14 Tf 18 TL 72 770 Td")
			for _, l := range p.Lines {
				fmt.Fprintf(&c, " (%s) Tj T*", esc.Replace(l))
			}
			c.WriteString(" ET")
			content = c.String()
			res = fmt.Sprintf("/Font << /F1 %d 0 R >>", font)
		}
		cs := obj(fmt.Sprintf("<< /Length %d >>", len(content)), []byte(content))
		page := obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << %s >> /Contents %d 0 R >>", res, cs), nil)
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	offsets[1] = b.Len()
	fmt.Fprintf(&b, "2 0 obj\n<< /Type /Pages /Kids [%s] /Count %d >>\nendobj\n", strings.Join(kids, " "), len(kids))
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, o := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offsets)+1, xref)
	return b.Bytes()
}

// ScanPage turns a PNG scan into a PDF page: a grey JPEG, as scanners
// write them, encoded by the standard library.
func ScanPage(t testing.TB, pngPath string) PDFPage {
	t.Helper()
	f, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", pngPath, err)
	}
	gray := image.NewGray(img.Bounds())
	draw.Draw(gray, gray.Bounds(), img, img.Bounds().Min, draw.Src)
	var b bytes.Buffer
	if err := jpeg.Encode(&b, gray, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return PDFPage{JPEG: b.Bytes(), W: gray.Bounds().Dx(), H: gray.Bounds().Dy()}
}
