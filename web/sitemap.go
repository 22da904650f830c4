package web

import (
	"bufio"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/locale"
)

// The sitemaps (sitemaps.org protocol) tell search engines every public
// page: /sitemap.xml is an index of sitemap files, all at the root of the
// site (a sitemap may only list addresses under its own folder):
//
//	/sitemap-pages.xml                          home, about, the API page, the latest chronicle day, the lists by kind
//	/sitemap-records.xml?after=A&through=B      the published records with codes in (A, B]
//
// Each page is listed in both languages, each with hreflang alternates to
// both and to an x-default (the address that picks the language by
// Accept-Language). Record files are ranges of the code order, so that a
// file is a walk of the store's key from its first code, whatever its
// place in the archive: the index finds the ranges' ends once per change
// of the archive, and a file costs the same at any depth. Drafts, records
// in review and withdrawn records are never listed.

// syndicationRoutes serves what crawlers and feed readers ask for: the
// sitemaps, robots.txt and the Atom feeds (feed.go).
func (s *Server) syndicationRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /robots.txt", s.handleRobots)
	mux.HandleFunc("GET /sitemap.xml", s.handleSitemapIndex)
	mux.HandleFunc("GET /sitemap-pages.xml", s.handleSitemapPages)
	mux.HandleFunc("GET /sitemap-records.xml", s.handleSitemapRecords)
	for _, lang := range locale.Langs {
		mux.HandleFunc("GET "+feedPath(lang, ""), s.withLang(lang, s.handleFeed))
		mux.HandleFunc("GET "+feedPath(lang, "{kind}"), s.withLang(lang, s.handleKindFeed))
	}
}

// sitemapMaxURLs is the most <url> entries in one sitemap file, the
// protocol's limit. Tests lower it.
var sitemapMaxURLs = 50_000

// sitemapMaxBytes is the protocol's limit on a sitemap file's size,
// uncompressed.
var sitemapMaxBytes = 50 * 1024 * 1024

// sitemapBatch is how many records a sitemap file reads from the store at
// a time: its memory stays small however large the file. Tests lower it.
var sitemapBatch = 1000

const (
	sitemapNS      = "http://www.sitemaps.org/schemas/sitemap/0.9"
	sitemapXHTMLNS = "http://www.w3.org/1999/xhtml"
	sitemapHead    = xml.Header + `<urlset xmlns="` + sitemapNS + `" xmlns:xhtml="` + sitemapXHTMLNS + `">` + "\n"
	sitemapFoot    = "</urlset>\n"
)

// syndicationEpoch tells apart the answers of two runs of the program at
// the same change of the archive: the settings or the program may differ.
var syndicationEpoch = fmt.Sprintf("%x", time.Now().UnixNano())

// sitemapMarks remembers the ends of the record files, found by walking
// the archive, for as long as the archive does not change.
type sitemapMarks struct {
	mu    sync.Mutex
	seq   int64
	n     int
	marks []string
	more  bool // records come after the last mark
	valid bool
}

// archiveTag is the entity tag of an answer that changes only with the
// archive (sitemaps, feeds), at its change seq; perFile tells apart
// sitemaps cut into files of another size.
func archiveTag(seq int64, perFile int) string {
	return fmt.Sprintf(`"%s-%d-%d"`, syndicationEpoch, seq, perFile)
}

// notModified sets the entity tag and answers 304 when the client has it
// already.
func notModified(w http.ResponseWriter, r *http.Request, etag string) bool {
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "no-cache")
	for _, t := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			w.WriteHeader(http.StatusNotModified)
			return true
		}
	}
	return false
}

// xmlText escapes s for XML text and attribute values.
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// w3cTime is a time as the sitemaps and Atom want it (W3C datetime,
// RFC 3339): UTC, to the second.
func w3cTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// sitemapBase is the site's address without a trailing slash.
func (s *Server) sitemapBase(r *http.Request) string { return s.absURL(r, "") }

