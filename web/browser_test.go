package web

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// findChromium returns the browser to test with: $CHROMIUM, else the first
// of the usual names on PATH.
func findChromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser starts a headless Chromium for the test, skipping the test when
// there is none, except on CI (CI=true), where a missing browser is a
// failure: a page test that silently does not run tests nothing.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := findChromium()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium not found on PATH (install Debian's chromium); CI=true, so the browser test may not be skipped")
		}
		t.Skip("chromium not found on PATH")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	return bctx
}

// seen is what a reader sees of a page, read by script in the browser.
type seen struct {
	BodyDir      string   `json:"bodyDir"`
	TitleDir     string   `json:"titleDir"`
	TitleText    string   `json:"titleText"`
	BoxVisible   bool     `json:"boxVisible"`
	BoxHeading   string   `json:"boxHeading"`
	Labels       []string `json:"labels"`
	LabelStart   bool     `json:"labelStart"` // the labels sit at the start side of their values
	Related      []string `json:"related"`
	Empty        []string `json:"empty"`
	CurrentGrade string   `json:"currentGrade"`
	CurrentBold  bool     `json:"currentBold"`
	Grades       int      `json:"grades"`
	ScrollWidth  int      `json:"scrollWidth"`
	Correction   bool     `json:"correction"`
	Statement    string   `json:"statement"`
	OtherLang    string   `json:"otherLang"`
}

const readPage = `(() => {
  const q = s => document.querySelector(s);
  const visible = el => {
    if (!el) return false;
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility === 'visible' && cs.display !== 'none';
  };
  const title = q('h1.record-title'), box = q('.basic-info');
  const dt = box && box.querySelector('dt'), dd = box && box.querySelector('dd');
  let labelStart = false;
  if (dt && dd) {
    const a = dt.getBoundingClientRect(), b = dd.getBoundingClientRect();
    const rtl = getComputedStyle(box).direction === 'rtl';
    // Side by side on a wide screen, stacked on a narrow one.
    labelStart = a.bottom <= b.top + 1 || (rtl ? a.left >= b.right - 1 : a.right <= b.left + 1);
  }
  const cur = q('.grade[aria-current="true"]');
  const other = q('a.lang-switch');
  return {
    bodyDir: getComputedStyle(document.body).direction,
    titleDir: title ? getComputedStyle(title).direction : '',
    titleText: title ? title.innerText.trim() : '',
    boxVisible: visible(box),
    boxHeading: box ? box.querySelector('h2').innerText.trim() : '',
    labels: box ? [...box.querySelectorAll('dt')].filter(visible).map(e => e.innerText.trim()) : [],
    labelStart,
    related: [...document.querySelectorAll('.related-section h2')].filter(visible).map(e => e.innerText.trim()),
    empty: [...document.querySelectorAll('.related-section .empty')].filter(visible).map(e => e.innerText.trim()),
    currentGrade: cur ? cur.innerText.trim() : '',
    currentBold: cur ? parseInt(getComputedStyle(cur).fontWeight, 10) >= 600 : false,
    grades: document.querySelectorAll('.reliability .grade').length,
    scrollWidth: document.documentElement.scrollWidth,
    correction: visible(q('.correction a.button')),
    statement: q('.statement') ? q('.statement').innerText.trim() : '',
    otherLang: other ? other.getAttribute('href') : '',
  };
})()`

