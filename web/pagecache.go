package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
)

// The page cache keeps the public pages rendered for as long as the
// archive has not changed. A page of the public (a record, the home page,
// a list, a chronicle day, the about page, a record's JSON) depends on the
// published records, the settings the server started with, and the day
// (a citation's access date); so a rendered page is good for as long as
// the store's change sequence has not moved and the day is the same: the
// sequence moves with every revision any process commits, an unpublished
// or deleted record's included, and that one number covers the record's
// own page and every list or related section that named it.
//
// Only anonymous readers' GET and HEAD requests for those pages are
// answered from it: a request with a session cookie or an Authorization
// header never reads it and never fills it, and a response that sets a
// cookie, is private, or is anything but a 200 is not kept. A page whose
// record has files still being prepared (a poster, an access copy, made
// by the background worker without a new revision) is not kept either.
//
// Each page is kept compressed (gzip), as most clients take it; a client
// that does not is sent it decompressed. Pages are dropped least recently
// used first beyond the budget. Readers arriving together for a page that
// is not there wait for one of them to render it.

// DefaultPageCacheBytes is the page cache's budget unless WithPageCache
// says otherwise: at about 7 KB a compressed record page (16 KB as sent),
// some 19,000 pages, with the server's own memory still far under the
// gigabyte issue 10 allows it.
const DefaultPageCacheBytes = config.DefaultPageCacheMB << 20

// DefaultPageCacheSlack is how much older than a request a page it is
// sent may be: a page never misses a write committed more than this
// before the request began. The store is asked for its change sequence
// once per this much time under load, instead of once per request.
const DefaultPageCacheSlack = 2 * time.Millisecond

// WithPageCache sets the page cache's budget in bytes (0 turns it off)
// and its slack (see DefaultPageCacheSlack).
func WithPageCache(maxBytes int64, slack time.Duration) Option {
	return func(s *Server) { s.pageBudget, s.pageSlack = maxBytes, slack }
}

// pageCache is the set of rendered pages of one generation of the
// archive.
type pageCache struct {
	clock changeClock
	max   int64
	day   func() string // today, as the pages write it

	mu    sync.Mutex
	gen   generation
	pages map[string]*keptPage
	lru   keptPage // the ring's sentinel: lru.next is the most recently used
	size  int64
	fills map[string]*pageFill

	stats PageCacheStats
}

// PageCacheStats says what the page cache did, for the tests and the
// bench.
type PageCacheStats struct {
	Hits      int64 // requests answered with a page kept, or rendered for another reader meanwhile
	Renders   int64 // pages rendered for the cache (kept or not)
	Evictions int64 // pages dropped for the budget
	Pages     int   // pages kept now
	Bytes     int64 // their size
}

// PageCacheStats reports what the page cache did; all zero without one.
func (s *Server) PageCacheStats() PageCacheStats {
	if s.cache == nil {
		return PageCacheStats{}
	}
	c := s.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.stats
	st.Pages, st.Bytes = len(c.pages), c.size
	return st
}

// generation is what a page depends on besides its address.
type generation struct {
	seq int64
	day string
}

func (g generation) before(o generation) bool {
	return g.seq < o.seq || g.seq == o.seq && g.day < o.day
}

// keptPage is a rendered response.
type keptPage struct {
	key        string
	status     int
	header     http.Header // the handler's, without Content-Length
	body       []byte      // nil when only gz is kept
	gz         []byte      // the body compressed, or nil
	etag, gtag string      // the entity tags of body and gz
	size       int64
	prev, next *keptPage
}

// pageFill is one rendering under way, awaited by the readers asking for
// the same page meanwhile.
type pageFill struct {
	gen   generation
	done  chan struct{} // closed when page is set
	page  *keptPage     // nil when the response may not be kept
	plain []byte        // the page's body as rendered, for those who wait, when they do not take gzip
}

func newPageCache(feed dhakira.ChangeFeed, max int64, slack time.Duration, day func() string) *pageCache {
	c := &pageCache{clock: changeClock{feed: feed, slack: slack}, max: max, day: day, pages: map[string]*keptPage{}, fills: map[string]*pageFill{}}
	c.lru.next, c.lru.prev = &c.lru, &c.lru
	return c
}

// pageNoteKey is the context key of a rendering's *pageNote.
type pageNoteKey struct{}

// pageNote is how a handler tells the cache that its page must not be
// kept.
type pageNote struct{ dontKeep bool }

