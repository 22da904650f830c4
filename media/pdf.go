package media

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// PDFPages counts the pages of a PDF (pdfinfo).
func PDFPages(ctx context.Context, path string) (int, error) {
	out, err := run(ctx, ProbeTimeout, maxJSON, path, "pdfinfo", "--", path)
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				break
			}
			return n, nil
		}
	}
	return 0, fmt.Errorf("%s: pdfinfo gives no page count", filepath.Base(path))
}

// PDFText returns the text layer of each page of a PDF (pdftotext, in
// reading order, without the direction embeddings it adds around Arabic
// and Latin runs), one string a page; a scan without a text layer gives
// empty pages.
func PDFText(ctx context.Context, path string) ([]string, error) {
	out, err := run(ctx, PDFTimeout, maxText, path, "pdftotext", "-enc", "UTF-8", "--", path, "-")
	if err != nil {
		return nil, err
	}
	// pdftotext ends every page with a form feed.
	pages := strings.Split(string(out), "\f")
	if n := len(pages); n > 0 && strings.TrimSpace(pages[n-1]) == "" {
		pages = pages[:n-1]
	}
	for i, p := range pages {
		pages[i] = strings.TrimSpace(stripMarks.Replace(p))
	}
	return pages, nil
}

// ThumbName is the name of the thumbnail of page n (from 1), as
// PDFThumbs writes it and as a derived file is named: "page-0001.jpg".
func ThumbName(n int) string { return fmt.Sprintf("page-%04d.jpg", n) }

var pdftoppmName = regexp.MustCompile(`^p-0*([0-9]+)\.jpg$`)

// PDFThumbs writes a JPEG thumbnail of every page of a PDF, width pixels
// wide, into the folder outdir, named ThumbName(n), and returns their
// paths in page order.
func PDFThumbs(ctx context.Context, path, outdir string, width int) ([]string, error) {
	tmp, err := os.MkdirTemp(outdir, ".pdftoppm-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	_, err = run(ctx, PDFTimeout, maxStderr, path, "pdftoppm", "-jpeg", "-jpegopt", "quality=80",
		"-scale-to-x", strconv.Itoa(width), "-scale-to-y", "-1", "--", path, filepath.Join(tmp, "p"))
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return nil, err
	}
	type page struct {
		n    int
		name string
	}
	var pages []page
	for _, e := range entries {
		if m := pdftoppmName.FindStringSubmatch(e.Name()); m != nil {
			n, _ := strconv.Atoi(m[1])
			pages = append(pages, page{n, e.Name()})
		}
	}
	slices.SortFunc(pages, func(a, b page) int { return a.n - b.n })
	var paths []string
	for _, p := range pages {
		dst := filepath.Join(outdir, ThumbName(p.n))
		if err := os.Rename(filepath.Join(tmp, p.name), dst); err != nil {
			return nil, err
		}
		paths = append(paths, dst)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("%s: pdftoppm made no pages", filepath.Base(path))
	}
	return paths, nil
}