// TestBrowserRecordPage loads record pages in Chromium in both languages,
// on a phone and on a desktop, and checks what a reader sees; it saves
// full-page screenshots under testout/ to look at.
func TestBrowserRecordPage(t *testing.T) {
	s := newSite(t)
	ctx := browser(t)
	out := "testout"
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		dir, title, box string
		labels, related []string
		empty, grade    string
	}{
		"ar": {"rtl", "حول محاولات النظام اقتحام سجن حمص المركزي", "المعلومات الأساسية",
			[]string{"تاريخ الصدور", "نوع الوثيقة", "المنطقة الجغرافية", "المصدر", "كود الذاكرة"},
			[]string{"كيانات متعلقة", "شخصيات مرتبطة", "يوميات مرتبطة", "وثائق مرتبطة", "فيديوهات مرتبطة", "شهادات مرتبطة"},
			"لا يوجد معلومات حالية", "لم يتم التأكد من صحتها"},
		"en": {"ltr", "On Regime's Attempts to Storm Homs Central Prison", "Basic information",
			[]string{"Release date", "Document type", "Geographic region", "Source", "Memory code"},
			[]string{"Related entities", "Related persons", "Related diaries", "Related documents", "Related videos", "Related testimonies"},
			"No information at present", "Unverified"},
	}
	for _, lang := range Langs {
		w := want[lang]
		for _, width := range []int64{375, 1280} {
			if err := chromedp.Do(ctx,
				chromedp.EmulateViewport(width, 900),
				chromedp.Navigate(s.URL+"/"+lang+"/records/DOC-000001"),
			); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[seen](readPage))
			if err != nil {
				t.Fatal(err)
			}
			what := lang + "@" + itoa(width)
			if got.BodyDir != w.dir || got.TitleDir != w.dir {
				t.Errorf("%s: direction of body %q, of title %q, want %q", what, got.BodyDir, got.TitleDir, w.dir)
			}
			if got.TitleText != w.title {
				t.Errorf("%s: title %q", what, got.TitleText)
			}
			if !got.BoxVisible || got.BoxHeading != w.box {
				t.Errorf("%s: basic information box visible %v, heading %q", what, got.BoxVisible, got.BoxHeading)
			}
			if !slices.Equal(got.Labels, w.labels) {
				t.Errorf("%s: labels %q, want %q", what, got.Labels, w.labels)
			}
			if !got.LabelStart {
				t.Errorf("%s: the labels of the basic information do not sit at the start side", what)
			}
			if !slices.Equal(got.Related, w.related) {
				t.Errorf("%s: related sections %q, want %q", what, got.Related, w.related)
			}
			if len(got.Empty) == 0 || got.Empty[0] != w.empty {
				t.Errorf("%s: empty sections say %q", what, got.Empty)
			}
			if got.Grades != 4 || !strings.Contains(got.CurrentGrade, w.grade) || !got.CurrentBold {
				t.Errorf("%s: %d grades, current %q (bold %v)", what, got.Grades, got.CurrentGrade, got.CurrentBold)
			}
			if !got.Correction {
				t.Errorf("%s: no visible correction link", what)
			}
			if got.Statement != testSettings().Statement.Get(lang) {
				t.Errorf("%s: statement %q", what, got.Statement)
			}
			if got.ScrollWidth > int(width) {
				t.Errorf("%s: the page is %d px wide: it scrolls sideways", what, got.ScrollWidth)
			}
			shot(t, ctx, width, filepath.Join(out, "record-"+lang+"-"+itoa(width)+".png"))
		}
	}
}

// TestBrowserPagesFit checks that the other pages fit a phone and a desktop
// without sideways scrolling, and saves screenshots of them.
func TestBrowserPagesFit(t *testing.T) {
	s := newSite(t)
	ctx := browser(t)
	if err := os.MkdirAll("testout", 0o755); err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{
		"home":      "/",
		"browse":    "/browse/document?place=SY04",
		"chronicle": "/chronicle/2017-10-16",
		"place":     "/records/SY04",
		"testimony": "/records/TST-000001",
		"entity":    "/records/ENT-000001",
		"fallback":  "/records/DOC-000003",
		"search":    "/search?q=x",
		"about":     "/about",
		"notfound":  "/nothing",
	}
	for name, p := range pages {
		for _, lang := range Langs {
			for _, width := range []int64{375, 1280} {
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(s.URL+"/"+lang+p)); err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(ctx, chromedp.Evaluate[seen](readPage))
				if err != nil {
					t.Fatal(err)
				}
				what := lang + p + "@" + itoa(width)
				wantDir := dirOf(lang)
				if got.BodyDir != wantDir {
					t.Errorf("%s: body direction %q", what, got.BodyDir)
				}
				if got.ScrollWidth > int(width) {
					t.Errorf("%s: the page is %d px wide: it scrolls sideways", what, got.ScrollWidth)
				}
				if !strings.HasPrefix(got.OtherLang, "/"+dirLangOther(lang)+"/") {
					t.Errorf("%s: language switch %q", what, got.OtherLang)
				}
				shot(t, ctx, width, filepath.Join("testout", name+"-"+lang+"-"+itoa(width)+".png"))
			}
		}
	}
}

func dirLangOther(lang string) string {
	if lang == "ar" {
		return "en"
	}
	return "ar"
}

