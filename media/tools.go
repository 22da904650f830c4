package media

import (
	"context"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"
)

// Toolset says which of the tools are installed.
type Toolset struct {
	FFprobe, FFmpeg              bool
	PDFInfo, PDFToText, PDFToPPM bool
	Tesseract                    bool
	Langs                        []string // Tesseract's languages: "ara", "eng", …
	TesseractVersion             string   // "tesseract 5.3.0"
	PopplerVersion               string   // "pdftotext 22.12.0"
}

var (
	toolsOnce sync.Once
	tools     Toolset
)

// Tools finds the tools once and remembers what it found.
func Tools() Toolset {
	toolsOnce.Do(func() { tools = findTools() })
	return tools
}

func has(name string) bool {
	_, err := exec.LookPath(name)
	return err == nil
}

func findTools() Toolset {
	t := Toolset{
		FFprobe: has("ffprobe"), FFmpeg: has("ffmpeg"),
		PDFInfo: has("pdfinfo"), PDFToText: has("pdftotext"), PDFToPPM: has("pdftoppm"),
		Tesseract: has("tesseract"),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if t.Tesseract {
		if out, err := exec.CommandContext(ctx, "tesseract", "--list-langs").CombinedOutput(); err == nil {
			for _, l := range strings.Split(string(out), "\n") {
				if l = strings.TrimSpace(l); l != "" && !strings.Contains(l, " ") {
					t.Langs = append(t.Langs, l)
				}
			}
		}
		if out, err := exec.CommandContext(ctx, "tesseract", "--version").CombinedOutput(); err == nil {
			t.TesseractVersion, _, _ = strings.Cut(string(out), "\n")
			t.TesseractVersion = strings.TrimSpace(t.TesseractVersion)
		}
	}
	if t.PDFToText {
		// pdftotext -v writes "pdftotext version 22.12.0" on its standard error.
		if out, err := exec.CommandContext(ctx, "pdftotext", "-v").CombinedOutput(); err == nil || len(out) > 0 {
			first, _, _ := strings.Cut(string(out), "\n")
			t.PopplerVersion = strings.Replace(strings.TrimSpace(first), " version ", " ", 1)
		}
	}
	return t
}

// Video reports whether recordings can be probed, given posters and access
// copies.
func (t Toolset) Video() bool { return t.FFprobe && t.FFmpeg }

// PDF reports whether PDFs can be read: pages, text, thumbnails.
func (t Toolset) PDF() bool { return t.PDFInfo && t.PDFToText && t.PDFToPPM }

// OCR reports whether text can be read from scans in Arabic and English.
func (t Toolset) OCR() bool {
	return t.Tesseract && slices.Contains(t.Langs, "ara") && slices.Contains(t.Langs, "eng")
}

// Images reports whether thumbnails of images can be made.
func (t Toolset) Images() bool { return t.FFmpeg }

// Features of a Toolset as bits (Mask): what a piece of work on a file was
// done with, so that it is done again once a feature it lacked is on.
const (
	FeatureVideo = 1 << iota
	FeaturePDF
	FeatureOCR
	FeatureImages
)

// Mask returns the features t turns on.
func (t Toolset) Mask() int {
	m := 0
	if t.Video() {
		m |= FeatureVideo
	}
	if t.PDF() {
		m |= FeaturePDF
	}
	if t.OCR() {
		m |= FeatureOCR
	}
	if t.Images() {
		m |= FeatureImages
	}
	return m
}

// Missing lists the Debian packages to install for every feature to be on.
func (t Toolset) Missing() []string {
	var pkgs []string
	if !t.Video() {
		pkgs = append(pkgs, "ffmpeg")
	}
	if !t.PDF() {
		pkgs = append(pkgs, "poppler-utils")
	}
	if !t.Tesseract {
		pkgs = append(pkgs, "tesseract-ocr")
	}
	for _, l := range []string{"ara", "eng"} {
		if !slices.Contains(t.Langs, l) {
			pkgs = append(pkgs, "tesseract-ocr-"+l)
		}
	}
	return pkgs
}

// Message says in one paragraph which media features are off and what to
// install, for `dhakira serve` to print once at start; "" when everything
// is on. The archive runs without the tools: files are kept and served
// all the same.
func (t Toolset) Message() string {
	var off []string
	if !t.FFprobe {
		off = append(off, "recordings are not probed (no duration, codecs or size: ffprobe missing)")
	}
	if !t.FFmpeg {
		off = append(off, "no poster frames, image thumbnails, or web copies of recordings browsers cannot play (ffmpeg missing)")
	}
	if !t.PDF() {
		off = append(off, "no page counts, text or page thumbnails of PDFs (poppler's pdfinfo, pdftotext or pdftoppm missing)")
	}
	if !t.OCR() {
		var what []string
		if !t.Tesseract {
			what = append(what, "tesseract")
		}
		for _, l := range []string{"ara", "eng"} {
			if !slices.Contains(t.Langs, l) {
				what = append(what, "its "+l+" language data")
			}
		}
		off = append(off, "no text read from scans and images (OCR: "+strings.Join(what, " and ")+" missing)")
	} else if !t.PDFToPPM {
		off = append(off, "no OCR of scanned PDFs (pdftoppm missing)")
	}
	if len(off) == 0 {
		return ""
	}
	return "Media features off: " + strings.Join(off, "; ") + ". Files are still kept and served. To turn them on, install the Debian packages: apt-get install " + strings.Join(t.Missing(), " ") + "."
}
