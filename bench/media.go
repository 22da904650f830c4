package main

// The -media mode: the file stores and the media tools at archive scale.
//
//	go run ./bench -media                 # 1 GB ingest, a 4 GB file, 10 OCR pages
//	go run ./bench -media -media-gb 0.2 -big-gb 1 -ocr-pages 3

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/diskfiles"
	"github.com/dhakira/dhakira/internal/mediatest"
	"github.com/dhakira/dhakira/internal/s3test"
	"github.com/dhakira/dhakira/media"
	"github.com/dhakira/dhakira/s3files"
)

type mediaOptions struct {
	ingestGB float64 // mixed files through Put
	bigGB    float64 // one file, for peak memory and ranges
	ocrPages int
	noS3     bool
}

// randomReader is n bytes that look random (incompressible, as media
// are), made as they are read.
func randomReader(n int64, seed uint64) io.Reader {
	var key [32]byte
	key[0], key[1] = byte(seed), byte(seed>>8)
	return io.LimitReader(rand.NewChaCha8(key), n)
}

// mixedSizes draws file sizes adding up to total, as an archive receives
// them: most are scans and photographs of a few hundred kB to a few MB,
// some are documents and recordings of tens of MB, a few of hundreds.
func mixedSizes(total int64) []int64 {
	rng := rand.New(rand.NewPCG(1, 2))
	var sizes []int64
	for sum := int64(0); sum < total; {
		var n int64
		switch r := rng.Float64(); {
		case r < 0.70:
			n = 200_000 + rng.Int64N(4_800_000)
		case r < 0.95:
			n = 10_000_000 + rng.Int64N(60_000_000)
		default:
			n = 150_000_000 + rng.Int64N(150_000_000)
		}
		n = min(n, total-sum)
		sizes = append(sizes, n)
		sum += n
	}
	return sizes
}

// rssSampler keeps the largest resident size of the process it sees.
type rssSampler struct {
	max  atomic.Int64
	stop chan struct{}
	done chan struct{}
}

func currentRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func sampleRSS() *rssSampler {
	s := &rssSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			if r := currentRSS(); r > s.max.Load() {
				s.max.Store(r)
			}
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

func (s *rssSampler) Stop() int64 {
	close(s.stop)
	<-s.done
	return s.max.Load()
}

func megabytes(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/1e6) }

func runMedia(dir string, o mediaOptions) error {
	ctx := context.Background()
	if dir == "" {
		d, err := os.MkdirTemp("", "dhakira-bench-media-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	type store struct {
		name string
		fs   dhakira.FileStore
		done func()
	}
	disk, err := diskfiles.Open(filepath.Join(dir, "files"))
	if err != nil {
		return err
	}
	stores := []store{{"folder", disk, func() { os.RemoveAll(filepath.Join(dir, "files")) }}}
	if !o.noS3 {
		bin, err := s3test.Binary()
		if err != nil {
			return fmt.Errorf("%v (or -no-s3)", err)
		}
		root := filepath.Join(dir, "s3")
		os.MkdirAll(root, 0o755)
		srv, stop, err := s3test.Run(bin, root)
		if err != nil {
			return err
		}
		defer stop()
		if err := srv.MakeBucket("bench"); err != nil {
			return err
		}
		s3, err := s3files.Open(ctx, s3files.Config{Bucket: "bench", Prefix: "files", Endpoint: srv.Endpoint,
			AccessKey: srv.AccessKey, SecretKey: srv.SecretKey, PathStyle: true, Region: "us-east-1"})
		if err != nil {
			return err
		}
		stores = append(stores, store{"S3 (versitygw)", s3, func() { os.RemoveAll(filepath.Join(root, "bench", "files")) }})
	}

	fmt.Printf("media bench in %s, GOMAXPROCS %d\n", dir, runtime.GOMAXPROCS(0))
	total := int64(o.ingestGB * 1e9)
	sizes := mixedSizes(total)
	big := int64(o.bigGB * 1e9)
	for _, s := range stores {
		// Ingest: mixed files through Put.
		start := time.Now()
		rss := sampleRSS()
		for i, n := range sizes {
			if _, err := s.fs.Put(ctx, randomReader(n, uint64(i)), 0); err != nil {
				return fmt.Errorf("%s: put %d: %w", s.name, i, err)
			}
		}
		d := time.Since(start)
		fmt.Printf("%-16s ingest %d files, %s: %.0f MB/s (%v), peak RSS %s\n", s.name, len(sizes), megabytes(total), float64(total)/1e6/d.Seconds(), d.Round(time.Millisecond), megabytes(rss.Stop()))

		// One large file: memory must stay flat.
		before := currentRSS()
		rss = sampleRSS()
		start = time.Now()
		info, err := s.fs.Put(ctx, randomReader(big, 99), 0)
		if err != nil {
			return fmt.Errorf("%s: put of %s: %w", s.name, megabytes(big), err)
		}
		d = time.Since(start)
		fmt.Printf("%-16s put of one %s file: %.0f MB/s (%v), RSS before %s, peak during %s\n", s.name, megabytes(big), float64(big)/1e6/d.Seconds(), d.Round(time.Millisecond), megabytes(before), megabytes(rss.Stop()))

		// Ranges in the middle, over HTTP, served by http.ServeContent.
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			f, err := s.fs.Open(r.Context(), info.SHA256)
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			defer f.Close()
			http.ServeContent(w, r, "", time.Time{}, f)
		}))
		var ttfb []time.Duration
		rng := rand.New(rand.NewPCG(3, 4))
		for range 30 {
			off := big/4 + rng.Int64N(big/2)
			req, _ := http.NewRequest("GET", srv.URL, nil)
			req.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", off, off+1<<20-1))
			t0 := time.Now()
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				srv.Close()
				return err
			}
			one := make([]byte, 1)
			if _, err := io.ReadFull(resp.Body, one); err != nil || resp.StatusCode != 206 {
				resp.Body.Close()
				srv.Close()
				return fmt.Errorf("%s: range: %d %v", s.name, resp.StatusCode, err)
			}
			ttfb = append(ttfb, time.Since(t0))
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		srv.Close()
		slices.Sort(ttfb)
		fmt.Printf("%-16s time to first byte of a 1 MB range in the middle of the %s file: p50 %v, p95 %v, max %v\n", s.name, megabytes(big),
			ttfb[len(ttfb)/2].Round(10*time.Microsecond), ttfb[len(ttfb)*95/100].Round(10*time.Microsecond), ttfb[len(ttfb)-1].Round(10*time.Microsecond))
		s.done()
	}

	if o.ocrPages > 0 {
		return benchOCR(ctx, dir, o.ocrPages)
	}
	return nil
}

