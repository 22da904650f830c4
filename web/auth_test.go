package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// offSite reports whether a browser could take loc, a Location header
// answered on this site, to another one: it drops tabs and line breaks,
// reads a backslash as a slash, and trims leading spaces and controls.
func offSite(loc string) bool {
	clean := strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return -1
		case r == '\\':
			return '/'
		}
		return r
	}, loc)
	clean = strings.TrimLeft(clean, " \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f")
	if !strings.HasPrefix(clean, "/") || strings.HasPrefix(clean, "//") {
		return true
	}
	u, err := url.Parse(clean)
	return err != nil || u.Host != "" || u.Scheme != "" || strings.HasPrefix(u.Path, "//")
}

func TestSafeNext(t *testing.T) {
	for next, want := range map[string]string{
		"/ar/admin/records/DOC-000001": "/ar/admin/records/DOC-000001",
		"/en/admin/?status=draft":      "/en/admin/?status=draft",
		"/\t/evil.com":                 "/en/admin/",
		"/\n/evil.com":                 "/en/admin/",
		"/\r\n/evil.com":               "/en/admin/",
		"/\\evil.com":                  "/en/admin/",
		"/a\\b":                        "/en/admin/",
		"//evil.com":                   "/en/admin/",
		"/%2F/evil.com":                "/en/admin/",
		"/%2f%2fevil.com":              "/en/admin/",
		"/%5Cevil.com":                 "/en/admin/",
		"/%09/evil.com":                "/en/admin/",
		"https://evil.com/":            "/en/admin/",
		"javascript:alert(1)":          "/en/admin/",
		" /ar/admin/":                  "/en/admin/",
		"/\x00/evil.com":               "/en/admin/",
		"/\u2028/evil.com":             "/en/admin/",
		"":                             "/en/admin/",
	} {
		if got := safeNext(next, "en"); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
}

func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/ar/admin/", "/\t/evil.com", "/\\evil.com", "//evil.com", "/%2F/x", "/%09/x", "/a?b=//c", "/ /evil.com", "/\u00a0/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next, "ar")
		if got != next && got != "/ar/admin/" {
			t.Fatalf("safeNext(%q) = %q: neither the path nor the fallback", next, got)
		}
		if offSite(got) {
			t.Fatalf("safeNext(%q) = %q leads off the site", next, got)
		}
		if u, err := url.Parse(got); err != nil || u.Host != "" || strings.HasPrefix(u.Path, "//") || strings.ContainsAny(u.Path, "\\\t\n\r") {
			t.Fatalf("safeNext(%q) = %q: path %q", next, got, u.Path)
		}
	})
}

// The login form sends the member back only to a path on this site, however
// the next address is disguised.
func TestLoginRedirectStaysOnSite(t *testing.T) {
	b := newAdminSite(t, false)
	for _, next := range []string{"/\t/evil.com", "/\\/evil.com", "//evil.com", "/%2F/evil.com", "https://evil.com", "/ar/admin/records/DOC-000001"} {
		m := b.anonymous(t)
		status, _, resp := m.post(t, "/ar/login", url.Values{"email": {reviewerEmail}, "password": {testPassword}, "next": {next}})
		loc := resp.Header.Get("Location")
		if status != http.StatusSeeOther {
			t.Fatalf("next=%q: status %d", next, status)
		}
		if offSite(loc) {
			t.Errorf("next=%q: Location %q leads off the site", next, loc)
		}
		if next == "/ar/admin/records/DOC-000001" && loc != next {
			t.Errorf("next=%q: Location %q, want the path itself", next, loc)
		}
	}
	// The raw query form of the issue: next=/%09/evil.com.
	status, body, _ := b.anonymous(t).get(t, "/ar/login?next=/%09/evil.com")
	if status != http.StatusOK || !strings.Contains(body, `name="next" value="/ar/admin/"`) {
		t.Errorf("login form with next=/%%09/evil.com: %d, its next field is not the back office's home", status)
	}
}
