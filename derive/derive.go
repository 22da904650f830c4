// Package derive makes what the archive derives from its files, in the
// background: what a recording is (ffprobe), a poster frame, a copy every
// browser plays when the original is not one, page thumbnails of PDFs, a
// thumbnail of images, and the text of PDFs and scans (pdftotext, else
// Tesseract OCR), each page marked with where its text came from. The
// results are derived files beside the original in the FileStore: they
// can always be thrown away and made again.
//
// The work comes from the store's durable job queue (dhakira.JobQueue):
// a revision that brings a file queues its job in the same transaction,
// a worker leases it, and a worker that dies leaves it to the next once
// the lease ends.
package derive

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/media"
)

// Names of the derived files: package media's, and the report of ffprobe.
const (
	InfoName   = "info.json"           // Info
	PosterName = media.PosterName      // a frame of a video
	AccessMP4  = media.AccessVideoName // a video copy browsers play
	AccessM4A  = media.AccessAudioName // a sound copy browsers play
	ThumbName  = media.ThumbnailName   // an image's thumbnail
	TextName   = media.TextName        // []Page
)

// Info is what the archive knows of a recording or picture from ffprobe.
type Info struct {
	Duration   float64 `json:"duration,omitempty"` // seconds
	Format     string  `json:"format,omitempty"`
	VideoCodec string  `json:"video_codec,omitempty"`
	AudioCodec string  `json:"audio_codec,omitempty"`
	Width      int     `json:"width,omitempty"`
	Height     int     `json:"height,omitempty"`
	Playable   bool    `json:"playable"` // browsers play the original as it is
}

// Page is the text of one page of a document (an image is one page), with
// where it came from.
type Page = media.Page

// PageThumbWidth is the width of the thumbnails of PDF pages and images.
const PageThumbWidth = 240

// ThumbNameOf is the name of the thumbnail of page n of a PDF.
func ThumbNameOf(n int) string { return media.ThumbName(n) }

// Prepare makes every derived file of sha that is missing and that the
// installed tools can make. A missing tool is not an error: what it would
// make is left out, and Tools says so at start.
func Prepare(ctx context.Context, files dhakira.FileStore, sha string) error {
	return prepare(ctx, files, sha, media.Tools())
}

func prepare(ctx context.Context, files dhakira.FileStore, sha string, tools media.Toolset) error {
	info, err := files.Stat(ctx, sha)
	if err != nil {
		return err
	}
	have, err := files.Derived(ctx, sha)
	if err != nil {
		return err
	}
	typ := info.Type
	isMedia := strings.HasPrefix(typ, "video/") || strings.HasPrefix(typ, "audio/")
	isImage := strings.HasPrefix(typ, "image/")
	isPDF := typ == "application/pdf"
	if !isMedia && !isImage && !isPDF {
		return nil
	}
	tmp, err := os.MkdirTemp("", "dhakira-derive-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	in, done, err := media.LocalFile(ctx, files, sha, tmp)
	if err != nil {
		return err
	}
	defer done()
	put := func(name, path string) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		return files.PutDerived(ctx, sha, name, f)
	}
	putJSON := func(name string, v any) error {
		path := filepath.Join(tmp, name)
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return err
		}
		return put(name, path)
	}
	missing := func(name string) bool { return !slices.Contains(have, name) }
	var errs []error
	switch {
	case isMedia && tools.Video():
		pi, err := media.Probe(ctx, in)
		if err != nil {
			return err
		}
		mi := Info{Duration: pi.Duration.Seconds(), Format: pi.Format, VideoCodec: pi.VideoCodec, AudioCodec: pi.AudioCodec,
			Width: pi.Width, Height: pi.Height, Playable: media.Playable(pi)}
		if missing(InfoName) {
			errs = append(errs, putJSON(InfoName, mi))
		}
		if pi.HasVideo() && missing(PosterName) {
			out := filepath.Join(tmp, PosterName)
			if err := media.Poster(ctx, in, out); err != nil {
				errs = append(errs, err)
			} else {
				errs = append(errs, put(PosterName, out))
			}
		}
		access := AccessMP4
		if !pi.HasVideo() {
			access = AccessM4A
		}
		if !mi.Playable && missing(access) {
			out := filepath.Join(tmp, access)
			if _, err := media.AccessCopy(ctx, in, out); err != nil {
				errs = append(errs, err)
			} else {
				errs = append(errs, put(access, out))
			}
		}
	case isImage:
		if tools.Images() && missing(ThumbName) {
			out := filepath.Join(tmp, ThumbName)
			if err := media.Thumbnail(ctx, in, out, PageThumbWidth*2); err != nil {
				errs = append(errs, err)
			} else {
				errs = append(errs, put(ThumbName, out))
			}
		}
		if tools.OCR() && missing(TextName) {
			text, engine, err := media.OCR(ctx, in)
			if err != nil {
				errs = append(errs, err)
			} else {
				errs = append(errs, putJSON(TextName, []Page{{N: 1, Text: text, Source: media.SourceOCR, Engine: engine}}))
			}
		}
	case isPDF && tools.PDF():
		if missing(ThumbNameOf(1)) {
			thumbs, err := media.PDFThumbs(ctx, in, tmp, PageThumbWidth)
			if err != nil {
				errs = append(errs, err)
			}
			for i, p := range thumbs {
				errs = append(errs, put(ThumbNameOf(i+1), p))
			}
		}
		if missing(TextName) {
			pages, err := media.PDFPagesText(ctx, in)
			if err != nil {
				errs = append(errs, err)
			} else {
				errs = append(errs, putJSON(TextName, pages))
			}
		}
	}
	return errors.Join(errs...)
}