// sitemapEntries writes the <url> entries of one page in both languages:
// path is the page's path after the language, neutral the address that
// picks the language (x-default), "" for the Arabic page, as the site
// picks Arabic when unsure.
func sitemapEntries(w io.Writer, base, path, neutral string, lastmod time.Time) error {
	loc := map[string]string{}
	for _, lang := range locale.Langs {
		loc[lang] = xmlText(base + "/" + lang + path)
	}
	def := loc["ar"]
	if neutral != "" {
		def = xmlText(base + neutral)
	}
	var mod string
	if !lastmod.IsZero() {
		mod = "<lastmod>" + w3cTime(lastmod) + "</lastmod>"
	}
	for _, lang := range locale.Langs {
		_, err := fmt.Fprintf(w, "<url><loc>%s</loc>%s"+
			`<xhtml:link rel="alternate" hreflang="ar" href="%s"/>`+
			`<xhtml:link rel="alternate" hreflang="en" href="%s"/>`+
			`<xhtml:link rel="alternate" hreflang="x-default" href="%s"/></url>`+"\n",
			loc[lang], mod, loc["ar"], loc["en"], def)
		if err != nil {
			return err
		}
	}
	return nil
}

func recordEntries(w io.Writer, base string, sum dhakira.Summary) error {
	code := url.PathEscape(sum.Code)
	return sitemapEntries(w, base, "/records/"+code, "/records/"+code, sum.Updated)
}

// sitemapRecordsPerFile is how many records (two <url> entries each) one
// file holds: as many as the protocol allows, by count and by size. The
// size is bounded by the largest entry a record can make, with the
// longest code and the base's length rounded up: what is computed for one
// request is what the index computed for another, unless their addresses
// differ much.
func sitemapRecordsPerFile(base string) int {
	n := max(sitemapMaxURLs/len(locale.Langs), 1)
	size := (len(xmlText(base))/128 + 1) * 128
	var b strings.Builder
	recordEntries(&b, strings.Repeat("x", size), dhakira.Summary{Code: strings.Repeat("x", dhakira.MaxCodeLen), Updated: time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)})
	return max(min(n, (sitemapMaxBytes-len(sitemapHead)-len(sitemapFoot))/b.Len()), 1)
}

func writeSitemapHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "application/xml; charset=utf-8")
	h.Set("X-Robots-Tag", "noindex")
}

// get returns the ends of the record files of n records each, from the
// cache when the archive has not changed since they were found.
func (c *sitemapMarks) get(ctx context.Context, store dhakira.Store, seq int64, n int) ([]string, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.valid && c.seq == seq && c.n == n {
		return c.marks, c.more, nil
	}
	marks, err := store.PublishedMarks(ctx, n)
	if err != nil {
		return nil, false, err
	}
	last := ""
	if len(marks) > 0 {
		last = marks[len(marks)-1]
	}
	next, err := store.PublishedAfter(ctx, last, 1)
	if err != nil {
		return nil, false, err
	}
	c.seq, c.n, c.marks, c.more, c.valid = seq, n, marks, len(next) > 0, true
	return marks, c.more, nil
}

// handleSitemapIndex lists the sitemap files.
func (s *Server) handleSitemapIndex(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	seq, err := s.store.LastChange(ctx)
	if err != nil {
		s.sitemapFail(w, r, err)
		return
	}
	base := s.sitemapBase(r)
	n := sitemapRecordsPerFile(base)
	if notModified(w, r, archiveTag(seq, n)) {
		return
	}
	marks, more, err := s.sitemaps.get(ctx, s.store, seq, n)
	if err != nil {
		s.sitemapFail(w, r, err)
		return
	}
	var b strings.Builder
	b.WriteString(xml.Header + `<sitemapindex xmlns="` + sitemapNS + `">` + "\n")
	file := func(path string) { b.WriteString("<sitemap><loc>" + xmlText(base+path) + "</loc></sitemap>\n") }
	records := func(after, through string) {
		q := url.Values{}
		if after != "" {
			q.Set("after", after)
		}
		if through != "" {
			q.Set("through", through)
		}
		if len(q) == 0 {
			file("/sitemap-records.xml")
			return
		}
		file("/sitemap-records.xml?" + q.Encode())
	}
	file("/sitemap-pages.xml")
	after := ""
	for _, m := range marks {
		records(after, m)
		after = m
	}
	if more {
		records(after, "")
	}
	b.WriteString("</sitemapindex>\n")
	writeSitemapHeaders(w)
	if r.Method != http.MethodHead {
		io.WriteString(w, b.String())
	}
}

