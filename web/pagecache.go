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
	"sync/atomic"
	"time"

	kgzip "github.com/klauspost/compress/gzip"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
)

// The page cache keeps the public pages rendered for as long as what they
// show has not changed. A page of the public (a record, the home page, a
// list, a chronicle day, the about page, a record's JSON) depends on the
// published records, the settings the server started with, and the day
// (a citation's access date). The store's change sequence moves with
// every revision any process commits, an unpublished or deleted record's
// included; when it has moved, the cache reads the changes since from the
// store's change feed and drops the pages they may have changed (see
// pagedeps.go): every list, count and home page, and the pages of records
// that named a changed record or that a changed record now links to. The
// pages of the other records stay. A new day empties the cache.
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
	store dhakira.Store
	max   int64
	day   func() string // today, as the pages write it

	advancing sync.Mutex // held by the one request bringing the cache to a newer generation

	mu     sync.Mutex
	gen    generation
	pages  map[string]*keptPage
	index  map[string]map[*keptPage]struct{} // the pages by what they depend on (indexKeys)
	lru    keptPage                          // the ring's sentinel: lru.next is the most recently used
	size   int64
	fills  map[string]*pageFill
	plains []*keptPage // the pages with a plain copy, the oldest copy first (keepPlain)

	stats PageCacheStats
}

// PageCacheStats says what the page cache did, for the tests and the
// bench.
type PageCacheStats struct {
	Hits      int64 // requests answered with a page kept, or rendered for another reader meanwhile
	Renders   int64 // pages rendered for the cache (kept or not)
	Evictions int64 // pages dropped for the budget
	Dropped   int64 // pages dropped because the archive changed
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
	deps       []string // the index keys of what the page depends on

	// The headers a hit sets, made once: net/http neither changes nor
	// keeps a header's values, so every response may share them.
	etagV, gtagV    []string               // ETag
	lengthV, gzLenV []string               // Content-Length of body (or of the plain copy) and of gz
	plain           atomic.Pointer[[]byte] // gz decompressed, kept while the budget has room (keepPlain)

	prev, next *keptPage
}

// gzipV is the Content-Encoding every compressed answer shares.
var gzipV = []string{"gzip"}

// pageFill is one rendering under way, awaited by the readers asking for
// the same page meanwhile.
type pageFill struct {
	gen   generation
	done  chan struct{} // closed when page is set
	page  *keptPage     // nil when the response may not be kept
	plain []byte        // the page's body as rendered, for those who wait, when they do not take gzip
}

func newPageCache(store dhakira.Store, max int64, slack time.Duration, day func() string) *pageCache {
	c := &pageCache{clock: changeClock{feed: store, slack: slack}, store: store, max: max, day: day}
	c.empty()
	return c
}

// empty drops every page; c.mu is held.
func (c *pageCache) empty() {
	c.pages = map[string]*keptPage{}
	c.index = map[string]map[*keptPage]struct{}{}
	c.lru.next, c.lru.prev = &c.lru, &c.lru
	c.size = 0
	c.fills = map[string]*pageFill{}
	c.plains = nil
}

// pageNoteKey is the context key of a rendering's *pageNote.
type pageNoteKey struct{}

// pageNote is how a handler tells the cache that its page must not be
// kept, and what it depends on (pagedeps.go).
type pageNote struct {
	dontKeep bool
	deps     pageDeps
}

// dontKeep marks the page being rendered as not to be kept: it shows a
// state that changes without a new revision.
func dontKeep(ctx context.Context) {
	if n, ok := ctx.Value(pageNoteKey{}).(*pageNote); ok {
		n.dontKeep = true
	}
}

