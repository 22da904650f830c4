package web

import (
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/editorial"
)

// WithBackOffice serves the back office, the write API and readers'
// corrections through svc, the service layer that checks every role.
func WithBackOffice(svc *editorial.Service) Option {
	return func(s *Server) { s.bo = svc }
}

// sessionCookie holds a logged-in member's session secret.
const sessionCookie = "dhakira_session"

// identify puts the user of a session cookie or of an API bearer token in
// the request's context. Without either, the request is the public's.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.bo == nil {
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		if auth := r.Header.Get("Authorization"); auth != "" {
			secret, ok := strings.CutPrefix(auth, "Bearer ")
			u, err := s.bo.TokenUser(ctx, strings.TrimSpace(secret))
			if !ok || err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="dhakira"`)
				writeJSONError(w, http.StatusUnauthorized, "invalid or revoked API token", "")
				return
			}
			next.ServeHTTP(w, r.WithContext(dhakira.WithUser(ctx, u)))
			return
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			if u, err := s.bo.SessionUser(ctx, c.Value); err == nil {
				r = r.WithContext(dhakira.WithUser(ctx, u))
				w.Header().Set("Cache-Control", "private, no-store")
			}
		}
		next.ServeHTTP(w, r)
	})
}

// clientAddr is the address a request comes from, for rate limits: the
// connection's, or, when that is a trusted proxy's, the last address in
// X-Forwarded-For that is not a trusted proxy's (the ones before it are
// whatever the client chose to send).
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		if h := strings.TrimSpace(hops[i]); h != "" && !s.trusted(h) {
			return h
		}
	}
	return host
}

// trusted reports whether addr is a trusted proxy's.
func (s *Server) trusted(addr string) bool {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// secureCookies reports whether cookies must be sent over TLS only.
func (s *Server) secureCookies(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.settings.BaseURL, "https://")
}

// requireUser returns the logged-in user holding p. Otherwise it answers:
// a redirect to the login page for nobody, a 403 page for a lacking role;
// and returns nil.
func (s *Server) requireUser(w http.ResponseWriter, r *http.Request, lang string, p dhakira.Permission) *dhakira.User {
	u := dhakira.UserFrom(r.Context())
	if u == nil || s.bo == nil {
		if s.bo == nil {
			s.notFound(w, r, lang)
			return nil
		}
		http.Redirect(w, r, "/"+lang+"/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return nil
	}
	if !u.Can(p) {
		pg := s.newPage(lang, "error", r.URL)
		pg.Status = http.StatusForbidden
		pg.Title = pg.T("forbidden_title")
		s.render(w, r, pg)
		return nil
	}
	return u
}

type loginView struct {
	Email string
	Next  string
	Error string
}

// safeNext keeps a post-login redirect on this site: it returns next only
// when it is a path here (no scheme, no host, no backslash, nothing a
// browser would drop or read as a separator), else the back office's home.
// Browsers remove tabs and line breaks from an address and read a
// backslash as a slash, so "/\t/evil.com" and "/\\evil.com" are both
// "//evil.com" to them: another site.
func safeNext(next, lang string) string {
	home := "/" + lang + "/admin/"
	if !localPath(next) {
		return home
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !localPath(u.Path) {
		return home
	}
	return next
}

// localPath reports whether p is a path that begins with one slash and
// holds only printable characters other than the backslash.
func localPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return false
	}
	for _, r := range p {
		if r == '\\' || r == utf8.RuneError || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request, lang string) {
	if s.bo == nil {
		s.notFound(w, r, lang)
		return
	}
	p := s.newPage(lang, "login", r.URL)
	p.Title = p.T("login_title")
	p.Data = loginView{Next: safeNext(r.URL.Query().Get("next"), lang)}
	s.render(w, r, p)
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request, lang string) {
	if s.bo == nil {
		s.notFound(w, r, lang)
		return
	}
	email, password := r.PostFormValue("email"), r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"), lang)
	secret, _, err := s.bo.Login(r.Context(), email, password, s.clientAddr(r))
	if err != nil {
		p := s.newPage(lang, "login", r.URL)
		p.Title = p.T("login_title")
		p.Status = http.StatusUnauthorized
		msg := p.T("login_failed")
		if dhakira.ErrorCode(err) == dhakira.ELIMIT {
			p.Status = http.StatusTooManyRequests
			msg = p.T("login_throttled")
		} else if code := dhakira.ErrorCode(err); code != dhakira.EUNAUTHORIZED {
			s.serverError(w, r, lang, err)
			return
		}
		p.Data = loginView{Email: email, Next: next, Error: msg}
		s.render(w, r, p)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: secret, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secureCookies(r),
		Expires: s.now().Add(s.bo.SessionTTL),
	})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request, lang string) {
	if s.bo != nil {
		if c, err := r.Cookie(sessionCookie); err == nil {
			s.bo.Logout(r.Context(), c.Value)
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secureCookies(r)})
	http.Redirect(w, r, "/"+lang+"/", http.StatusSeeOther)
}