// handleSitemapPages lists the pages that are not records.
func (s *Server) handleSitemapPages(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	seq, err := s.store.LastChange(ctx)
	if err != nil {
		s.sitemapFail(w, r, err)
		return
	}
	if notModified(w, r, archiveTag(seq, 0)) {
		return
	}
	// /{lang}/chronicle only redirects: the day it leads to is the page.
	latest, _, err := s.store.ChronicleNeighbours(ctx, 99991231, dhakira.Public)
	if err != nil {
		s.sitemapFail(w, r, err)
		return
	}
	base := s.sitemapBase(r)
	var b strings.Builder
	b.WriteString(sitemapHead)
	sitemapEntries(&b, base, "/", "/", time.Time{})
	sitemapEntries(&b, base, "/about", "", time.Time{})
	sitemapEntries(&b, base, "/api", "", time.Time{})
	if latest != 0 {
		sitemapEntries(&b, base, "/chronicle/"+dayFromNum(latest).String(), "", time.Time{})
	}
	for _, k := range dhakira.Kinds {
		sitemapEntries(&b, base, "/browse/"+string(k), "", time.Time{})
	}
	b.WriteString(sitemapFoot)
	writeSitemapHeaders(w)
	if r.Method != http.MethodHead {
		io.WriteString(w, b.String())
	}
}

// handleSitemapRecords lists the published records with codes in the
// range (after, through], at most a file's worth, streaming them from the
// store a batch at a time.
func (s *Server) handleSitemapRecords(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	after, through := q.Get("after"), q.Get("through")
	if after != "" && !dhakira.ValidCode(after) || through != "" && (!dhakira.ValidCode(through) || through <= after) {
		s.notFound(w, r, locale.FromAccept(r.Header.Get("Accept-Language")))
		return
	}
	seq, err := s.store.LastChange(ctx)
	if err != nil {
		s.sitemapFail(w, r, err)
		return
	}
	base := s.sitemapBase(r)
	limit := sitemapRecordsPerFile(base)
	if notModified(w, r, archiveTag(seq, limit)) {
		return
	}
	list, err := s.store.PublishedAfter(ctx, after, min(limit, sitemapBatch))
	if err != nil {
		s.sitemapFail(w, r, err)
		return
	}
	writeSitemapHeaders(w)
	if r.Method == http.MethodHead {
		return
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(sitemapHead)
	written, asked := 0, min(limit, sitemapBatch)
	for {
		done := len(list) < asked // the store has no more
		for _, sum := range list {
			if through != "" && sum.Code > through || written == limit {
				done = true
				break
			}
			after = sum.Code
			if !dhakira.Public.Sees(sum.Status) {
				continue
			}
			if err := recordEntries(bw, base, sum); err != nil {
				return // the reader went away
			}
			written++
		}
		if done || written == limit {
			break
		}
		asked = min(limit-written, sitemapBatch)
		if list, err = s.store.PublishedAfter(ctx, after, asked); err != nil {
			// Half a sitemap must not pass for a whole one: break the
			// answer off.
			s.log.Error("web: sitemap", "after", after, "err", err)
			panic(http.ErrAbortHandler)
		}
	}
	bw.WriteString(sitemapFoot)
	bw.Flush()
}

func (s *Server) sitemapFail(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil {
		return
	}
	s.log.Error("web: sitemap", "path", r.URL.Path, "err", err)
	w.Header().Del("ETag")
	http.Error(w, "sitemap unavailable", http.StatusInternalServerError)
}

// handleRobots tells crawlers what to leave alone: the back office, the
// login, the API, search results (an endless space of queries) and lists
// merely sorted otherwise; and where the sitemap is.
func (s *Server) handleRobots(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	b.WriteString("User-agent: *\nAllow: /\n")
	for _, lang := range locale.Langs {
		fmt.Fprintf(&b, "Disallow: /%[1]s/admin\nDisallow: /%[1]s/login\nDisallow: /%[1]s/logout\nDisallow: /%[1]s/search\nDisallow: /%[1]s/records/*/feedback\n", lang)
	}
	b.WriteString("Disallow: /api/\nDisallow: /*?*sort=\n\n")
	b.WriteString("Sitemap: " + s.sitemapBase(r) + "/sitemap.xml\n")
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=3600")
	if r.Method != http.MethodHead {
		io.WriteString(w, b.String())
	}
}