// keyBufs keep the buffers the keys of requests are written in: a hit
// looks its page up without making a string of its key.
var keyBufs = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// appendPageKey appends the cache key of r to dst, or returns false when
// r's answer is never kept: it is not an anonymous GET or HEAD of a public
// page, or its query is one the page does not read (which would let anyone
// fill the cache with copies of one page).
func appendPageKey(dst []byte, r *http.Request) ([]byte, bool) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return dst, false
	}
	if r.Header.Get("Authorization") != "" || dhakira.UserFrom(r.Context()) != nil {
		return dst, false
	}
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		return dst, false // even one no longer valid: the page does not depend on it, but nothing is risked
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
			return dst, false
		}
		extra = r.Header.Get("Accept") // JSON or JSON-LD
	case len(p) >= 4 && p[0] == '/' && p[3] == '/' && (p[1:3] == "ar" || p[1:3] == "en"):
		rest := p[3:]
		switch {
		case rest == "/" || rest == "/about":
			if q != "" {
				return dst, false
			}
		case strings.HasPrefix(rest, "/records/"):
			if q != "" || !dhakira.ValidCode(strings.TrimPrefix(rest, "/records/")) {
				return dst, false
			}
		case strings.HasPrefix(rest, "/chronicle/"):
			if q != "" || strings.Contains(strings.TrimPrefix(rest, "/chronicle/"), "/") {
				return dst, false
			}
		case strings.HasPrefix(rest, "/browse/"):
			if strings.Contains(strings.TrimPrefix(rest, "/browse/"), "/") || !browseQuery(r) {
				return dst, false
			}
		default:
			return dst, false
		}
	default:
		return dst, false
	}
	// The pages write absolute addresses from the request's host and
	// scheme when the archive has no public address set.
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	dst = append(dst, scheme...)
	dst = append(dst, "://"...)
	dst = append(dst, r.Host...)
	dst = append(dst, r.URL.EscapedPath()...)
	dst = append(dst, '?')
	dst = append(dst, q...)
	dst = append(dst, 0)
	dst = append(dst, extra...)
	return dst, true
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
		kb := keyBufs.Get().(*[]byte)
		defer keyBufs.Put(kb)
		keyb, ok := appendPageKey((*kb)[:0], r)
		*kb = keyb
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
		c.advance(r.Context(), gen)
		page, fill, mine := c.get(keyb, gen)
		if page != nil {
			c.serve(w, r, page, nil)
			return
		}
		key := string(keyb)
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

// The keys of the cache's index: a record's code names the pages showing
// it; subjectKey(code) the pages about it; wideKey the pages depending on
// every record.
const wideKey = "\x00*"

func subjectKey(code string) string { return "\x00" + code }

// maxChanges bounds the changes read to bring the cache to a newer
// generation: beyond (an import), it is emptied.
const maxChanges = 256

// advance brings the cache to generation gen when it is older: a new day
// empties it; a newer change sequence drops the pages the changes since
// may have changed: the wide ones, those naming a changed record, and
// those of the records a changed record links to now (their lists of
// records linking to them). A changed record that no longer links to one
// was named by its page. When the changes cannot be read, or are too
// many, every page is dropped.
//
// Pages being rendered meanwhile are not kept (put: a generation older
// than the cache's), and those kept before the cache moved are dropped
// with the others if they depend on what changed: no page older than a
// change it depends on stays.
func (c *pageCache) advance(ctx context.Context, gen generation) {
	c.mu.Lock()
	cur := c.gen
	c.mu.Unlock()
	if !cur.before(gen) {
		return
	}
	c.advancing.Lock()
	defer c.advancing.Unlock()
	c.mu.Lock()
	cur = c.gen
	c.mu.Unlock()
	if !cur.before(gen) {
		return
	}
	drop, all := c.changedSince(context.WithoutCancel(ctx), cur, gen)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen = gen
	if all {
		c.stats.Dropped += int64(len(c.pages))
		c.empty()
		return
	}
	for _, k := range drop {
		for p := range c.index[k] {
			c.remove(p)
			c.stats.Dropped++
		}
	}
	// Renderings under way began in an older generation: they are not
	// kept, and the readers arriving now do not wait for them.
	c.fills = map[string]*pageFill{}
}

