package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/dhakira/dhakira/locale"
)

// citeSeen is what a reader sees of "Cite this record".
type citeSeen struct {
	Open        bool     `json:"open"`
	Summary     string   `json:"summary"`
	Visible     []string `json:"visible"` // the citations' languages, as shown
	Dirs        []string `json:"dirs"`    // their computed directions
	URLDir      string   `json:"urlDir"`  // of the permanent address in the first
	Links       []string `json:"links"`
	LDName      string   `json:"ldName"` // the names in the page's JSON-LD, as the browser reads them
	ScrollWidth int      `json:"scrollWidth"`
	Overflowing []string `json:"overflowing"`
}

const readCite = `(() => {
  const visible = el => {
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    // checkVisibility: the content of a closed <details> keeps its boxes.
    return r.width > 0 && r.height > 0 && cs.visibility === 'visible' && cs.display !== 'none' &&
      el.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true});
  };
  const d = document.querySelector('#cite details'), w = document.documentElement.clientWidth;
  const cites = [...document.querySelectorAll('#cite .citation')];
  const url = document.querySelector('#cite .citation .cite-id:last-of-type');
  return {
    open: !!(d && d.open),
    summary: d ? d.querySelector('summary').innerText.trim() : '',
    visible: cites.filter(visible).map(e => e.lang),
    dirs: cites.map(e => getComputedStyle(e.querySelector('.citation-text')).direction),
    urlDir: url ? getComputedStyle(url).direction : '',
    links: [...document.querySelectorAll('#cite .cite-formats a')].filter(visible).map(a => a.getAttribute('href')),
    ldName: (() => { try { return JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent).name.map(n => n['@value']).join(' | '); } catch (e) { return String(e); } })(),
    scrollWidth: document.documentElement.scrollWidth,
    overflowing: [...document.querySelectorAll('#cite *')].filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > w + 1 || r.left < -1); }).map(e => e.tagName + '.' + e.className),
  };
})()`

// fetched is what the page's own fetch of a download link got.
type fetched struct {
	Status      int    `json:"status"`
	Type        string `json:"type"`
	Disposition string `json:"disposition"`
	Body        string `json:"body"`
}

// TestBrowserCite opens "Cite this record" on a phone in Arabic and on a
// desktop in English, from the keyboard: the citations show in their own
// directions, nothing runs off the screen, and each download link answers
// its file.
func TestBrowserCite(t *testing.T) {
	s := newCiteSite(t)
	ctx := browser(t)
	if err := os.MkdirAll("testout", 0o755); err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		summary string
		first   string
		dirs    []string
		width   int64
	}{
		"ar": {"الاستشهاد بهذا السجل", "ar", []string{"rtl", "ltr"}, 375},
		"en": {"Cite this record", "en", []string{"ltr", "rtl"}, 1280},
	}
	for _, lang := range locale.Langs {
		w := want[lang]
		what := lang + "@" + itoa(w.width)
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(w.width, 900),
			chromedp.Navigate(s.URL+"/"+lang+"/records/DOC-000001"),
			chromedp.WaitVisible(chromedp.CSS("#cite summary")),
		); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[citeSeen](readCite))
		if err != nil {
			t.Fatal(err)
		}
		if want := "حول محاولات النظام اقتحام سجن حمص المركزي | On Regime's Attempts to Storm Homs Central Prison"; got.LDName != want {
			t.Errorf("%s: the browser reads the JSON-LD's name as %q", what, got.LDName)
		}
		if got.Open || len(got.Visible) != 0 || got.Summary != w.summary {
			t.Errorf("%s: before opening: open %v, citations shown %q, summary %q", what, got.Open, got.Visible, got.Summary)
		}
		// Opened from the keyboard.
		if err := chromedp.Do(ctx,
			chromedp.Focus(chromedp.CSS("#cite summary")),
			chromedp.KeyEvent("\r"),
			chromedp.WaitVisible(chromedp.CSS("#cite .citation")),
		); err != nil {
			t.Fatalf("%s: opening the citation: %v", what, err)
		}
		if got, err = chromedp.Run(ctx, chromedp.Evaluate[citeSeen](readCite)); err != nil {
			t.Fatal(err)
		}
		if !got.Open || len(got.Visible) != 2 || got.Visible[0] != w.first {
			t.Errorf("%s: open %v, citations shown %q", what, got.Open, got.Visible)
		}
		if strings.Join(got.Dirs, " ") != strings.Join(w.dirs, " ") || got.URLDir != "ltr" {
			t.Errorf("%s: citations run %q, the address %q", what, got.Dirs, got.URLDir)
		}
		if got.ScrollWidth > int(w.width) || len(got.Overflowing) > 0 {
			t.Errorf("%s: the page is %d px wide; overflowing: %q", what, got.ScrollWidth, got.Overflowing)
		}
		if len(got.Links) != 3 {
			t.Fatalf("%s: download links %q", what, got.Links)
		}
		for _, href := range got.Links {
			f, err := chromedp.Run(ctx, chromedp.Evaluate[fetched](`fetch(`+jsString(href)+`).then(async r => ({
				status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'), body: await r.text() }))`,
				chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("%s: fetch %s: %v", what, href, err)
			}
			ext := href[strings.LastIndex(href, "."):]
			if f.Status != 200 || f.Disposition != "attachment; filename=DOC-000001"+ext || !strings.Contains(f.Body, "DOC-000001") {
				t.Errorf("%s: %s: %d %q %q", what, href, f.Status, f.Type, f.Disposition)
			}
		}
		shot(t, ctx, w.width, filepath.Join("testout", "cite-"+lang+"-"+itoa(w.width)+".png"))
	}
}

// jsString quotes s for a script.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