// benchOCR times PDFPagesText on a PDF of scanned pages (a page of Arabic
// and English typed text at 300 dpi, drawn by ffmpeg).
func benchOCR(ctx context.Context, dir string, pages int) error {
	lines := []string{
		"بيان الهيئة العامة للثورة السورية في دمشق",
		"شهادة عن السجن في مدينة حمص",
		"اعتقل الشاب في الحادي عشر من آذار",
		"وقد نقل إلى السجن المركزي بعد أسبوعين من التحقيق",
		"Testimony about the prison in Homs",
		"He was taken to the central prison after two weeks",
	}
	var filters []string
	for i, l := range lines {
		tf := filepath.Join(dir, fmt.Sprintf("line%d.txt", i))
		os.WriteFile(tf, []byte(l), 0o644)
		font, x := mediatest.LatinFont, "200"
		if strings.ContainsFunc(l, func(r rune) bool { return r >= 0x600 && r <= 0x6ff }) {
			font, x = mediatest.ArabicFont, "w-tw-200"
		}
		// Each line four times down the page: a full page of text.
		for k := range 4 {
			filters = append(filters, fmt.Sprintf("drawtext=fontfile=%s:textfile=%s:fontsize=50:fontcolor=black:x=%s:y=%d", font, tf, x, 250+(k*len(lines)+i)*130))
		}
	}
	scan := filepath.Join(dir, "scan.png")
	out, err := exec.Command("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "color=c=white:s=2480x3508",
		"-frames:v", "1", "-vf", strings.Join(filters, ","), "-pix_fmt", "gray", scan).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ffmpeg: %v\n%s", err, out)
	}
	f, err := os.Open(scan)
	if err != nil {
		return err
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		return err
	}
	gray := image.NewGray(img.Bounds())
	draw.Draw(gray, gray.Bounds(), img, image.Point{}, draw.Src)
	var jb bytes.Buffer
	jpeg.Encode(&jb, gray, &jpeg.Options{Quality: 85})
	page := mediatest.PDFPage{JPEG: jb.Bytes(), W: gray.Bounds().Dx(), H: gray.Bounds().Dy()}
	var pp []mediatest.PDFPage
	for range pages {
		pp = append(pp, page)
	}
	pdf := filepath.Join(dir, "scans.pdf")
	if err := os.WriteFile(pdf, mediatest.PDF(pp...), 0o644); err != nil {
		return err
	}
	start := time.Now()
	got, err := media.PDFPagesText(ctx, pdf)
	if err != nil {
		return err
	}
	d := time.Since(start)
	words := 0
	for _, p := range got {
		words += len(strings.Fields(p.Text))
	}
	fmt.Printf("OCR              %d scanned A4 pages (300 dpi, Arabic and English, %d lines a page): %.1f pages/min (%v; %d words read, engine %s)\n",
		pages, 4*len(lines), float64(pages)/d.Minutes(), d.Round(time.Millisecond), words, got[0].Engine)
	return nil
}