// changedSince returns the index keys of the pages that the changes after
// cur's sequence may have changed, or all when every page must go.
func (c *pageCache) changedSince(ctx context.Context, cur, gen generation) (drop []string, all bool) {
	if cur.day != gen.day {
		return nil, true
	}
	if cur.seq == gen.seq {
		return nil, false
	}
	changes, err := c.store.Changes(ctx, cur.seq, maxChanges+1)
	if err != nil || len(changes) > maxChanges {
		return nil, true
	}
	drop = []string{wideKey}
	seen := map[string]bool{}
	for _, ch := range changes {
		if seen[ch.Code] {
			continue
		}
		seen[ch.Code] = true
		drop = append(drop, ch.Code)
		rec, _, err := c.store.Record(ctx, ch.Code, dhakira.Public)
		switch {
		case err == nil && rec != nil && dhakira.Public.Sees(rec.Status):
			for _, l := range rec.Links {
				drop = append(drop, subjectKey(l.To))
			}
		case err == nil || dhakira.ErrorCode(err) == dhakira.ENOTFOUND:
			// Not public: no page lists it but those naming it.
		default:
			return nil, true
		}
	}
	return drop, false
}

// remove drops p; c.mu is held.
func (c *pageCache) remove(p *keptPage) {
	p.unlink()
	if c.pages[p.key] == p {
		delete(c.pages, p.key)
	}
	c.size -= p.size
	if pl := p.plain.Swap(nil); pl != nil {
		c.size -= int64(len(*pl))
	}
	for _, k := range p.deps {
		if set := c.index[k]; set != nil {
			delete(set, p)
			if len(set) == 0 {
				delete(c.index, k)
			}
		}
	}
}

// get returns the page kept for key in generation gen; or the rendering
// of it under way; or, with mine set, a new rendering the caller must do
// and put. The caller has advanced the cache to gen; with an older
// generation (a request that read the sequence just before another moved
// it) a page kept is newer than it needs, and is sent, but what the
// caller renders is not kept.
func (c *pageCache) get(key []byte, gen generation) (page *keptPage, fill *pageFill, mine bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen && (c.gen.day != gen.day || !gen.before(c.gen)) {
		return nil, nil, false
	}
	if p, ok := c.pages[string(key)]; ok {
		c.stats.Hits++
		p.unlink()
		c.lru.push(p)
		return p, nil, false
	}
	if c.gen != gen {
		return nil, nil, false
	}
	if f, ok := c.fills[string(key)]; ok {
		return nil, f, false
	}
	f := &pageFill{gen: gen, done: make(chan struct{})}
	c.fills[string(key)] = f
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
				c.remove(old)
			}
			p := rec.page
			c.pages[key] = p
			c.lru.push(p)
			c.size += p.size
			for _, k := range p.deps {
				set := c.index[k]
				if set == nil {
					set = map[*keptPage]struct{}{}
					c.index[k] = set
				}
				set[p] = struct{}{}
			}
			c.dropPlain()
			for c.size > c.max && c.lru.prev != &c.lru {
				c.remove(c.lru.prev)
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
		rec.page.deps = note.deps.keys()
		rec.page.size += int64(len(rec.page.deps)) * 96 // the index's entries, about
	}
	return rec
}

// maxNamed bounds the records a narrow page is indexed under. A page
// naming more (an organization's page listing the thousand records that
// link to it) is wide instead: its entries in the index would take more
// of the budget than pages (96 bytes each; at 1M records such pages made
// the cache hold 11,344 pages in 128 MiB instead of 14,000), and it is
// dropped by any change, as a list is.
const maxNamed = 64

