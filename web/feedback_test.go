package web

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/locale"
)

// feedbackCount counts the readers' corrections stored.
func (b *boSite) feedbackCount(t testing.TB) int {
	t.Helper()
	list, err := b.svc.FeedbackList(cli(), dhakira.FeedbackFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

var feedbackThanks = map[string]string{"ar": "شكرًا لكم", "en": "Thank you"}

// TestFeedbackForm: the correction form of a record page, in both
// languages, and what it refuses.
func TestFeedbackForm(t *testing.T) {
	b := newBackOffice(t)
	sent := 0
	for _, lang := range locale.Langs {
		page := b.pageOf(t, "/"+lang+"/records/DOC-000001", 200)
		form := section(t, page, "correction-h")
		contains(t, lang+" form", form,
			`<form class="feedback-form" method="post" action="/`+lang+`/records/DOC-000001/feedback#correction">`,
			`name="message"`, `name="name"`, `name="email"`,
			`<div class="hp" aria-hidden="true">`, `name="website" type="text" tabindex="-1" autocomplete="off"`,
			b.svcT(lang, "correction_submit"))
		lacks(t, lang+" form", form, "mailto:")

		msg := "The date is wrong: the statement was issued on 18 October. " + lang
		status, _, resp := b.post(t, "/"+lang+"/records/DOC-000001/feedback", url.Values{
			"message": {msg}, "name": {"Reader " + lang}, "email": {"Reader@Example.org"}, "website": {""},
		})
		sent++
		loc := resp.Header.Get("Location")
		if status != 303 || loc != "/"+lang+"/records/DOC-000001/feedback/sent" {
			t.Fatalf("%s post: %d to %q", lang, status, loc)
		}
		thanks := b.pageOf(t, loc, 200)
		contains(t, lang+" thanks", thanks, htmlTag[lang], feedbackThanks[lang], `href="/`+lang+`/records/DOC-000001"`, b.svcT(lang, "correction_thanks_text"))
		if b.feedbackCount(t) != sent {
			t.Fatalf("%s: %d corrections stored, want %d", lang, b.feedbackCount(t), sent)
		}
	}
	list, _ := b.svc.FeedbackList(cli(), dhakira.FeedbackFilter{})
	if f := list[0]; f.Lang != "en" || f.Code != "DOC-000001" || f.Name != "Reader en" || f.Email != "reader@example.org" || f.Status != dhakira.FeedbackNew {
		t.Errorf("stored correction: %+v", f)
	}

	// The honeypot: thanked, not kept.
	for _, lang := range locale.Langs {
		status, _, resp := b.post(t, "/"+lang+"/records/DOC-000001/feedback", url.Values{"message": {"Buy cheap watches"}, "website": {"http://spam.example"}})
		if status != 303 || !strings.HasSuffix(resp.Header.Get("Location"), "/feedback/sent") {
			t.Errorf("%s honeypot: %d %q", lang, status, resp.Header.Get("Location"))
		}
	}
	if n := b.feedbackCount(t); n != sent {
		t.Errorf("the honeypot stored something: %d corrections", n)
	}

	// Refused: the form again, in the reader's language, text kept.
	for _, lang := range locale.Langs {
		long := "</textarea><script>alert(1)</script>" + strings.Repeat("ب", dhakira.MaxFeedbackMessage)
		status, page, _ := b.post(t, "/"+lang+"/records/DOC-000001/feedback", url.Values{"message": {long}, "name": {"Someone"}})
		if status != 400 {
			t.Fatalf("%s oversize message: %d", lang, status)
		}
		form := section(t, page, "correction-h")
		contains(t, lang+" oversize", form, b.svcT(lang, "correction_error_too_long", "Max", dhakira.MaxFeedbackMessage),
			"&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;ببب", `value="Someone"`, `aria-invalid="true"`)
		contains(t, lang+" oversize", page, htmlTag[lang], `href="/`+dhakira.OtherLang(lang)+`/records/DOC-000001"`)
		lacks(t, lang+" oversize", page, "<script>alert(1)")

		status, page, _ = b.post(t, "/"+lang+"/records/DOC-000001/feedback", url.Values{"message": {"  "}, "email": {"not an address"}})
		if status != 400 {
			t.Fatalf("%s empty message: %d", lang, status)
		}
		contains(t, lang+" empty", section(t, page, "correction-h"),
			b.svcT(lang, "correction_not_sent"), b.svcT(lang, "correction_error_required"), b.svcT(lang, "correction_error_email"), `value="not an address"`)

		status, page, _ = b.post(t, "/"+lang+"/records/DOC-000001/feedback", url.Values{"message": {"broken \xff text"}, "name": {strings.Repeat("n", dhakira.MaxFeedbackName+1)}})
		if status != 400 {
			t.Fatalf("%s invalid UTF-8: %d", lang, status)
		}
		contains(t, lang+" invalid UTF-8", section(t, page, "correction-h"),
			b.svcT(lang, "correction_error_invalid"), b.svcT(lang, "correction_error_name", "Max", dhakira.MaxFeedbackName))
	}
	if n := b.feedbackCount(t); n != sent {
		t.Errorf("refused posts stored something: %d corrections", n)
	}

	// Drafts, unknown codes: no page, no form, nothing kept.
	for _, p := range []string{"/en/records/DOC-000005/feedback", "/ar/records/DOC-999999/feedback", "/en/records/bad%20code/feedback"} {
		status, page, _ := b.post(t, p, url.Values{"message": {"About a draft"}})
		if status != 404 {
			t.Errorf("%s: %d", p, status)
		}
		lacks(t, p, page, "Draft Document Hidden")
	}
	if status, _, _ := b.api(t, nobody, "GET", "/en/records/DOC-000005/feedback/sent", ""); status != 404 {
		t.Errorf("thanks for a draft: %d", status)
	}

	// Cross-origin posts are refused before they reach the form.
	for _, h := range [][]string{
		{"Sec-Fetch-Site", "cross-site"},
		{"Origin", "https://evil.example"},
		{"Sec-Fetch-Site", "same-site", "Origin", "https://evil.example"},
	} {
		status, body, _ := b.post(t, "/en/records/DOC-000001/feedback", url.Values{"message": {"Forged"}}, h...)
		if status != 403 {
			t.Errorf("cross-origin post %q: %d %s", h, status, body)
		}
	}
	if n := b.feedbackCount(t); n != sent {
		t.Errorf("cross-origin posts stored something: %d corrections", n)
	}
	// A browser's own same-origin post passes.
	status, _, _ := b.post(t, "/en/records/DOC-000001/feedback", url.Values{"message": {"Same origin"}}, "Sec-Fetch-Site", "same-origin", "Origin", b.URL)
	if sent++; status != 303 || b.feedbackCount(t) != sent {
		t.Errorf("same-origin post: %d", status)
	}

	// Five from one address in ten minutes; the sixth is refused.
	for sent < 5 {
		status, _, _ := b.post(t, "/ar/records/DOC-000002/feedback", url.Values{"message": {"تصحيح"}})
		if sent++; status != 303 {
			t.Fatalf("correction %d: %d", sent, status)
		}
	}
	for _, lang := range locale.Langs {
		status, page, resp := b.post(t, "/"+lang+"/records/DOC-000002/feedback", url.Values{"message": {"One too many " + lang}})
		if status != 429 || resp.Header.Get("Retry-After") == "" {
			t.Errorf("%s: the sixth correction: %d", lang, status)
		}
		contains(t, lang+" throttled", page, htmlTag[lang], b.svcT(lang, "correction_throttled"), "One too many "+lang)
	}
	if n := b.feedbackCount(t); n != 5 {
		t.Errorf("%d corrections stored, want 5", n)
	}

	// The reviewers see them through the API; researchers do not.
	status, body, _ := b.api(t, dhakira.Reviewer, "GET", "/api/v1/feedback?status=new", "")
	var got []struct {
		ID      int64  `json:"id"`
		Code    string `json:"code"`
		Lang    string `json:"lang"`
		Message string `json:"message"`
		Name    string `json:"name"`
		Email   string `json:"email"`
		Status  string `json:"status"`
		Created string `json:"created"`
	}
	if err := json.Unmarshal([]byte(body), &got); status != 200 || err != nil || len(got) != 5 {
		t.Fatalf("feedback list: %d %s", status, body)
	}
	var found bool
	for _, f := range got {
		if f.Code == "DOC-000001" && f.Lang == "ar" && strings.HasPrefix(f.Message, "The date is wrong") && f.Name == "Reader ar" && f.Email == "reader@example.org" && f.Status == "new" && f.ID > 0 && f.Created != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("the Arabic reader's correction is not listed: %s", body)
	}
	if _, body, _ := b.api(t, dhakira.Admin, "GET", "/api/v1/feedback?status=new&code=DOC-000002", ""); strings.Count(body, `"id"`) != 2 {
		t.Errorf("feedback on DOC-000002: %s", body)
	}
	if _, body, _ := b.api(t, dhakira.Admin, "GET", "/api/v1/feedback?status=dismissed", ""); strings.TrimSpace(body) != "[]" {
		t.Errorf("dismissed feedback: %s", body)
	}
	if status, body, _ := b.api(t, dhakira.Reviewer, "GET", "/api/v1/feedback?status=maybe", ""); status != 400 || decodeErr(t, body).Field != "status" {
		t.Errorf("unknown feedback status: %d %s", status, body)
	}
	if status, _, _ := b.api(t, dhakira.Researcher, "GET", "/api/v1/feedback?status=new", ""); status != 403 {
		t.Errorf("a researcher lists feedback: %d", status)
	}
}

// svcT is a message of the site in lang, HTML-escaped as a page shows it.
func (b *boSite) svcT(lang, id string, kv ...any) string {
	tr, err := locale.Load()
	if err != nil {
		panic(err)
	}
	s := tr[lang].T(id, kv...)
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// TestFeedbackWithoutBackOffice: a site without a back office keeps the
// mailto link, and takes no posts.
func TestFeedbackWithoutBackOffice(t *testing.T) {
	s := newSite(t)
	page := s.page(t, "/en/records/DOC-000001", 200)
	contains(t, "record page", section(t, page, "correction-h"), "mailto:archive@example.org")
	lacks(t, "record page", page, "<form class=\"feedback-form\"")
	resp, err := s.client.PostForm(s.URL+"/en/records/DOC-000001/feedback", url.Values{"message": {"x"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("post without a back office: %d", resp.StatusCode)
	}
}

// TestFeedbackMessagesExist: every message the form and its handlers name
// exists in both languages.
func TestFeedbackMessagesExist(t *testing.T) {
	tr, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	lit := regexp.MustCompile(`\.T\(?\s*"(correction_[a-z0-9_]+)"`)
	for _, f := range []string{"feedback.go", "templates/record.html", "templates/feedback.html"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(data), -1) {
			ids[m[1]] = true
		}
	}
	if len(ids) < 15 {
		t.Fatalf("found only %d message names", len(ids))
	}
	for _, lang := range locale.Langs {
		for id := range ids {
			if !tr[lang].Has(id) {
				t.Errorf("%s: no message %s", lang, id)
			}
		}
	}
}

// formSeen is what a reader sees of the correction form.
type formSeen struct {
	Form        bool   `json:"form"`
	Labels      int    `json:"labels"`
	TrapSeen    bool   `json:"trapSeen"`
	TrapInTabs  bool   `json:"trapInTabs"`
	FieldsFit   bool   `json:"fieldsFit"`
	ButtonStart bool   `json:"buttonStart"`
	Dir         string `json:"dir"`
	ScrollWidth int    `json:"scrollWidth"`
}

const readForm = `(() => {
  const q = s => document.querySelector(s);
  const form = q('form.feedback-form');
  const shown = el => {
    if (!el) return false;
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && cs.visibility === 'visible' && cs.display !== 'none' &&
      r.right > 0 && r.left < document.documentElement.clientWidth;
  };
  const trap = q('input[name=website]');
  const fr = form ? form.getBoundingClientRect() : null;
  const fit = form ? [...form.querySelectorAll('textarea, input:not([name=website])')].every(el => {
    const r = el.getBoundingClientRect();
    return shown(el) && r.left >= fr.left - 1 && r.right <= fr.right + 1;
  }) : false;
  const button = form && form.querySelector('button');
  let start = false;
  if (button) {
    const b = button.getBoundingClientRect();
    start = getComputedStyle(form).direction === 'rtl' ? Math.abs(b.right - fr.right) < 2 : Math.abs(b.left - fr.left) < 2;
  }
  return {
    form: shown(form),
    labels: form ? [...form.querySelectorAll('label')].filter(shown).length : 0,
    trapSeen: shown(trap),
    trapInTabs: trap ? trap.tabIndex >= 0 : true,
    fieldsFit: fit,
    buttonStart: start,
    dir: form ? getComputedStyle(form).direction : '',
    scrollWidth: document.documentElement.scrollWidth,
  };
})()`

// TestBrowserFeedbackForm: in Chromium, in both languages, on a phone and
// a desktop, the form shows its three fields and hides the honeypot, fits
// the page, and sends a correction without any script: the browser's own
// post passes the cross-origin check and lands on the thank-you page.
func TestBrowserFeedbackForm(t *testing.T) {
	b := newBackOffice(t)
	ctx := browser(t)
	if err := os.MkdirAll("testout", 0o755); err != nil {
		t.Fatal(err)
	}
	dir := map[string]string{"ar": "rtl", "en": "ltr"}
	for _, lang := range locale.Langs {
		for _, width := range []int64{375, 1280} {
			what := lang + "@" + itoa(width)
			if err := chromedp.Do(ctx,
				chromedp.EmulateViewport(width, 900),
				chromedp.Navigate(b.URL+"/"+lang+"/records/DOC-000001"),
			); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[formSeen](readForm))
			if err != nil {
				t.Fatal(err)
			}
			if !got.Form || got.Labels != 3 || got.Dir != dir[lang] {
				t.Errorf("%s: form shown %v with %d labels, direction %q", what, got.Form, got.Labels, got.Dir)
			}
			if got.TrapSeen || got.TrapInTabs {
				t.Errorf("%s: the honeypot is visible (%v) or in the tab order (%v)", what, got.TrapSeen, got.TrapInTabs)
			}
			if !got.FieldsFit || !got.ButtonStart {
				t.Errorf("%s: fields fit the form %v, button at the start side %v", what, got.FieldsFit, got.ButtonStart)
			}
			if got.ScrollWidth > int(width) {
				t.Errorf("%s: the page is %d px wide", what, got.ScrollWidth)
			}
			shot(t, ctx, width, filepath.Join("testout", "feedback-form-"+lang+"-"+itoa(width)+".png"))
		}
		msg := "Chromium sends a correction in " + lang
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(1280, 900),
			chromedp.SendKeys("#feedback-message", msg),
			chromedp.SendKeys("#feedback-name", "Reader"),
			chromedp.Click("form.feedback-form button"),
			chromedp.WaitVisible(".feedback-sent"),
		); err != nil {
			t.Fatalf("%s: send: %v", lang, err)
		}
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(loc, "/"+lang+"/records/DOC-000001/feedback/sent") {
			t.Errorf("%s: after sending, at %s", lang, loc)
		}
		h1, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('h1').innerText.trim()`))
		if err != nil || h1 != feedbackThanks[lang] {
			t.Errorf("%s: thank-you heading %q (%v)", lang, h1, err)
		}
		shot(t, ctx, 1280, filepath.Join("testout", "feedback-sent-"+lang+".png"))
		list, err := b.svc.FeedbackList(cli(), dhakira.FeedbackFilter{Limit: 1})
		if err != nil || len(list) != 1 || list[0].Message != msg || list[0].Lang != lang || list[0].Name != "Reader" {
			t.Errorf("%s: stored %+v (%v)", lang, list, err)
		}
	}
}