// dontKeep marks the page being rendered as not to be kept: it shows a
// state that changes without a new revision.
func dontKeep(ctx context.Context) {
	if n, ok := ctx.Value(pageNoteKey{}).(*pageNote); ok {
		n.dontKeep = true
	}
}

// pageKey returns the cache key of r, or false when r's answer is never
// kept: it is not an anonymous GET or HEAD of a public page, or its query
// is one the page does not read (which would let anyone fill the cache
// with copies of one page).
func pageKey(r *http.Request) (string, bool) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return "", false
	}
	if r.Header.Get("Authorization") != "" || dhakira.UserFrom(r.Context()) != nil {
		return "", false
	}
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		return "", false // even one no longer valid: the page does not depend on it, but nothing is risked
	}
	p := r.URL.Path
	q := r.URL.RawQuery
	var extra string
	switch {
	case strings.HasPrefix(p, "/api/v1/records/"):
		code := strings.TrimPrefix(p, "/api/v1/records/")
		// Codes with dots may be an archival format (.ead.xml), dated
		// when written.
		if q != "" || !dhakira.ValidCode(code) || strings.Contains(code, ".") {
			return "", false
		}
		extra = r.Header.Get("Accept") // JSON or JSON-LD
	case len(p) >= 4 && p[0] == '/' && p[3] == '/' && (p[1:3] == "ar" || p[1:3] == "en"):
		rest := p[3:]
		switch {
		case rest == "/" || rest == "/about":
			if q != "" {
				return "", false
			}
		case strings.HasPrefix(rest, "/records/"):
			if q != "" || !dhakira.ValidCode(strings.TrimPrefix(rest, "/records/")) {
				return "", false
			}
		case strings.HasPrefix(rest, "/chronicle/"):
			if q != "" || strings.Contains(strings.TrimPrefix(rest, "/chronicle/"), "/") {
				return "", false
			}
		case strings.HasPrefix(rest, "/browse/"):
			if strings.Contains(strings.TrimPrefix(rest, "/browse/"), "/") || !browseQuery(r) {
				return "", false
			}
		default:
			return "", false
		}
	default:
		return "", false
	}
	// The pages write absolute addresses from the request's host and
	// scheme when the archive has no public address set.
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + r.URL.EscapedPath() + "?" + q + "\x00" + extra, true
}

// browseQuery reports whether a list's query holds only what the list
// reads.
func browseQuery(r *http.Request) bool {
	for k := range r.URL.Query() {
		switch k {
		case "place", "type", "reliability", "year", "page", "sort":
		default:
			return false
		}
	}
	return true
}

// handler serves next through the cache.
func (c *pageCache) handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, ok := pageKey(r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		seq, err := c.clock.since(r.Context(), time.Now())
		if err != nil {
			next.ServeHTTP(w, r) // the handler says what is wrong with the store
			return
		}
		gen := generation{seq: seq, day: c.day()}
		page, fill, mine := c.get(key, gen)
		if page != nil {
			c.serve(w, r, page, nil)
			return
		}
		if fill != nil && !mine {
			select {
			case <-fill.done:
			case <-r.Context().Done():
				return
			}
			if fill.page != nil {
				c.mu.Lock()
				c.stats.Hits++
				c.mu.Unlock()
				c.serve(w, r, fill.page, fill.plain)
				return
			}
		}
		done := false
		if mine {
			// A handler that panics must still wake the readers waiting.
			defer func() {
				if !done {
					c.put(key, gen, fill, nil)
				}
			}()
		}
		rec := c.render(next, r, key)
		if mine {
			c.put(key, gen, fill, rec)
			done = true
		}
		if rec.keep {
			c.serve(w, r, rec.page, rec.body.Bytes())
			return
		}
		rec.writeTo(w, r)
	})
}

// get returns the page kept for key in generation gen; or the rendering
// of it under way; or, with mine set, a new rendering the caller must do
// and put. A generation newer than the cache's empties it; with an older
// one (a request that read the sequence just before another moved it)
// the caller renders without keeping.
func (c *pageCache) get(key string, gen generation) (page *keptPage, fill *pageFill, mine bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		if gen.before(c.gen) {
			return nil, nil, false
		}
		c.gen = gen
		c.pages = map[string]*keptPage{}
		c.lru.next, c.lru.prev = &c.lru, &c.lru
		c.size = 0
		c.fills = map[string]*pageFill{}
	}
	if p, ok := c.pages[key]; ok {
		c.stats.Hits++
		p.unlink()
		c.lru.push(p)
		return p, nil, false
	}
	if f, ok := c.fills[key]; ok {
		return nil, f, false
	}
	f := &pageFill{gen: gen, done: make(chan struct{})}
	c.fills[key] = f
	return nil, f, true
}

