package media

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
)

// Where a page's text comes from.
const (
	SourcePDF = "pdf" // the PDF's own text layer, as it came
	SourceOCR = "ocr" // read from the page's image by OCR
)

// Page is the text of one page with where it comes from: the archive
// keeps them apart, because the text a document was published with and
// a machine's reading of a scan are not equally reliable.
type Page struct {
	N      int    `json:"n"`      // from 1
	Text   string `json:"text"`   // "" when there is none
	Source string `json:"source"` // SourcePDF or SourceOCR
	Engine string `json:"engine"` // "pdftotext 22.12.0", "tesseract 5.3.0 ara+eng"
}

// DefaultLangs are the languages of the archive's scans, for Tesseract.
var DefaultLangs = []string{"ara", "eng"}

// OCRDPI is the resolution pages of a PDF are rendered at for OCR.
const OCRDPI = 300

// OCR reads the text of an image (PNG, JPEG, TIFF…) with Tesseract in the
// given languages (DefaultLangs when none), returning it (without the
// direction marks Tesseract adds) and the engine that read it:
// "tesseract 5.3.0 ara+eng".
func OCR(ctx context.Context, image string, langs ...string) (text, engine string, err error) {
	if len(langs) == 0 {
		langs = DefaultLangs
	}
	l := strings.Join(langs, "+")
	out, err := run(ctx, ImageTimeout, maxText, image, "tesseract", notOption(image), "stdout", "-l", l, "--psm", "3")
	if err != nil {
		return "", "", err
	}
	version := Tools().TesseractVersion
	if version == "" {
		version = "tesseract"
	}
	return strings.TrimSpace(stripMarks.Replace(string(out))), version + " " + l, nil
}

// stripMarks removes the direction marks and embeddings Tesseract and
// pdftotext put around runs of the other direction: the tools', not the
// document's, and in the way of search.
var stripMarks = strings.NewReplacer("\u200e", "", "\u200f", "",
	"\u202a", "", "\u202b", "", "\u202c", "", "\u202d", "", "\u202e", "",
	"\u2066", "", "\u2067", "", "\u2068", "", "\u2069", "")

// hasTextLayer reports whether a page's extracted text is real text rather
// than nothing or stray marks: a few letters at least.
func hasTextLayer(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if letters++; letters >= 10 {
				return true
			}
		}
	}
	return false
}

// PDFPagesText returns the text of every page of a PDF: from its text
// layer where it has one (SourcePDF), else read by OCR from the page
// rendered at OCRDPI (SourceOCR), in langs (DefaultLangs when none).
func PDFPagesText(ctx context.Context, path string, langs ...string) ([]Page, error) {
	n, err := PDFPages(ctx, path)
	if err != nil {
		return nil, err
	}
	texts, err := PDFText(ctx, path)
	if err != nil {
		return nil, err
	}
	poppler := Tools().PopplerVersion
	if poppler == "" {
		poppler = "pdftotext"
	}
	pages := make([]Page, n)
	var tmp string
	defer func() {
		if tmp != "" {
			os.RemoveAll(tmp)
		}
	}()
	for i := range pages {
		pages[i] = Page{N: i + 1, Source: SourcePDF, Engine: poppler}
		if i < len(texts) && hasTextLayer(texts[i]) {
			pages[i].Text = texts[i]
			continue
		}
		if tmp == "" {
			if tmp, err = os.MkdirTemp("", "dhakira-ocr-"); err != nil {
				return nil, err
			}
		}
		page := strconv.Itoa(i + 1)
		root := filepath.Join(tmp, "p"+page)
		_, err := run(ctx, ImageTimeout, maxStderr, path, "pdftoppm", "-r", strconv.Itoa(OCRDPI), "-gray", "-png",
			"-f", page, "-l", page, "-singlefile", "--", path, root)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		text, engine, err := OCR(ctx, root+".png", langs...)
		os.Remove(root + ".png")
		if err != nil {
			return nil, fmt.Errorf("%s: page %d: %w", filepath.Base(path), i+1, err)
		}
		pages[i] = Page{N: i + 1, Text: text, Source: SourceOCR, Engine: engine}
	}
	return pages, nil
}