// ReadInfo returns what ffprobe said of sha, or false when it has not
// been made (yet).
func ReadInfo(ctx context.Context, files dhakira.FileStore, sha string) (Info, bool) {
	var info Info
	return info, readJSON(ctx, files, sha, InfoName, &info) == nil
}

// ReadText returns the text of sha's pages, or nil when none was made.
func ReadText(ctx context.Context, files dhakira.FileStore, sha string) ([]Page, error) {
	var pages []Page
	err := readJSON(ctx, files, sha, TextName, &pages)
	if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
		return nil, nil
	}
	return pages, err
}

func readJSON(ctx context.Context, files dhakira.FileStore, sha, name string, v any) error {
	f, err := files.OpenDerived(ctx, sha, name)
	if err != nil {
		return err
	}
	defer f.Close()
	return json.NewDecoder(io.LimitReader(f, 256<<20)).Decode(v)
}

// Worker takes jobs from the queue and prepares their files, one at a
// time each: the archive runs on small machines, and an access copy uses
// half of it already (media.Threads).
type Worker struct {
	Queue dhakira.JobQueue
	Files dhakira.FileStore
	Log   *slog.Logger
	// Lease is how long a job is a worker's before another may take it:
	// longer than the longest encoding.
	Lease time.Duration
	// Done, when set, is called after a file is prepared (to index its
	// text, to fill in a duration).
	Done func(ctx context.Context, sha string)
	// Tools is what the worker may use; nil: what is installed
	// (media.Tools).
	Tools *media.Toolset
}

func (w *Worker) tools() media.Toolset {
	if w.Tools != nil {
		return *w.Tools
	}
	return media.Tools()
}

// Redo puts back in the queue the jobs done (or given up) by a worker
// that lacked a feature this one has: a tool installed since then.
func (w *Worker) Redo(ctx context.Context) (int, error) {
	n, err := w.Queue.RedoJobs(ctx, dhakira.JobPrepare, w.tools().Mask())
	if err != nil {
		return 0, err
	}
	if n > 0 {
		w.log().Info("derive: files to prepare again with the tools installed since", "files", n)
	}
	return n, nil
}

// Once takes one job and does it; false when the queue had none.
func (w *Worker) Once(ctx context.Context) (bool, error) {
	lease := w.Lease
	if lease <= 0 {
		lease = media.EncodeTimeout + time.Hour
	}
	job, err := w.Queue.ClaimJob(ctx, lease)
	if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	start := time.Now()
	var perr error
	if job.Kind == dhakira.JobPrepare {
		perr = prepare(ctx, w.Files, job.SHA256, w.tools())
	} else {
		perr = fmt.Errorf("unknown job kind %q", job.Kind)
	}
	if ctx.Err() != nil {
		return true, ctx.Err() // stopped: the lease runs out and the job is taken again
	}
	msg := ""
	if perr != nil {
		msg = perr.Error()
		w.log().Warn("derive: job failed", "sha256", job.SHA256, "attempt", job.Attempts, "err", perr)
	} else {
		w.log().Info("derive: prepared", "sha256", job.SHA256, "took", time.Since(start).Round(time.Millisecond))
	}
	if err := w.Queue.FinishJob(context.WithoutCancel(ctx), job.ID, w.tools().Mask(), msg); err != nil {
		return true, err
	}
	if perr == nil && w.Done != nil {
		w.Done(ctx, job.SHA256)
	}
	return true, nil
}

// Run does jobs until ctx ends, looking for new ones every interval when
// the queue is empty. It starts with the jobs a worker lacking some of
// its tools did (Redo).
func (w *Worker) Run(ctx context.Context, interval time.Duration) {
	if _, err := w.Redo(ctx); err != nil && ctx.Err() == nil {
		w.log().Error("derive: queue", "err", err)
	}
	for {
		did, err := w.Once(ctx)
		if err != nil && ctx.Err() == nil {
			w.log().Error("derive: queue", "err", err)
		}
		if did && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

func (w *Worker) log() *slog.Logger {
	if w.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return w.Log
}