// put ends the rendering fill: it keeps what was rendered when it may be
// kept and the archive has not moved on meanwhile, and wakes the readers
// waiting for it.
func (c *pageCache) put(key string, gen generation, fill *pageFill, rec *recording) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats.Renders++
	if c.fills[key] == fill {
		delete(c.fills, key)
	}
	if rec != nil && rec.keep {
		fill.page, fill.plain = rec.page, rec.body.Bytes()
		if c.gen == gen && rec.page.size <= c.max/8 {
			if old, ok := c.pages[key]; ok {
				old.unlink()
				c.size -= old.size
			}
			c.pages[key] = rec.page
			c.lru.push(rec.page)
			c.size += rec.page.size
			for c.size > c.max && c.lru.prev != &c.lru {
				old := c.lru.prev
				old.unlink()
				delete(c.pages, old.key)
				c.size -= old.size
				c.stats.Evictions++
			}
		}
	}
	close(fill.done)
}

func (r *keptPage) push(p *keptPage) {
	p.prev, p.next = r, r.next
	r.next.prev = p
	r.next = p
}

func (p *keptPage) unlink() {
	p.prev.next, p.next.prev = p.next, p.prev
	p.prev, p.next = nil, nil
}

// recording is a response rendered for the cache.
type recording struct {
	header http.Header
	status int
	body   bytes.Buffer
	keep   bool      // it may be kept and sent to any anonymous reader
	page   *keptPage // when keep
}

func (rec *recording) Header() http.Header { return rec.header }

func (rec *recording) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
	}
}

func (rec *recording) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.body.Write(b)
}

// render runs next for r as a GET (a HEAD's answer is the GET's without
// its body) into a recording, and makes a page of it when it may be kept.
func (c *pageCache) render(next http.Handler, r *http.Request, key string) *recording {
	note := &pageNote{}
	g := r.WithContext(context.WithValue(r.Context(), pageNoteKey{}, note))
	g.Method = http.MethodGet
	rec := &recording{header: http.Header{}}
	next.ServeHTTP(rec, g)
	h := rec.header
	cc := h.Get("Cache-Control")
	rec.keep = rec.status == http.StatusOK && !note.dontKeep && r.Context().Err() == nil &&
		len(h.Values("Set-Cookie")) == 0 && !strings.Contains(cc, "private") && !strings.Contains(cc, "no-store")
	if rec.keep {
		rec.page = newKeptPage(key, rec)
	}
	return rec
}

// writeTo sends a response that is not kept as it was rendered.
func (rec *recording) writeTo(w http.ResponseWriter, r *http.Request) {
	if rec.status == 0 {
		return // the handler wrote nothing: its reader went away
	}
	h := w.Header()
	for k, v := range rec.header {
		h[k] = v
	}
	w.WriteHeader(rec.status)
	if r.Method != http.MethodHead {
		w.Write(rec.body.Bytes())
	}
}

// newKeptPage makes the page kept of a recording: its body compressed
// when that is worth it, and entity tags (a hash of the body) unless the
// handler set its own, which are kept and the body then not compressed.
func newKeptPage(key string, rec *recording) *keptPage {
	h := rec.header.Clone()
	h.Del("Content-Length")
	h.Del("Date")
	body := bytes.Clone(rec.body.Bytes())
	p := &keptPage{key: key, status: rec.status, header: h, body: body, etag: h.Get("ETag")}
	if p.etag == "" {
		sum := sha256.Sum256(body)
		tag := base64.RawURLEncoding.EncodeToString(sum[:15])
		p.etag = `"` + tag + `"`
		if gz := compress(body); gz != nil {
			p.gz, p.gtag, p.body = gz, `"`+tag+`-gzip"`, nil
			h.Add("Vary", "Accept-Encoding")
		}
	}
	h.Del("ETag")
	p.size = int64(len(key) + len(p.body) + len(p.gz) + 512) // the header and the entry's own fields, about
	return p
}

