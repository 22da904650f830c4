package web

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/derive"
	"github.com/dhakira/dhakira/internal/mediatest"
)

// prepareAll runs the media worker until the queue is empty.
func (b *boSite) prepareAll(t *testing.T) {
	t.Helper()
	w := &derive.Worker{Queue: b.store, Files: b.files}
	for {
		did, err := w.Once(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !did {
			return
		}
	}
}

// newTestimony makes a published testimony with segments at 0, 1 and 3
// seconds and gives it the recording at path.
func (b *boSite) newTestimony(t *testing.T, path string) (string, dhakira.File) {
	t.Helper()
	code := b.create(t, b.as(dhakira.Admin), `{"kind":"testimony","title":{"ar":"شهادة مسجلة","en":"A recorded testimony"},"status":"published",
		"attrs":{"segments":[{"start":"00:00:00","title":{"en":"Arrival"},"text":{"en":"We arrived at night.","ar":"وصلنا ليلًا."}},
		{"start":"00:00:01","title":{"en":"The arrest"},"text":{"en":"They took us."}},
		{"start":"00:00:03","title":{"en":"Release"},"text":{"en":"Freed at dawn."}}]}}`, "test")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return code, b.upload(t, dhakira.Admin, code, filepath.Base(path), data)
}

// TestRecordPageMedia: a recording browsers cannot play is "being
// prepared" until its copy is made, then plays with its poster; a
// testimony's segments link to their second and become captions; a PDF
// shows its pages; the team sees the text read from it.
func TestRecordPageMedia(t *testing.T) {
	mediatest.Need(t, "ffmpeg", "ffprobe", "pdftoppm", "pdftotext", "pdfinfo")
	b := newBackOffice(t)
	dir := t.TempDir()
	code, webm := b.newTestimony(t, mediatest.Make(t, dir, "webm"))
	wmvData, _ := os.ReadFile(mediatest.Make(t, dir, "wmv"))
	wmv := b.upload(t, dhakira.Admin, "VID-000001", "clip.wmv", wmvData)
	pdf := b.upload(t, dhakira.Admin, "DOC-000001", "statement.pdf", mediatestPDF())

	_, page, _ := b.api(t, nobody, "GET", "/en/records/VID-000001", "")
	if !strings.Contains(page, "Being prepared") || strings.Contains(page, `<source src="/files/`+wmv.SHA256) {
		t.Errorf("an unplayable recording before its copy:\n%s", excerptOf(page))
	}
	_, page, _ = b.api(t, nobody, "GET", "/en/records/"+code, "")
	if !strings.Contains(page, `<source src="/files/`+webm.SHA256+`" type="video/webm">`) {
		t.Errorf("a WebM does not play as it is:\n%s", excerptOf(page))
	}
	b.prepareAll(t)

	_, page, _ = b.api(t, nobody, "GET", "/en/records/VID-000001", "")
	for _, want := range []string{
		`<source src="/files/` + wmv.SHA256 + `/access.mp4" type="video/mp4">`,
		`poster="/files/` + wmv.SHA256 + `/poster.jpg"`,
		`href="/files/` + wmv.SHA256 + `?download=clip.wmv"`,
		"video/x-ms-wmv · ",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("video page without %s", want)
		}
	}
	if strings.Contains(page, "Being prepared") {
		t.Error("still being prepared")
	}
	// The duration ffprobe read is shown, the copy and poster served.
	if status, _, resp := b.api(t, nobody, "GET", "/files/"+wmv.SHA256+"/access.mp4", "", "Range", "bytes=0-99"); status != 206 || resp.Header.Get("Content-Type") != "video/mp4" {
		t.Errorf("access copy: %d %v", status, resp.Header)
	}
	_, page, _ = b.api(t, nobody, "GET", "/en/records/"+code, "")
	for _, want := range []string{`<a class="segment-play" href="#t=1"`, `data-start="3"`, `<track kind="captions" src="/en/records/` + code + `/captions.vtt"`, `player.js`} {
		if !strings.Contains(page, want) {
			t.Errorf("testimony page without %s", want)
		}
	}
	status, vtt, resp := b.api(t, nobody, "GET", "/en/records/"+code+"/captions.vtt", "")
	if status != 200 || resp.Header.Get("Content-Type") != "text/vtt; charset=utf-8" || !strings.HasPrefix(vtt, "WEBVTT") || !strings.Contains(vtt, "00:00:01.000 --> 00:00:03.000\nThey took us.") {
		t.Errorf("captions: %d %q", status, vtt)
	}
	_, page, _ = b.api(t, nobody, "GET", "/en/records/DOC-000001", "")
	if !strings.Contains(page, `href="/files/`+pdf.SHA256+`#page=2"`) || !strings.Contains(page, `/files/`+pdf.SHA256+`/page-0002.jpg`) {
		t.Errorf("PDF pages:\n%s", excerptOf(page))
	}
	if strings.Contains(page, "Text read from the file") {
		t.Error("the public sees the extracted text")
	}
	_, page, _ = b.api(t, dhakira.Researcher, "GET", "/en/records/DOC-000001", "")
	if !strings.Contains(page, "Text read from the file") || !strings.Contains(page, "Second page of the statement") || !strings.Contains(page, "the publisher&#39;s text") {
		t.Errorf("the team does not see the extracted text:\n%s", excerptOf(page))
	}
	// A video record without a duration would get the one ffprobe read;
	// the draft's files stay hidden through all of it.
	var rec struct {
		Files []dhakira.File `json:"files"`
	}
	_, js, _ := b.api(t, nobody, "GET", "/api/v1/records/VID-000001", "")
	json.Unmarshal([]byte(js), &rec)
	if len(rec.Files) != 1 || rec.Files[0].SHA256 != wmv.SHA256 {
		t.Errorf("API files: %s", js)
	}
}