// shot saves a full-page PNG: the viewport grown to the page's height, then
// captured. (Chromium's capture beyond the viewport shifts some
// right-to-left pages sideways.)
func shot(t *testing.T, ctx context.Context, width int64, path string) {
	t.Helper()
	h, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollHeight`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, max(h, 200))); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// searchSeen is what a reader sees of a search results page.
type searchSeen struct {
	BodyDir      string   `json:"bodyDir"`
	Marks        int      `json:"marks"`
	MarksVisible int      `json:"marksVisible"`
	MarkBg       string   `json:"markBg"`
	Hits         int      `json:"hits"`
	Facets       []string `json:"facets"`
	FacetLinks   int      `json:"facetLinks"`
	FacetsStart  bool     `json:"facetsStart"` // beside the results, on the start side
	FacetsBelow  bool     `json:"facetsBelow"` // under the results
	SnippetDirs  []string `json:"snippetDirs"`
	BoxValue     string   `json:"boxValue"`
	Total        string   `json:"total"`
	ScrollWidth  int      `json:"scrollWidth"`
	Overflowing  []string `json:"overflowing"`
}

const readSearch = `(() => {
  const visible = el => {
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility === 'visible' && cs.display !== 'none';
  };
  const marks = [...document.querySelectorAll('.hit mark')];
  const aside = document.querySelector('.facets'), results = document.querySelector('.results');
  const rtl = getComputedStyle(document.body).direction === 'rtl';
  let start = false, below = false;
  if (aside && results) {
    const a = aside.getBoundingClientRect(), r = results.getBoundingClientRect();
    start = rtl ? a.left >= r.right - 1 : a.right <= r.left + 1;
    below = a.top >= r.bottom - 1;
  }
  const w = document.documentElement.clientWidth;
  return {
    bodyDir: getComputedStyle(document.body).direction,
    marks: marks.length,
    marksVisible: marks.filter(visible).length,
    markBg: marks.length ? getComputedStyle(marks[0]).backgroundColor : '',
    hits: document.querySelectorAll('.hit').length,
    facets: [...document.querySelectorAll('.facet h3')].filter(visible).map(e => e.innerText.trim()),
    facetLinks: [...document.querySelectorAll('.facet a.facet-value')].filter(visible).length,
    facetsStart: start,
    facetsBelow: below,
    snippetDirs: [...document.querySelectorAll('.snippet')].map(e => e.getAttribute('lang') + ':' + getComputedStyle(e).direction),
    boxValue: document.querySelector('#q-search') ? document.querySelector('#q-search').value : '',
    total: document.querySelector('.total') ? document.querySelector('.total').innerText.trim() : '',
    scrollWidth: document.documentElement.scrollWidth,
    overflowing: [...document.querySelectorAll('main *')].filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > w + 1 || r.left < -1); }).slice(0, 5).map(e => e.tagName + '.' + e.className),
  };
})()`

// TestBrowserSearchPage loads search results in Chromium in both languages,
// on a phone and on a desktop, and checks direction, highlighting, facets
// and width; it saves screenshots under testout/.
func TestBrowserSearchPage(t *testing.T) {
	s := newSearchSite(t)
	ctx := browser(t)
	if err := os.MkdirAll("testout", 0o755); err != nil {
		t.Fatal(err)
	}
	want := map[string]struct{ q, dir, total string }{
		"ar": {"حمص", "rtl", "11 نتيجة"},
		"en": {"Homs", "ltr", "11 results"},
	}
	for _, lang := range Langs {
		w := want[lang]
		for _, width := range []int64{375, 1280} {
			what := lang + "@" + itoa(width)
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(s.URL+"/"+lang+"/search?q="+w.q)); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[searchSeen](readSearch))
			if err != nil {
				t.Fatal(err)
			}
			if got.BodyDir != w.dir {
				t.Errorf("%s: body direction %q", what, got.BodyDir)
			}
			if got.BoxValue != w.q || got.Total != w.total || got.Hits != 11 {
				t.Errorf("%s: box %q, total %q, %d hits", what, got.BoxValue, got.Total, got.Hits)
			}
			if got.Marks == 0 || got.MarksVisible != got.Marks || got.MarkBg == "" || got.MarkBg == "rgba(0, 0, 0, 0)" {
				t.Errorf("%s: %d marks, %d visible, background %q", what, got.Marks, got.MarksVisible, got.MarkBg)
			}
			if len(got.Facets) != 5 || got.FacetLinks < 10 {
				t.Errorf("%s: facets %q with %d visible links", what, got.Facets, got.FacetLinks)
			}
			if width >= 1280 && !got.FacetsStart {
				t.Errorf("%s: the facets are not beside the results on the start side", what)
			}
			if width < 600 && !got.FacetsBelow {
				t.Errorf("%s: the facets are not under the results on a phone", what)
			}
			for _, sd := range got.SnippetDirs {
				if l, d, _ := strings.Cut(sd, ":"); dirOf(l) != d {
					t.Errorf("%s: a snippet in %s runs %s", what, l, d)
				}
			}
			if got.ScrollWidth > int(width) || len(got.Overflowing) > 0 {
				t.Errorf("%s: the page is %d px wide; overflowing: %q", what, got.ScrollWidth, got.Overflowing)
			}
			shot(t, ctx, width, filepath.Join("testout", "search-results-"+lang+"-"+itoa(width)+".png"))
		}
	}
	// Other states of the page: filtered, nothing found, the empty page.
	others := map[string]string{
		"search-filtered": "/search?q=Homs&kind=diary&place=SY04&from=2017&to=2017",
		"search-none":     "/search?q=zzzzqqqq&reliability=correct",
		"search-empty":    "/search",
	}
	for name, p := range others {
		for _, lang := range Langs {
			for _, width := range []int64{375, 1280} {
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(s.URL+"/"+lang+p)); err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(ctx, chromedp.Evaluate[searchSeen](readSearch))
				if err != nil {
					t.Fatal(err)
				}
				what := lang + p + "@" + itoa(width)
				if got.BodyDir != dirOf(lang) {
					t.Errorf("%s: body direction %q", what, got.BodyDir)
				}
				if got.ScrollWidth > int(width) || len(got.Overflowing) > 0 {
					t.Errorf("%s: the page is %d px wide; overflowing: %q", what, got.ScrollWidth, got.Overflowing)
				}
				shot(t, ctx, width, filepath.Join("testout", name+"-"+lang+"-"+itoa(width)+".png"))
			}
		}
	}
}