// compress gzips body, or returns nil when that does not save a quarter.
func compress(body []byte) []byte {
	if len(body) < 1024 {
		return nil
	}
	var buf bytes.Buffer
	zw, _ := gzipPool.Get().(*gzip.Writer)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	} else {
		zw.Reset(&buf)
	}
	zw.Write(body)
	zw.Close()
	gzipPool.Put(zw)
	if buf.Len() > len(body)*3/4 {
		return nil
	}
	// A copy of its length: the buffer grew by doubling, and a kept page
	// holding its spare room took up to twice what the cache counted.
	return bytes.Clone(buf.Bytes())
}

// serve sends p: compressed when the client takes gzip, 304 when the
// client has it already. plain is p's body uncompressed when the caller
// has it at hand (it has just rendered it), or nil.
func (c *pageCache) serve(w http.ResponseWriter, r *http.Request, p *keptPage, plain []byte) {
	h := w.Header()
	for k, v := range p.header {
		h[k] = v
	}
	zipped := p.gz != nil && acceptsGzip(r.Header.Values("Accept-Encoding"))
	tag := p.etag
	if zipped {
		tag = p.gtag
	}
	h.Set("ETag", tag)
	if etagMatch(r.Header.Values("If-None-Match"), tag) {
		h.Del("Content-Type")
		h.Del("Content-Language")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := p.body
	switch {
	case zipped:
		body = p.gz
		h.Set("Content-Encoding", "gzip")
	case body == nil && plain != nil:
		body = plain
	case body == nil:
		// Into a buffer used again by the next reader: a page sent
		// decompressed allocated its size on every request.
		buf, _ := plainPool.Get().(*[]byte)
		if buf == nil {
			buf = new([]byte)
		}
		defer plainPool.Put(buf)
		var err error
		if *buf, err = gunzip(p.gz, (*buf)[:0]); err != nil {
			panic(err) // compressed by us a moment ago
		}
		body = *buf
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// gzipPool and gunzipPool keep compressors and decompressors, whose
// tables take far longer to make than a page to compress.
var gzipPool, gunzipPool sync.Pool

// plainPool keeps buffers for the pages sent decompressed.
var plainPool sync.Pool

// gunzip appends the decompressed gz to out.
func gunzip(gz, out []byte) ([]byte, error) {
	zr, _ := gunzipPool.Get().(*gzip.Reader)
	var err error
	if zr == nil {
		zr, err = gzip.NewReader(bytes.NewReader(gz))
	} else {
		err = zr.Reset(bytes.NewReader(gz))
	}
	if err != nil {
		return nil, err
	}
	defer gunzipPool.Put(zr)
	// The size is the trailer's last four bytes (ISIZE).
	n := int(uint32(gz[len(gz)-4]) | uint32(gz[len(gz)-3])<<8 | uint32(gz[len(gz)-2])<<16 | uint32(gz[len(gz)-1])<<24)
	// Read to exactly that size (a bytes.Buffer sized so still doubled
	// itself to look for the end), then make sure the stream ends there,
	// which checks its checksum.
	out = slices.Grow(out, n)[:len(out)+n]
	if _, err := io.ReadFull(zr, out[len(out)-n:]); err != nil {
		return nil, err
	}
	var one [1]byte
	if k, err := zr.Read(one[:]); k != 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			err = errors.New("gzip: longer than its trailer says")
		}
		return nil, err
	}
	return out, nil
}

// acceptsGzip reports whether Accept-Encoding headers take gzip: named,
// or by "*", with a quality above zero.
func acceptsGzip(values []string) bool {
	ok := false
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			name = strings.ToLower(strings.TrimSpace(name))
			if name != "gzip" && name != "x-gzip" && name != "*" {
				continue
			}
			q := 1.0
			for _, p := range strings.Split(params, ";") {
				if k, val, found := strings.Cut(strings.TrimSpace(p), "="); found && strings.EqualFold(strings.TrimSpace(k), "q") {
					if f, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil {
						q = f
					}
				}
			}
			if name == "*" {
				ok = ok || q > 0
				continue
			}
			return q > 0 // gzip named: its own quality decides
		}
	}
	return ok
}

// etagMatch reports whether If-None-Match headers name tag (compared
// weakly, as If-None-Match is) or are "*".
func etagMatch(values []string, tag string) bool {
	tag = strings.TrimPrefix(tag, "W/")
	for _, v := range values {
		for _, t := range strings.Split(v, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == tag || t == "*" {
				return true
			}
		}
	}
	return false
}