func mediatestPDF() []byte {
	return mediatest.PDF(mediatest.PDFPage{Lines: []string{"First page of the statement, with enough words."}},
		mediatest.PDFPage{Lines: []string{"Second page of the statement, with enough words."}})
}

// TestBrowserTestimonyPlayer: in Chromium, clicking a segment seeks the
// recording to it and marks it; #t=SECONDS in the address starts there.
func TestBrowserTestimonyPlayer(t *testing.T) {
	mediatest.Need(t, "ffmpeg")
	b := newBackOffice(t)
	code, _ := b.newTestimony(t, mediatest.Make(t, t.TempDir(), "webm"))
	ctx := browser(t)
	player := `document.querySelector('video.player')`
	wait := func(cond string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(20*time.Second))
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(b.URL+"/en/records/"+code),
		wait(player+`.readyState >= 1`),
		chromedp.Click(chromedp.CSS(`.segment[data-start="3"] .segment-play`)),
		wait(player+`.currentTime >= 3`),
		wait(`document.querySelector('.segment.playing') !== null`),
	); err != nil {
		t.Fatalf("click a segment: %v", err)
	}
	at, err := chromedp.Run(ctx, chromedp.Evaluate[float64](player+`.currentTime`))
	if err != nil {
		t.Fatal(err)
	}
	marked, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('.segment.playing') || {dataset: {}}).dataset.start || ''`))
	loc, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.hash`))
	if at < 3 || at > 4.5 || marked != "3" || loc != "#t=3" {
		t.Errorf("after the click: currentTime %v, marked segment %q, address %q", at, marked, loc)
	}
	// Opening the page at #t=1 starts there.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(b.URL+"/en/records/"+code+"?again#t=1"),
		wait(player+`.readyState >= 1 && `+player+`.currentTime >= 1`),
	); err != nil {
		t.Fatalf("#t=1: %v", err)
	}
	if at, _ = chromedp.Run(ctx, chromedp.Evaluate[float64](player+`.currentTime`)); at < 1 || at > 2.5 {
		t.Errorf("#t=1 starts at %v", at)
	}
}

// TestSearchHitInSegment: a word of a testimony's segment links to the
// testimony at the second that segment starts.
func TestSearchHitInSegment(t *testing.T) {
	s := newSearchSite(t)
	page := s.page(t, "/en/search?q=life", 200)
	if !strings.Contains(page, `href="/en/records/TST-000001#t=310"`) {
		t.Errorf("a hit in a segment does not link to its second:\n%s", excerptOf(page))
	}
	page = s.page(t, "/en/search?q=demonstration", 200)
	if strings.Contains(page, "#t=") {
		t.Error("a hit outside segments links to a second")
	}
}

// TestBrowserEditorUpload: in Chromium, with admin.js running, two files
// chosen in the editor's upload form reach the record and the page comes
// back to the editor listing them. (That the script, not the plain form,
// sent them is not observed.)
func TestBrowserEditorUpload(t *testing.T) {
	b := newAdminSite(t, false)
	ctx := browser(t)
	dir := t.TempDir()
	for _, name := range []string{"one.pdf", "two.png"} {
		data := []byte("%PDF-1.4 one")
		if name == "two.png" {
			data = []byte("\x89PNG\r\n\x1a\ntwo")
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(b.URL+"/en/login"),
		chromedp.SetValue(chromedp.CSS("#login-email"), reviewerEmail),
		chromedp.SetValue(chromedp.CSS("#login-password"), testPassword),
		chromedp.Click(chromedp.CSS(".login-form button")),
		chromedp.WaitVisible(chromedp.CSS("#my-drafts")),
		chromedp.Navigate(b.URL+"/en/admin/records/DOC-000002/edit"),
		chromedp.SetUploadFiles(chromedp.CSS("#f-upload"), []string{filepath.Join(dir, "one.pdf"), filepath.Join(dir, "two.png")}),
	); err != nil {
		t.Fatal(err)
	}
	// The click sends the files by script, then the page goes back to the
	// editor: look until it has.
	chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".upload-form button")))
	deadline := time.Now().Add(20 * time.Second)
	for {
		search, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
		if strings.Contains(search, "uploaded=2") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the upload did not come back to the editor: %q", search)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(".file-row"))); err != nil {
		t.Fatal(err)
	}
	r, _ := b.record(t, "DOC-000002")
	if len(r.Files) != 2 || r.Files[0].Name != "one.pdf" || r.Files[1].Type != "image/png" {
		t.Errorf("files: %+v", r.Files)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.file-row').length`))
	if err != nil || n != 2 {
		t.Errorf("the editor lists %d files (%v)", n, err)
	}
}
