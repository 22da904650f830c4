package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/locale"
)

// Readers' corrections: every published record page has a form (message
// required, name and e-mail optional) that posts to
// /{lang}/records/{code}/feedback. It works without JavaScript. Against
// abuse it has size limits (the service's, and the site's body limit), a
// honeypot field, the service's rate limit per client address, and the
// site's cross-origin protection in place of a CSRF token.

// honeypotField is a form field people do not see and robots fill in.
const honeypotField = "website"

// feedbackRoutes adds the correction form's handlers in lang. Without a
// back office the record page keeps its mailto link and these URLs are
// unknown.
func (s *Server) feedbackRoutes(mux *http.ServeMux, lang string) {
	if s.bo == nil {
		return
	}
	l := "/" + lang
	mux.HandleFunc("POST "+l+"/records/{code}/feedback", s.withLang(lang, s.handleFeedback))
	mux.HandleFunc("GET "+l+"/records/{code}/feedback/sent", s.withLang(lang, s.handleFeedbackSent))
}

// feedbackForm is the correction form on a record page: empty, or as a
// reader sent it when it was refused, with what was wrong.
type feedbackForm struct {
	Action     string
	Message    string
	Name       string
	Email      string
	Errors     map[string]string // by field (message, name, email), "" for the whole form
	MaxMessage int
	MaxName    int
	status     int // the page's status after a refused post
}

type feedbackKey struct{}

// feedbackFormFor returns the form for the record page of code: the
// reader's refused post when the page is shown again for it, else an
// empty form.
func feedbackFormFor(r *http.Request, lang, code string) *feedbackForm {
	if f, ok := r.Context().Value(feedbackKey{}).(*feedbackForm); ok {
		return f
	}
	return newFeedbackForm(lang, code)
}

func newFeedbackForm(lang, code string) *feedbackForm {
	return &feedbackForm{
		Action:     "/" + lang + "/records/" + url.PathEscape(code) + "/feedback#correction",
		MaxMessage: dhakira.MaxFeedbackMessage,
		MaxName:    dhakira.MaxFeedbackName,
	}
}

// publicRecord returns the record code when the public may see it, and
// answers a 404 page (or a 500) otherwise.
func (s *Server) publicRecord(w http.ResponseWriter, r *http.Request, lang string) *dhakira.Record {
	code := r.PathValue("code")
	if !dhakira.ValidCode(code) {
		s.notFound(w, r, lang)
		return nil
	}
	rec, _, err := s.store.Record(r.Context(), code, dhakira.Public)
	if err != nil {
		s.fail(w, r, lang, err)
		return nil
	}
	if rec == nil || !dhakira.Public.Sees(rec.Status) {
		s.notFound(w, r, lang)
		return nil
	}
	return rec
}

func sentURL(lang, code string) string {
	return "/" + lang + "/records/" + url.PathEscape(code) + "/feedback/sent"
}

func (s *Server) handleFeedback(w http.ResponseWriter, r *http.Request, lang string) {
	rec := s.publicRecord(w, r, lang)
	if rec == nil {
		return
	}
	tr := s.tr[lang]
	form := newFeedbackForm(lang, rec.Code)
	if err := r.ParseForm(); err != nil {
		form.status = http.StatusBadRequest
		msg := tr.T("correction_error_invalid")
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			form.status = http.StatusRequestEntityTooLarge
			msg = tr.T("correction_error_too_long", "Max", dhakira.MaxFeedbackMessage)
		}
		form.Errors = map[string]string{"message": msg}
		s.showFeedbackForm(w, r, lang, rec.Code, form)
		return
	}
	form.Message = r.PostForm.Get("message")
	form.Name = r.PostForm.Get("name")
	form.Email = r.PostForm.Get("email")
	if r.PostForm.Get(honeypotField) != "" {
		// A robot: it is thanked like anyone, and nothing is kept.
		s.log.Info("web: feedback honeypot", "code", rec.Code, "addr", s.clientAddr(r))
		http.Redirect(w, r, sentURL(lang, rec.Code), http.StatusSeeOther)
		return
	}
	f := &dhakira.Feedback{Code: rec.Code, Lang: lang, Message: form.Message, Name: form.Name, Email: form.Email}
	err := s.bo.SubmitFeedback(r.Context(), f, s.clientAddr(r))
	var invalid dhakira.ValidationError
	switch {
	case err == nil:
		http.Redirect(w, r, sentURL(lang, rec.Code), http.StatusSeeOther)
	case errors.As(err, &invalid):
		form.status = http.StatusBadRequest
		form.Errors = map[string]string{"": tr.T("correction_not_sent")}
		for _, fe := range invalid {
			field := fe.Field
			if field == "" {
				field = "message" // unreadable text: said where the reader writes
			}
			if _, seen := form.Errors[field]; !seen {
				form.Errors[field] = feedbackProblem(tr, fe.Field, form)
			}
		}
		s.showFeedbackForm(w, r, lang, rec.Code, form)
	case dhakira.ErrorCode(err) == dhakira.ELIMIT:
		form.status = http.StatusTooManyRequests
		form.Errors = map[string]string{"": tr.T("correction_throttled")}
		w.Header().Set("Retry-After", "600")
		s.showFeedbackForm(w, r, lang, rec.Code, form)
	default:
		s.fail(w, r, lang, err)
	}
}

// feedbackProblem says in the reader's language what is wrong with a
// field of the form.
func feedbackProblem(tr *locale.Translator, field string, form *feedbackForm) string {
	switch field {
	case "message":
		if form.Message == "" || len([]rune(form.Message)) <= dhakira.MaxFeedbackMessage {
			return tr.T("correction_error_required")
		}
		return tr.T("correction_error_too_long", "Max", dhakira.MaxFeedbackMessage)
	case "name":
		return tr.T("correction_error_name", "Max", dhakira.MaxFeedbackName)
	case "email":
		return tr.T("correction_error_email")
	}
	return tr.T("correction_error_invalid")
}

// showFeedbackForm answers the record page again, with the reader's text
// in its form and what was wrong with it, under the status of the refusal.
func (s *Server) showFeedbackForm(w http.ResponseWriter, r *http.Request, lang, code string, form *feedbackForm) {
	r = r.WithContext(context.WithValue(r.Context(), feedbackKey{}, form))
	// The page is the record's: its language switch leads to the record,
	// not to this form's address, which only takes posts.
	u := *r.URL
	u.Path, u.RawPath, u.RawQuery = "/"+lang+"/records/"+code, "", ""
	r.URL = &u
	s.handleRecord(w, r, lang)
}

// feedbackSentView is the thank-you page.
type feedbackSentView struct {
	Code  string
	Title LText
	URL   string
}

func (s *Server) handleFeedbackSent(w http.ResponseWriter, r *http.Request, lang string) {
	rec := s.publicRecord(w, r, lang)
	if rec == nil {
		return
	}
	p := s.newPage(lang, "feedback", r.URL)
	p.Title = p.T("correction_thanks_title")
	p.Nav = string(rec.Kind)
	p.Data = feedbackSentView{Code: rec.Code, Title: p.Text(rec.Title), URL: p.URL("/records/" + url.PathEscape(rec.Code))}
	s.render(w, r, p)
}
