package web

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/locale"
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
	for _, lang := range locale.Langs {
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
		for _, lang := range locale.Langs {
			for _, width := range []int64{375, 1280} {
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(s.URL+"/"+lang+p)); err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(ctx, chromedp.Evaluate[seen](readPage))
				if err != nil {
					t.Fatal(err)
				}
				what := lang + p + "@" + itoa(width)
				wantDir := locale.Dir(lang)
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
	for _, lang := range locale.Langs {
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
				if l, d, _ := strings.Cut(sd, ":"); locale.Dir(l) != d {
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
		for _, lang := range locale.Langs {
			for _, width := range []int64{375, 1280} {
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(s.URL+"/"+lang+p)); err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(ctx, chromedp.Evaluate[searchSeen](readSearch))
				if err != nil {
					t.Fatal(err)
				}
				what := lang + p + "@" + itoa(width)
				if got.BodyDir != locale.Dir(lang) {
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

// TestBrowserBackOffice walks the back office in Chromium as the team
// would: a researcher logs in, writes a document in Arabic, is told of a
// bad date, links the document to a place and an entity with the pickers,
// submits it; a reviewer publishes it; the public reads it and finds it.
// Each step is saved under testout/admin-*.png.
func TestBrowserBackOffice(t *testing.T) {
	b := newAdminSite(t, true)
	ctx := browser(t)
	if err := os.MkdirAll("testout", 0o755); err != nil {
		t.Fatal(err)
	}
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	step := 0
	snap := func(name string) {
		t.Helper()
		step++
		n := strconv.Itoa(100 + step)[1:] // two digits, in order
		shot(t, ctx, 1280, filepath.Join("testout", "admin-"+n+"-"+name+".png"))
		do("reset the viewport", chromedp.EmulateViewport(1280, 900))
	}
	login := func(email string) {
		t.Helper()
		do("log in "+email,
			chromedp.EmulateViewport(1280, 900),
			chromedp.Navigate(b.URL+"/ar/login"),
			chromedp.SetValue(css("#login-email"), email),
			chromedp.SetValue(css("#login-password"), testPassword),
			chromedp.Click(css(".login-form button")),
			chromedp.WaitVisible(css("#my-drafts")),
		)
	}

	// The researcher: a new document, first with a date that is none.
	login(researcherEmail)
	snap("dashboard-researcher")
	do("open the editor",
		chromedp.Navigate(b.URL+"/ar/admin/records/new?kind=document"),
		chromedp.WaitVisible(css("#f-title-ar")),
		chromedp.SendKeys(css("#f-title-ar"), "بيان حول إضراب معتقلي سجن حمص المركزي"),
		chromedp.SetValue(css("#f-text-ar"), "أعلن المعتقلون في سجن حمص المركزي إضرابًا عن الطعام.\n\nوطالبوا بالإفراج الفوري عنهم."),
		chromedp.SetValue(css("#f-type"), "statement"),
		chromedp.SetValue(css("#f-date"), "2017-13-16"),
		chromedp.Click(css(`button[value="save"]`)),
		chromedp.WaitVisible(css(".error-summary")),
	)
	msg, err := chromedp.Run(ctx, chromedp.Text(css("#e-date")))
	if err != nil || !strings.Contains(msg, "لا يوجد شهر رقمه 13") {
		t.Errorf("date problem %q (%v)", msg, err)
	}
	kept, err := chromedp.Run(ctx, chromedp.Value(css("#f-title-ar")))
	if err != nil || kept != "بيان حول إضراب معتقلي سجن حمص المركزي" {
		t.Errorf("title kept: %q (%v)", kept, err)
	}
	snap("validation-ar")

	// Fixed, then a place and an entity through the pickers.
	do("fix the date and pick a place",
		chromedp.SetValue(css("#f-date"), "2017-10-16"),
		chromedp.SetValue(css("#pick-place-q"), "سجن حمص"),
		chromedp.Click(css(`.picker[data-mode="places"] .pick-go`)),
		chromedp.WaitVisible(css(`.picker[data-mode="places"] .pick-add[data-code="PLC-homs-central-prison"]`)),
	)
	snap("place-picker-ar")
	do("add the place, pick an entity",
		chromedp.Click(css(`.picker[data-mode="places"] .pick-add[data-code="PLC-homs-central-prison"]`)),
		chromedp.WaitVisible(css(`.chosen-places .chosen-row`)),
		chromedp.SetValue(css("#pick-link-q"), "الائتلاف"),
		chromedp.SetValue(css("#pick-rel"), "issued-by"),
		chromedp.Click(css(`.picker[data-mode="links"] .pick-go`)),
		chromedp.WaitVisible(css(`.picker[data-mode="links"] .pick-add[data-code="ENT-000001"]`)),
		chromedp.Click(css(`.picker[data-mode="links"] .pick-add[data-code="ENT-000001"]`)),
		chromedp.WaitVisible(css(`.chosen-links .chosen-row`)),
	)
	type chosen struct {
		Places []string `json:"places"`
		Links  []string `json:"links"`
		Rels   []string `json:"rels"`
		Dir    string   `json:"dir"`
		Wide   int      `json:"wide"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[chosen](`({
		places: [...document.querySelectorAll('.chosen-places input[name=place]')].map(e => e.value),
		links: [...document.querySelectorAll('.chosen-links input[name=link_to]')].map(e => e.value),
		rels: [...document.querySelectorAll('.chosen-links select[name=link_rel]')].map(e => e.value),
		dir: getComputedStyle(document.querySelector('#f-title-ar')).direction,
		wide: document.documentElement.scrollWidth,
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.Places, " ") != "PLC-homs-central-prison" || strings.Join(got.Links, " ") != "ENT-000001" || strings.Join(got.Rels, " ") != "issued-by" || got.Dir != "rtl" || got.Wide > 1280 {
		t.Errorf("editor after picking: %+v", got)
	}
	snap("editor-filled-ar")
	do("submit for review",
		chromedp.Click(css(`button[value="submit"]`)),
		chromedp.WaitVisible(css(".notice-ok")),
	)
	path, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	code := strings.TrimSuffix(strings.TrimPrefix(path, "/ar/admin/records/"), "/edit")
	rec, _ := b.record(t, code)
	if rec.Status != dhakira.Review || rec.Date != "2017-10-16" || len(rec.Places) != 1 || len(rec.Links) != 1 || rec.Links[0].Rel != dhakira.RelIssuedBy {
		t.Fatalf("submitted record %s: %+v", code, rec)
	}
	snap("submitted-ar")
	do("log out", chromedp.Click(css(".logout-form button")), chromedp.WaitVisible(css("body.page-home")))

	// The reviewer publishes it from the review queue.
	login(reviewerEmail)
	queue, err := chromedp.Run(ctx, chromedp.Text(css("#review-queue")))
	if err != nil || !strings.Contains(queue, "بيان حول إضراب معتقلي سجن حمص المركزي") {
		t.Errorf("review queue %q (%v)", queue, err)
	}
	snap("review-queue")
	do("publish",
		chromedp.Click(css(`#review-queue a[href$="/`+code+`/edit"]`)),
		chromedp.WaitVisible(css(`button[value="publish"]`)),
		chromedp.Click(css(`button[value="publish"]`)),
		chromedp.WaitVisible(css(".notice-ok")),
	)
	if rec, _ := b.record(t, code); rec.Status != dhakira.Published {
		t.Fatalf("not published: %s", rec.Status)
	}
	snap("published")
	do("history", chromedp.Navigate(b.URL+"/ar/admin/records/"+code+"/history"), chromedp.WaitVisible(css("table.history")))
	snap("history-ar")
	do("compare", chromedp.Click(css(".compare-form button")), chromedp.WaitVisible(css(".diffs")))
	snap("compare-ar")

	// The public reads it, and finds it.
	do("log out", chromedp.Click(css(".logout-form button")), chromedp.WaitVisible(css("body.page-home")))
	do("public page", chromedp.Navigate(b.URL+"/ar/records/"+code), chromedp.WaitVisible(css("h1.record-title")))
	title, err := chromedp.Run(ctx, chromedp.Text(css("h1.record-title")))
	if err != nil || title != "بيان حول إضراب معتقلي سجن حمص المركزي" {
		t.Errorf("public title %q (%v)", title, err)
	}
	region, _ := chromedp.Run(ctx, chromedp.Text(css(".row-region")))
	entities, _ := chromedp.Run(ctx, chromedp.Text(css("#related-entity")))
	if !strings.Contains(region, "سجن حمص المركزي") || !strings.Contains(entities, "الائتلاف الوطني السوري") {
		t.Errorf("public page: region %q, entities %q", region, entities)
	}
	snap("public-ar")
	if _, err := b.engine.CatchUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	do("search", chromedp.Navigate(b.URL+"/ar/search?q="+url.QueryEscape("إضراب المعتقلين")), chromedp.WaitVisible(css(".results")))
	hits, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.hit a.item-title')].map(a => a.getAttribute('href'))`))
	if err != nil || !slices.Contains(hits, "/ar/records/"+code) {
		t.Errorf("search hits %q (%v)", hits, err)
	}
	snap("search-ar")
}

// TestBrowserAdminPagesFit loads every back-office page in both languages,
// on a phone and on a desktop, checks that none scrolls sideways and that
// the direction follows the language, and saves screenshots.
func TestBrowserAdminPagesFit(t *testing.T) {
	b := newAdminSite(t, false)
	ctx := browser(t)
	if err := os.MkdirAll("testout", 0o755); err != nil {
		t.Fatal(err)
	}
	// Something in every list: a record with two revisions, a correction.
	rctx := b.as(t, reviewerEmail)
	r, _ := b.record(t, "DOC-000005")
	r.Text = dhakira.Text{AR: "نص جديد للمسودة يشرح البيان.", EN: "A new text for the draft."}
	if _, err := b.svc.Update(rctx, r, 1, "نص جديد"); err != nil {
		t.Fatal(err)
	}
	if err := b.svc.SubmitFeedback(context.Background(), &dhakira.Feedback{Code: "DOC-000001", Lang: "ar", Message: "تاريخ البيان هو 18 تشرين الأول وليس 19.", Name: "قارئ"}, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(b.URL+"/en/login"),
		chromedp.SetValue(chromedp.CSS("#login-email"), adminEmail),
		chromedp.SetValue(chromedp.CSS("#login-password"), testPassword),
		chromedp.Click(chromedp.CSS(".login-form button")),
		chromedp.WaitVisible(chromedp.CSS("#my-drafts")),
	); err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{
		"dashboard":    "/admin/",
		"new-document": "/admin/records/new?kind=document",
		"testimony":    "/admin/records/TST-000001/edit",
		"place":        "/admin/records/PLC-homs-central-prison/edit",
		"person":       "/admin/records/PER-000001/edit",
		"video":        "/admin/records/VID-000001/edit",
		"history":      "/admin/records/DOC-000005/history",
		"compare":      "/admin/records/DOC-000005/compare?a=1&b=2",
		"feedback":     "/admin/feedback",
		"users":        "/admin/users",
		"audit":        "/admin/audit",
	}
	type fit struct {
		Dir         string   `json:"dir"`
		ScrollWidth int      `json:"scrollWidth"`
		Overflowing []string `json:"overflowing"`
		StaffBar    bool     `json:"staffBar"`
	}
	for name, p := range pages {
		for _, lang := range locale.Langs {
			for _, width := range []int64{375, 1280} {
				what := lang + p + "@" + itoa(width)
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(b.URL+"/"+lang+p)); err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(ctx, chromedp.Evaluate[fit](`(() => {
					const w = document.documentElement.clientWidth;
					return {
						dir: getComputedStyle(document.body).direction,
						scrollWidth: document.documentElement.scrollWidth,
						overflowing: [...document.querySelectorAll('main *')].filter(e => {
							if (e.closest('.admin-table, template')) return false;
							const r = e.getBoundingClientRect();
							return r.width > 0 && (r.right > w + 1 || r.left < -1);
						}).slice(0, 5).map(e => e.tagName + '.' + e.className),
						staffBar: !!document.querySelector('.staff-bar'),
					};
				})()`))
				if err != nil {
					t.Fatal(err)
				}
				if got.Dir != locale.Dir(lang) || !got.StaffBar {
					t.Errorf("%s: direction %q, staff bar %v", what, got.Dir, got.StaffBar)
				}
				if got.ScrollWidth > int(width) || len(got.Overflowing) > 0 {
					t.Errorf("%s: the page is %d px wide; overflowing: %q", what, got.ScrollWidth, got.Overflowing)
				}
				shot(t, ctx, width, filepath.Join("testout", "admin-page-"+name+"-"+lang+"-"+itoa(width)+".png"))
			}
		}
	}
}

// TestBrowserEditorScript checks what the editor's script adds: a new
// testimony segment without a round trip, the reason a changed grade needs.
func TestBrowserEditorScript(t *testing.T) {
	b := newAdminSite(t, false)
	ctx := browser(t)
	type state struct {
		IDs            []string `json:"ids"`
		Names          int      `json:"names"`
		Remove         []string `json:"remove"`
		ReasonRequired bool     `json:"reasonRequired"`
	}
	read := `({
		ids: [...document.querySelectorAll('.segment-rows input[name=seg_start]')].map(e => e.id),
		names: document.querySelectorAll('.segment-rows textarea[name=seg_text_ar]').length,
		remove: [...document.querySelectorAll('.segment-rows input[name=seg_remove]')].map(e => e.value),
		reasonRequired: !!(document.getElementById('f-reason') || {}).required,
	})`
	if err := chromedp.Do(ctx,
		chromedp.Navigate(b.URL+"/en/login"),
		chromedp.SetValue(chromedp.CSS("#login-email"), reviewerEmail),
		chromedp.SetValue(chromedp.CSS("#login-password"), testPassword),
		chromedp.Click(chromedp.CSS(".login-form button")),
		chromedp.WaitVisible(chromedp.CSS("#my-drafts")),
		chromedp.Navigate(b.URL+"/en/admin/records/TST-000001/edit"),
		chromedp.WaitVisible(chromedp.CSS(".add-segment")),
		chromedp.Click(chromedp.CSS(".add-segment")),
	); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[state](read))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.IDs, " ") != "f-seg-0-start f-seg-1-start f-seg-2-start" || got.Names != 3 || strings.Join(got.Remove, " ") != "0 1 2" {
		t.Errorf("after adding a segment: %+v", got)
	}
	if got.ReasonRequired {
		t.Error("the reason is required before the grade changes")
	}
	if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#f-reliability"), "correct"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('f-reliability').dispatchEvent(new Event('change'))`)); err != nil {
		t.Fatal(err)
	}
	if got, err = chromedp.Run(ctx, chromedp.Evaluate[state](read)); err != nil || !got.ReasonRequired {
		t.Errorf("the reason is not required once the grade changes (%v)", err)
	}

	// Someone else saves meanwhile: the save is refused, both versions shown.
	r, info := b.record(t, "TST-000001")
	r.Text = dhakira.Text{EN: "A summary written by the administrator meanwhile."}
	if _, err := b.svc.Update(b.as(t, adminEmail), r, info.Revision, "summary"); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS("#f-reliability"), "unspecified"),
		chromedp.SetValue(chromedp.CSS("#f-title-en"), "Testimony of a former detainee of Homs prison"),
		chromedp.Click(chromedp.CSS(`button[value="save"]`)),
		chromedp.WaitVisible(chromedp.CSS(".stale")),
	); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#f-title-en")))
	if err != nil || title != "Testimony of a former detainee of Homs prison" {
		t.Errorf("the stale form lost the title typed: %q (%v)", title, err)
	}
	shot(t, ctx, 1280, filepath.Join("testout", "admin-page-stale-en-1280.png"))
}
