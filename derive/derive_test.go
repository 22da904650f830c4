package derive_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/derive"
	"github.com/dhakira/dhakira/diskfiles"
	"github.com/dhakira/dhakira/internal/mediatest"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/media"
	"github.com/dhakira/dhakira/storetest"
)

// needOCR skips t where the PDF tools or Tesseract with its Arabic and
// English data are missing; with CI=true it fails instead.
func needOCR(t *testing.T) {
	t.Helper()
	mediatest.Need(t, "pdftotext", "pdftoppm", "pdfinfo", "tesseract", "ffmpeg")
	if !media.Tools().OCR() {
		if os.Getenv("CI") == "true" {
			t.Fatal("tesseract's ara and eng data are not installed")
		}
		t.Skip("tesseract's ara and eng data are not installed")
	}
}

// openFiles opens a file store in dir.
func openFiles(t *testing.T, dir string) dhakira.FileStore {
	t.Helper()
	fs, err := diskfiles.Open(filepath.Join(dir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func put(t *testing.T, fs dhakira.FileStore, path string) dhakira.FileInfo {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, err := fs.Put(context.Background(), f, 0)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

// TestWorker: a WMV and an AVI made by ffmpeg become a playable MP4 with a
// poster frame; the queue they came through is the store's.
func TestWorker(t *testing.T) {
	mediatest.Need(t, "ffmpeg", "ffprobe")
	ctx := context.Background()
	dir := t.TempDir()
	db := sqlitetest.Open(t)
	fs := openFiles(t, dir)
	wmv := put(t, fs, mediatest.Make(t, dir, "wmv"))
	avi := put(t, fs, mediatest.Make(t, dir, "avi"))
	mp4 := put(t, fs, mediatest.Make(t, dir, "mp4"))
	file := func(i dhakira.FileInfo) string {
		return `{"sha256":"` + i.SHA256 + `","type":"` + i.Type + `","size":1}`
	}
	storetest.Put(t, db, false, storetest.Rec(t, `{"kind":"video","code":"VID-1","title":{"en":"clip"},"files":[`+file(wmv)+`,`+file(avi)+`,`+file(mp4)+`]}`))
	var done []string
	w := &derive.Worker{Queue: db, Files: fs, Done: func(_ context.Context, sha string) { done = append(done, sha) }}
	for {
		did, err := w.Once(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !did {
			break
		}
	}
	if !slices.Equal(done, []string{wmv.SHA256, avi.SHA256, mp4.SHA256}) {
		t.Fatalf("done: %v", done)
	}
	for _, in := range []dhakira.FileInfo{wmv, avi} {
		names, _ := fs.Derived(ctx, in.SHA256)
		if !slices.Contains(names, derive.AccessMP4) || !slices.Contains(names, derive.PosterName) || !slices.Contains(names, derive.InfoName) {
			t.Fatalf("%s: derived %v", in.Type, names)
		}
		r, err := fs.OpenDerived(ctx, in.SHA256, derive.AccessMP4)
		if err != nil {
			t.Fatal(err)
		}
		tmp := filepath.Join(dir, in.SHA256+".mp4")
		out, _ := os.Create(tmp)
		io.Copy(out, r)
		out.Close()
		r.Close()
		pi, err := media.Probe(ctx, tmp)
		if err != nil {
			t.Fatal(err)
		}
		if !media.Playable(pi) || pi.VideoCodec != "h264" || pi.AudioCodec != "aac" {
			t.Errorf("%s: access copy %+v is not playable", in.Type, pi)
		}
		info, ok := derive.ReadInfo(ctx, fs, in.SHA256)
		if !ok || info.Playable || info.Duration < 3.5 || info.Width != 320 {
			t.Errorf("%s: info %+v", in.Type, info)
		}
		poster, err := fs.OpenDerived(ctx, in.SHA256, derive.PosterName)
		if err != nil {
			t.Fatal(err)
		}
		head := make([]byte, 3)
		poster.Read(head)
		poster.Close()
		if dhakira.DetectType(head) != "image/jpeg" {
			t.Errorf("poster is %q", head)
		}
	}
	// A playable MP4 gets a poster and no copy.
	names, _ := fs.Derived(ctx, mp4.SHA256)
	if slices.Contains(names, derive.AccessMP4) || !slices.Contains(names, derive.PosterName) {
		t.Errorf("mp4 derived %v", names)
	}
	jobs, _ := db.FileJobs(ctx, wmv.SHA256)
	if len(jobs) != 1 || jobs[0].State != dhakira.JobDone {
		t.Errorf("jobs: %+v", jobs)
	}
}

// TestRedoOnceInstalled: a clip prepared while ffmpeg was missing gets its
// poster once a worker that has it starts; a clip prepared with every tool
// is not done again.
func TestRedoOnceInstalled(t *testing.T) {
	mediatest.Need(t, "ffmpeg", "ffprobe")
	ctx := context.Background()
	dir := t.TempDir()
	db := sqlitetest.Open(t)
	fs := openFiles(t, dir)
	clip := put(t, fs, mediatest.Make(t, dir, "mp4"))
	storetest.Put(t, db, false, storetest.Rec(t, `{"kind":"video","code":"VID-1","title":{"en":"clip"},"files":[{"sha256":"`+clip.SHA256+`","type":"`+clip.Type+`","size":1}]}`))
	without := &derive.Worker{Queue: db, Files: fs, Tools: &media.Toolset{}}
	if did, err := without.Once(ctx); !did || err != nil {
		t.Fatalf("worker without tools: %v, %v", did, err)
	}
	if names, _ := fs.Derived(ctx, clip.SHA256); len(names) != 0 {
		t.Fatalf("a worker without ffmpeg made %v", names)
	}
	if jobs, _ := db.FileJobs(ctx, clip.SHA256); len(jobs) != 1 || jobs[0].State != dhakira.JobDone {
		t.Fatalf("jobs: %+v", jobs)
	}
	// ffmpeg installed: the next worker's Run starts by taking the job back.
	prepared := make(chan string, 4)
	with := &derive.Worker{Queue: db, Files: fs, Done: func(_ context.Context, sha string) { prepared <- sha }}
	runCtx, stop := context.WithCancel(ctx)
	finished := make(chan struct{})
	go func() { with.Run(runCtx, 20*time.Millisecond); close(finished) }()
	select {
	case sha := <-prepared:
		if sha != clip.SHA256 {
			t.Errorf("prepared %s", sha)
		}
	case <-time.After(time.Minute):
		t.Error("not prepared again a minute after a worker with ffmpeg started")
	}
	stop()
	<-finished
	if names, _ := fs.Derived(ctx, clip.SHA256); !slices.Contains(names, derive.PosterName) || !slices.Contains(names, derive.InfoName) {
		t.Fatalf("prepared again, derived %v", names)
	}
	if n, err := with.Redo(ctx); err != nil || n != 0 {
		t.Errorf("a job done with every tool was taken again: %d, %v", n, err)
	}
	if n, err := without.Redo(ctx); err != nil || n != 0 {
		t.Errorf("a worker with fewer tools took back a job: %d, %v", n, err)
	}
}

// TestText: a PDF with a text layer is read by pdftotext, an Arabic scan
// by Tesseract, each page marked with its source.
func TestText(t *testing.T) {
	needOCR(t)
	ctx := context.Background()
	dir := t.TempDir()
	fs := openFiles(t, dir)
	pdfPath := filepath.Join(dir, "text.pdf")
	os.WriteFile(pdfPath, mediatest.PDF(mediatest.PDFPage{Lines: []string{"The first page of the statement."}}, mediatest.PDFPage{Lines: []string{"Page two mentions zanzibarite detainees."}}), 0o644)
	pdf := put(t, fs, pdfPath)
	scan := put(t, fs, mediatest.Scan(t, dir, "scan", "الاعتقال في سجن حمص المركزي"))
	start := time.Now()
	for _, sha := range []string{pdf.SHA256, scan.SHA256} {
		if err := derive.Prepare(ctx, fs, sha); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("prepared a 2-page PDF and a scan in %v", time.Since(start))
	pages, err := derive.ReadText(ctx, fs, pdf.SHA256)
	if err != nil || len(pages) != 2 || !strings.Contains(pages[1].Text, "zanzibarite") || pages[1].Source != media.SourcePDF || pages[1].N != 2 {
		t.Errorf("PDF text: %+v %v", pages, err)
	}
	names, _ := fs.Derived(ctx, pdf.SHA256)
	if !slices.Contains(names, derive.ThumbNameOf(2)) {
		t.Errorf("PDF derived: %v", names)
	}
	pages, err = derive.ReadText(ctx, fs, scan.SHA256)
	if err != nil || len(pages) != 1 || !strings.Contains(pages[0].Text, "سجن") || pages[0].Source != media.SourceOCR || !strings.Contains(pages[0].Engine, "ara+eng") {
		t.Errorf("scan text: %+v %v", pages, err)
	}
}
