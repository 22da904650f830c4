package web

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/dhakira/dhakira/locale"
)

// apiDocsSeen is what a reader sees of the API's documentation.
type apiDocsSeen struct {
	BodyDir     string   `json:"bodyDir"`
	ScrollWidth int      `json:"scrollWidth"`
	Ops         int      `json:"ops"`
	PathDirs    []string `json:"pathDirs"`    // the direction of each operation's path
	CodeDirs    []string `json:"codeDirs"`    // the direction of each example
	Overflowing []string `json:"overflowing"` // elements out of the page's width
}

const readAPIDocs = `(() => {
  const w = document.documentElement.clientWidth;
  const dirs = s => [...new Set([...document.querySelectorAll(s)].map(e => getComputedStyle(e).direction))];
  return {
    bodyDir: getComputedStyle(document.body).direction,
    scrollWidth: document.documentElement.scrollWidth,
    ops: document.querySelectorAll('section.api-op').length,
    pathDirs: dirs('.api-path'),
    codeDirs: dirs('pre.api-example-code'),
    overflowing: [...document.querySelectorAll('main *')].filter(e => {
      const r = e.getBoundingClientRect();
      if (r.width === 0) return false;
      // Inside a box that scrolls, the box is what must fit.
      for (let p = e.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll') return false;
      }
      return r.right > w + 1 || r.left < -1;
    }).slice(0, 5).map(e => e.tagName + '.' + e.className),
  };
})()`

// TestBrowserAPIDocs loads the API's documentation in Chromium in both
// languages, on a phone and on a desktop: every operation is there, paths
// and examples read left to right in either language, and nothing makes
// the page scroll sideways (wide tables and examples scroll in their own
// boxes). It saves screenshots under testout/.
func TestBrowserAPIDocs(t *testing.T) {
	doc := loadOpenAPI(t)
	s := newSite(t)
	ctx := browser(t)
	if err := os.MkdirAll("testout", 0o755); err != nil {
		t.Fatal(err)
	}
	ops := 0
	for _, o := range docOps(doc) {
		ops += len(o.op.Get("tags").Strings())
	}
	for _, lang := range locale.Langs {
		for _, width := range []int64{375, 1280} {
			what := "/" + lang + "/api@" + itoa(width)
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(s.URL+"/"+lang+"/api")); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[apiDocsSeen](readAPIDocs))
			if err != nil {
				t.Fatal(err)
			}
			if got.BodyDir != locale.Dir(lang) {
				t.Errorf("%s: body direction %q", what, got.BodyDir)
			}
			if got.Ops != ops {
				t.Errorf("%s: %d operations shown, want %d", what, got.Ops, ops)
			}
			if len(got.PathDirs) != 1 || got.PathDirs[0] != "ltr" || len(got.CodeDirs) != 1 || got.CodeDirs[0] != "ltr" {
				t.Errorf("%s: paths %q, examples %q: want ltr", what, got.PathDirs, got.CodeDirs)
			}
			if got.ScrollWidth > int(width) || len(got.Overflowing) > 0 {
				t.Errorf("%s: the page is %d px wide; out of it: %q", what, got.ScrollWidth, got.Overflowing)
			}
			shot(t, ctx, width, filepath.Join("testout", "api-"+lang+"-"+itoa(width)+".png"))
		}
	}
}
