package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/derive"
	dmedia "github.com/dhakira/dhakira/media"
)

// fileView is one file on a record page, with the viewer that suits it.
type fileView struct {
	dhakira.File
	Caption     LText
	URL         string // the original
	DownloadURL string
	SizeText    string
	RoleLabel   string

	Video, Audio, Image, PDF bool
	Src, SrcType             string // what the player plays: the original, or its access copy
	Poster                   string
	Preparing                bool // jobs still pending: the player waits for its copy
	Duration                 string
	Details                  string // codecs and size of a recording
	Thumb                    string // an image's thumbnail
	Pages                    []pageThumb
	Text                     []pageText // for the team only
}

type pageThumb struct {
	N        int
	URL, Src string
	Label    string
}

type pageText struct {
	Label string
	Text  string
}

// browserTypes are the media types every browser plays as they are, when
// ffprobe has not said more yet.
var browserTypes = map[string]bool{"video/mp4": true, "video/webm": true, "audio/mpeg": true, "audio/mp4": true, "audio/ogg": true, "audio/wav": true, "audio/webm": true, "audio/flac": true}

// recordFiles builds the record page's files: players for recordings,
// viewers for images and PDFs, a download link for each; the text read
// from them when the team is looking.
func (s *Server) recordFiles(ctx context.Context, p *page, rec *dhakira.Record) ([]fileView, error) {
	if s.files == nil {
		return nil, nil
	}
	staff := p.User != nil
	var out []fileView
	for _, f := range rec.Files {
		base := "/files/" + f.SHA256
		fv := fileView{File: f, URL: base, SizeText: dhakira.FormatSize(f.Size), RoleLabel: p.T("file_role_" + string(f.Role)),
			DownloadURL: base + "?download=" + url.QueryEscape(downloadName(f))}
		if !f.Label.IsZero() {
			fv.Caption = p.Text(f.Label)
		}
		// The jobs are read before what they made: a job seen done had
		// made its copies before, so the page then shows them, and may be
		// kept (web/pagecache.go). One still running will change the page
		// without a new revision: such a page is not kept.
		jobs, err := s.store.FileJobs(ctx, f.SHA256)
		if err != nil {
			return nil, err
		}
		for _, j := range jobs {
			if j.State == dhakira.JobPending || j.State == dhakira.JobRunning {
				fv.Preparing = true
				dontKeep(ctx)
			}
		}
		derived, err := s.files.Derived(ctx, f.SHA256)
		if err != nil && dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
			return nil, err
		}
		has := func(name string) bool {
			for _, d := range derived {
				if d == name {
					return true
				}
			}
			return false
		}
		switch {
		case f.IsMedia():
			fv.Video, fv.Audio = f.IsVideo(), f.IsAudio()
			info, probed := derive.ReadInfo(ctx, s.files, f.SHA256)
			switch {
			case has(derive.AccessMP4):
				fv.Src, fv.SrcType, fv.Video, fv.Audio = base+"/"+derive.AccessMP4, "video/mp4", true, false
			case has(derive.AccessM4A):
				fv.Src, fv.SrcType = base+"/"+derive.AccessM4A, "audio/mp4"
			case probed && info.Playable, !probed && browserTypes[f.Type]:
				fv.Src, fv.SrcType = base, f.Type
			}
			if fv.Src != "" {
				fv.Preparing = false // it plays already
			}
			if probed {
				if info.Duration > 0 {
					fv.Duration = dhakira.FormatDuration(info.Duration)
				}
				var d []string
				if info.Width > 0 {
					d = append(d, fmt.Sprintf("%d×%d", info.Width, info.Height))
				}
				for _, c := range []string{info.VideoCodec, info.AudioCodec} {
					if c != "" {
						d = append(d, c)
					}
				}
				fv.Details = strings.Join(d, " · ")
				if info.VideoCodec == "" {
					fv.Video, fv.Audio = false, true
				}
			}
			if has(derive.PosterName) {
				fv.Poster = base + "/" + derive.PosterName
			}
		case f.IsImage():
			fv.Image = true
			fv.Thumb = base
			if has(derive.ThumbName) {
				fv.Thumb = base + "/" + derive.ThumbName
			}
		case f.IsPDF():
			fv.PDF = true
			for n := 1; has(derive.ThumbNameOf(n)); n++ {
				fv.Pages = append(fv.Pages, pageThumb{N: n, URL: fmt.Sprintf("%s#page=%d", base, n), Src: base + "/" + derive.ThumbNameOf(n), Label: p.T("file_page", "N", n)})
			}
		}
		if staff && has(derive.TextName) {
			pages, err := derive.ReadText(ctx, s.files, f.SHA256)
			if err != nil {
				return nil, err
			}
			for _, pg := range pages {
				if strings.TrimSpace(pg.Text) == "" {
					continue
				}
				src := p.T("file_text_source_pdf", "Engine", pg.Engine)
				if pg.Source == dmedia.SourceOCR {
					src = p.T("file_text_source_ocr", "Engine", pg.Engine)
				}
				fv.Text = append(fv.Text, pageText{Label: p.T("file_page", "N", pg.N) + " — " + src, Text: pg.Text})
			}
		}
		out = append(out, fv)
	}
	return out, nil
}

// downloadName is the name a download is saved under: the file's own.
func downloadName(f dhakira.File) string {
	if f.Name != "" {
		return f.Name
	}
	return f.SHA256
}

// Recording is the record's first file a player plays: the one segments
// seek in and captions go with.
func (v *recordView) Recording() *fileView {
	for i := range v.Files {
		if v.Files[i].Src != "" {
			return &v.Files[i]
		}
	}
	return nil
}

// handleCaptions serves a testimony's segments as WebVTT captions in the
// page's language, for the <track> of its recording.
func (s *Server) handleCaptions(w http.ResponseWriter, r *http.Request, lang string) {
	code := r.PathValue("code")
	if !dhakira.ValidCode(code) {
		s.notFound(w, r, lang)
		return
	}
	rec, _, err := s.store.Record(r.Context(), code, dhakira.Public)
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	if len(rec.Attrs.Segments) == 0 {
		s.notFound(w, r, lang)
		return
	}
	var length time.Duration
	for _, f := range rec.Files {
		if info, ok := derive.ReadInfo(r.Context(), s.files, f.SHA256); ok && f.IsMedia() && info.Duration > 0 {
			length = time.Duration(info.Duration * float64(time.Second))
			break
		}
	}
	cues, err := dmedia.SegmentCues(rec.Attrs.Segments, lang, length)
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	w.Header().Set("Content-Type", "text/vtt; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(dmedia.WebVTT(cues))
}
