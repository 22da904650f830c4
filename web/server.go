// Package web is the archive's public site: server-rendered pages in Arabic
// and English (record pages, lists by kind, the day-by-day chronicle, the
// home and about pages), search with facets when it is given a search
// service, the record and search JSON API and a health check. It reads
// the archive through dhakira.Store, always as the public: drafts never
// reach any of its URLs.
package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/mail"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
	"github.com/dhakira/dhakira/editorial"
	"github.com/dhakira/dhakira/locale"
)

//go:embed templates/*.html
var templateFS embed.FS

// MaxURLBytes bounds a request's path and query; the site has no longer URL.
const MaxURLBytes = 4096

// MaxBodyBytes bounds a request body: the public site takes no uploads.
const MaxBodyBytes = 64 << 10

// Server serves the public site and the API. It is an http.Handler.
type Server struct {
	store     dhakira.Store
	settings  config.Settings
	contact   string // settings.Contact when it is a valid e-mail address
	tr        map[string]*locale.Translator
	pages     map[string]*template.Template
	assets    *assets
	handler   http.Handler
	log       *slog.Logger
	now       func() time.Time
	search    dhakira.SearchService       // nil when the site has no search
	bo        *editorial.Service          // nil when the site has no back office
	sitemaps  *sitemapMarks               // the sitemap index's ranges, while the archive is unchanged
	ready     func(context.Context) error // nil, or why this node should not be sent readers yet
	proxies   []netip.Prefix              // trusted reverse proxies (settings.TrustedProxies)
	files     dhakira.FileStore           // nil when the site serves no files
	fileLimit int64                       // the most one uploaded file may hold

	pageBudget int64         // the page cache's bytes; 0: no cache
	pageSlack  time.Duration // see DefaultPageCacheSlack
	cache      *pageCache    // nil without one
}

// WithReadiness gives /healthz a check beyond the store's: an error (the
// node's search index has not caught up with the archive, say) makes it
// answer 503 with the error's text, so a load balancer sends readers only
// to nodes that are ready.
func WithReadiness(ready func(context.Context) error) Option {
	return func(s *Server) { s.ready = ready }
}

// Option configures a Server.
type Option func(*Server)

// WithSearch gives the site a search service: the search page and
// /api/v1/search answer with it. Without one they say search is
// unavailable.
func WithSearch(svc dhakira.SearchService) Option {
	return func(s *Server) { s.search = svc }
}

// pageNames are the templates under templates/, besides layout.html.
var pageNames = []string{"home", "search", "record", "browse", "chronicle", "about", "notfound", "error", "login",
	"admin_dashboard", "admin_editor", "admin_history", "admin_compare", "admin_feedback", "admin_users", "admin_audit", "feedback", "api_docs"}

// New returns the site for store, dressed with settings. It panics when its
// embedded templates or translations are broken: that is a bug of the
// program, caught by its tests, not a condition to handle at run time.
func New(store dhakira.Store, settings config.Settings, opts ...Option) *Server {
	s := &Server{
		store:    notingStore{store},
		settings: settings,
		pages:    map[string]*template.Template{},
		log:      slog.Default(),
		now:      time.Now,
		sitemaps: new(sitemapMarks),

		pageBudget: DefaultPageCacheBytes,
		pageSlack:  DefaultPageCacheSlack,
	}
	for _, o := range opts {
		o(s)
	}
	// config.Load has checked them; a bad one from elsewhere trusts nobody.
	s.proxies, _ = settings.Proxies()
	if a, err := mail.ParseAddress(strings.TrimSpace(settings.Contact)); err == nil {
		s.contact = a.Address
	}
	tr, err := locale.Load()
	if err != nil {
		panic(err)
	}
	s.tr = tr
	base := template.Must(template.New("layout.html").ParseFS(templateFS, "templates/layout.html", "templates/shared_*.html"))
	for _, name := range pageNames {
		t := template.Must(base.Clone())
		s.pages[name] = template.Must(t.ParseFS(templateFS, "templates/"+name+".html"))
	}
	s.assets, err = loadAssets()
	if err != nil {
		panic(err)
	}
	// Cross-origin protection refuses state-changing requests a browser
	// sends from another site (Sec-Fetch-Site, Origin): the CSRF defence of
	// every form. API clients send neither header and pass.
	var h http.Handler = s.routes()
	if s.pageBudget > 0 {
		s.cache = newPageCache(store, s.pageBudget, s.pageSlack, func() string { return dhakira.DayOf(s.now()).String() })
		h = s.cache.handler(h)
	}
	s.handler = s.secure(http.NewCrossOriginProtection().Handler(s.identify(h)))
	return s
}