// keys returns the index keys of what a page depends on.
func (d *pageDeps) keys() []string {
	if !d.narrow || d.wide {
		return []string{wideKey}
	}
	keys := []string{subjectKey(d.subject)}
	for _, c := range d.named {
		if c != "" {
			keys = append(keys, c)
		}
	}
	slices.Sort(keys[1:])
	keys = slices.Compact(keys)
	if len(keys) > 1+maxNamed {
		return []string{wideKey}
	}
	return keys
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
	p.etagV, p.gtagV = []string{p.etag}, []string{p.gtag}
	p.lengthV = []string{strconv.Itoa(len(body))}
	p.gzLenV = []string{strconv.Itoa(len(p.gz))}
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
// has it at hand (it has just rendered it), or nil. A client that does
// not take gzip is sent the page's plain copy, kept while the budget has
// room for it, or the page decompressed.
func (c *pageCache) serve(w http.ResponseWriter, r *http.Request, p *keptPage, plain []byte) {
	h := w.Header()
	for k, v := range p.header {
		h[k] = v
	}
	zipped := p.gz != nil && acceptsGzip(r.Header["Accept-Encoding"])
	tag, tagV := p.etag, p.etagV
	if zipped {
		tag, tagV = p.gtag, p.gtagV
	}
	h["Etag"] = tagV
	if inm := r.Header["If-None-Match"]; len(inm) > 0 && etagMatch(inm, tag) {
		h.Del("Content-Type")
		h.Del("Content-Language")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body, lengthV := p.body, p.lengthV
	switch {
	case zipped:
		body, lengthV = p.gz, p.gzLenV
		h["Content-Encoding"] = gzipV
	case body == nil && plain != nil:
		body = plain
	case body == nil:
		if pl := p.plain.Load(); pl != nil {
			body = *pl
			break
		}
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
		c.keepPlain(p, body)
	}
	h["Content-Length"] = lengthV
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// keepPlain keeps a copy of body, p decompressed, beside p while the
// budget has room: the plain copies are dropped before any page is
// (dropPlain). body itself goes back to a pool.
func (c *pageCache) keepPlain(p *keptPage, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages[p.key] != p || p.plain.Load() != nil || c.size+int64(len(body)) > c.max {
		return
	}
	body = bytes.Clone(body)
	p.plain.Store(&body)
	c.size += int64(len(body))
	c.plains = append(c.plains, p)
}

// dropPlain drops plain copies, the oldest first, until the pages fit the
// budget or none is left; c.mu is held.
func (c *pageCache) dropPlain() {
	i := 0
	for ; i < len(c.plains) && c.size > c.max; i++ {
		if pl := c.plains[i].plain.Swap(nil); pl != nil {
			c.size -= int64(len(*pl))
		}
	}
	if i > 0 {
		c.plains = append(c.plains[:0], c.plains[i:]...)
	}
	if len(c.plains) > 1024 && len(c.plains) > 2*len(c.pages) {
		// Pages removed since leave their places here: forget them.
		kept := c.plains[:0]
		for _, p := range c.plains {
			if p.plain.Load() != nil {
				kept = append(kept, p)
			}
		}
		clear(c.plains[len(kept):])
		c.plains = kept
	}
}

// gzipPool and gunzipPool keep compressors and decompressors, whose
// tables take far longer to make than a page to compress. The
// decompressor is klauspost/compress's, which reads a page in about half
// the time the standard library's takes.
var gzipPool, gunzipPool sync.Pool

// plainPool keeps buffers for the pages sent decompressed.
var plainPool sync.Pool

// gunzip appends the decompressed gz to out.
func gunzip(gz, out []byte) ([]byte, error) {
	zr, _ := gunzipPool.Get().(*kgzip.Reader)
	var err error
	if zr == nil {
		zr, err = kgzip.NewReader(bytes.NewReader(gz))
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
		for v != "" {
			var part string
			part, v, _ = strings.Cut(v, ",")
			name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			name = strings.TrimSpace(name)
			star := name == "*"
			if !star && !strings.EqualFold(name, "gzip") && !strings.EqualFold(name, "x-gzip") {
				continue
			}
			q := 1.0
			for params != "" {
				var p string
				p, params, _ = strings.Cut(params, ";")
				if k, val, found := strings.Cut(strings.TrimSpace(p), "="); found && strings.EqualFold(strings.TrimSpace(k), "q") {
					if f, err := strconv.ParseFloat(strings.TrimSpace(val), 64); err == nil {
						q = f
					}
				}
			}
			if star {
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