func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handleRoot)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /static/{name}", s.assets.serve)
	mux.HandleFunc("GET /api/v1/records/{code}", s.handleAPIRecord)
	mux.HandleFunc("GET /api/v1/search", s.handleAPISearch)
	mux.Handle("/oai", s.oaiHandler()) // OAI-PMH: GET and POST (web/oai.go)
	// The permanent address of a record, as citations and exports give it:
	// it sends the reader to the page in their language.
	mux.HandleFunc("GET /records/{code}", func(w http.ResponseWriter, r *http.Request) {
		lang := locale.FromAccept(r.Header.Get("Accept-Language"))
		http.Redirect(w, r, "/"+lang+"/records/"+url.PathEscape(r.PathValue("code")), http.StatusSeeOther)
	})
	s.writeRoutes(mux)
	s.fileRoutes(mux)
	s.syndicationRoutes(mux)
	s.apiDocsRoutes(mux) // the OpenAPI document and its page (web/apidocs.go)
	mux.HandleFunc("/api/", s.handleAPINotFound)
	// Each language has its own literal prefix: a {lang} wildcard would
	// clash with /static/ and /api/ in ServeMux's precedence rules, and
	// an unknown language is then simply a path nobody serves.
	for _, lang := range locale.Langs {
		l := "/" + lang
		mux.Handle("GET "+l, http.RedirectHandler(l+"/", http.StatusMovedPermanently))
		mux.HandleFunc("GET "+l+"/{$}", s.withLang(lang, s.handleHome))
		mux.HandleFunc("GET "+l+"/search", s.withLang(lang, s.handleSearch))
		mux.HandleFunc("GET "+l+"/records/{code}", s.withLang(lang, s.handleRecord))
		mux.HandleFunc("GET "+l+"/records/{code}/captions.vtt", s.withLang(lang, s.handleCaptions))
		mux.HandleFunc("GET "+l+"/browse/{kind}", s.withLang(lang, s.handleBrowse))
		mux.HandleFunc("GET "+l+"/chronicle", s.withLang(lang, s.handleChronicleLatest))
		mux.HandleFunc("GET "+l+"/chronicle/{date}", s.withLang(lang, s.handleChronicle))
		mux.HandleFunc("GET "+l+"/about", s.withLang(lang, s.handleAbout))
		mux.HandleFunc("GET "+l+"/login", s.withLang(lang, s.handleLoginForm))
		mux.HandleFunc("POST "+l+"/login", s.withLang(lang, s.handleLogin))
		mux.HandleFunc("POST "+l+"/logout", s.withLang(lang, s.handleLogout))
		s.adminRoutes(mux, lang)
		s.feedbackRoutes(mux, lang)
		s.citeRoutes(mux, lang)
		mux.HandleFunc(l+"/", s.withLang(lang, s.notFound))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.notFound(w, r, locale.FromAccept(r.Header.Get("Accept-Language")))
	})
	return mux
}

// withLang adapts a handler of one language to http.HandlerFunc.
func (s *Server) withLang(lang string, h func(http.ResponseWriter, *http.Request, string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { h(w, r, lang) }
}

// ServeHTTP serves the site.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// secure sets the security headers, bounds requests and turns a panic into
// a 500 page.
// The values of the headers secure sets on every answer, made once (no
// handler changes a header's values in place).
var (
	cspV      = []string{"default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"}
	nosniffV  = []string{"nosniff"}
	referrerV = []string{"strict-origin-when-cross-origin"}
	denyV     = []string{"DENY"}
)

func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Security-Policy"] = cspV
		h["X-Content-Type-Options"] = nosniffV
		h["Referrer-Policy"] = referrerV
		h["X-Frame-Options"] = denyV
		if len(r.URL.RawPath)+len(r.URL.Path)+len(r.URL.RawQuery) > MaxURLBytes {
			http.Error(w, "URI too long", http.StatusRequestURITooLong)
			return
		}
		limit := max(bodyLimit(r), apiBodyLimit(r), s.uploadBodyLimit(r))
		if r.ContentLength > limit {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("web: panic", "path", r.URL.Path, "panic", v)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// render executes the page's template into a buffer, so that a template
// error becomes a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, p *page) {
	if p.User == nil {
		p.User = dhakira.UserFrom(r.Context())
	}
	var buf bytes.Buffer
	t := s.pages[p.Name]
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("web: render", "page", p.Name, "path", r.URL.Path, "err", err)
		if p.Name != "error" {
			s.serverError(w, r, p.Lang, err)
			return
		}
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", p.Lang)
	if p.User != nil {
		h.Set("Cache-Control", "private, no-store") // the page names who is logged in
	} else if p.Status == http.StatusOK {
		h.Set("Cache-Control", "no-cache")
	} else {
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(p.Status)
	if r.Method != http.MethodHead {
		w.Write(printableHTML(buf.Bytes(), p.User == nil))
	}
}

// printableHTML takes out of a page the characters that no template writes
// and that a record's long text may hold (they are kept there, as given):
// control characters other than tab and line breaks, the bidirectional
// embeddings and overrides U+202A–U+202E, which would reorder the page
// after them, and, on public pages, the isolates U+2066–U+2069 too. The
// back office's messages isolate the names they quote (isolate), so there
// the isolates stay, and so do the team's own, in the editor.
func printableHTML(b []byte, public bool) []byte {
	bad := func(i int) int { // the length of the character at i to drop, or 0
		c := b[i]
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
			return 1
		}
		if c == 0xe2 && i+2 < len(b) {
			if b[i+1] == 0x80 && b[i+2] >= 0xaa && b[i+2] <= 0xae || public && b[i+1] == 0x81 && b[i+2] >= 0xa6 && b[i+2] <= 0xa9 {
				return 3
			}
		}
		return 0
	}
	i := 0
	for i < len(b) && bad(i) == 0 {
		i++
	}
	if i == len(b) {
		return b
	}
	out := append([]byte(nil), b[:i]...)
	for i < len(b) {
		if n := bad(i); n > 0 {
			i += n
			continue
		}
		out = append(out, b[i])
		i++
	}
	return out
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, lang string) {
	p := s.newPage(lang, "notfound", r.URL)
	p.Status = http.StatusNotFound
	p.Title = p.T("not_found_title")
	s.render(w, r, p)
}

func (s *Server) serverError(w http.ResponseWriter, r *http.Request, lang string, err error) {
	s.log.Error("web: request failed", "path", r.URL.Path, "err", err)
	p := s.newPage(lang, "error", r.URL)
	p.Status = http.StatusInternalServerError
	p.Title = p.T("error_title")
	s.render(w, r, p)
}

// fail answers a store error: a 404 for a record that is not there (or not
// public), a 500 for anything else.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, lang string, err error) {
	if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
		s.notFound(w, r, lang)
		return
	}
	if r.Context().Err() != nil {
		return // the reader went away
	}
	s.serverError(w, r, lang, err)
}

func (s *Server) handleRoot(w http.ResponseWriter, r *http.Request) {
	lang := locale.FromAccept(r.Header.Get("Accept-Language"))
	w.Header().Set("Vary", "Accept-Language")
	http.Redirect(w, r, "/"+lang+"/", http.StatusFound)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.store.Ping(ctx); err != nil {
		s.log.Error("web: health check", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, "unavailable")
		return
	}
	if s.ready != nil {
		if err := s.ready(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "not ready:", err)
			return
		}
	}
	fmt.Fprintln(w, "ok")
}

// templateFiles lists the embedded templates, for tests.
func templateFiles() ([]string, error) { return fs.Glob(templateFS, "templates/*.html") }

// absURL completes a path with the site's public address, or, when none is
// set, with the scheme and host the request came to.
func (s *Server) absURL(r *http.Request, path string) string {
	if s.settings.BaseURL != "" {
		return strings.TrimRight(s.settings.BaseURL, "/") + path
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// permanentURL is the absolute permanent address of a record (see
// config.Settings.RecordURL), completed from the request when the archive
// has no public address set.
func (s *Server) permanentURL(r *http.Request, code string) string {
	u := s.settings.RecordURL(url.PathEscape(code))
	if strings.HasPrefix(u, "/") {
		return s.absURL(r, u)
	}
	return u
}
