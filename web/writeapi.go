package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dhakira/dhakira"
)

// The write API is the editorial service over JSON, for scripts and tools
// holding an API token (Authorization: Bearer TOKEN). Its handlers decode,
// call the service — which checks the role of the token's user — and turn
// the service's error into a status code; none of them decides who may do
// what.
//
// A record's ETag is its current revision number in quotes ("7"): a PUT
// must send it back in If-Match, so that an edit based on a revision
// someone has saved over since is refused (412) instead of undoing theirs.

// MaxAPIBodyBytes bounds the body of a record write: one record's JSON
// (a whole book's text fits) with room for the read-only fields a GET adds.
const MaxAPIBodyBytes = dhakira.MaxRecordBytes + 1<<20

// writeRoutes adds the write API and the staff's reads to mux. Without a
// back office there is none: those URLs are unknown API paths.
func (s *Server) writeRoutes(mux *http.ServeMux) {
	if s.bo == nil {
		return
	}
	mux.HandleFunc("POST /api/v1/records", s.api(apiWrite, s.handleAPICreate))
	mux.HandleFunc("PUT /api/v1/records/{code}", s.api(apiWrite|apiCode, s.handleAPIUpdate))
	mux.HandleFunc("POST /api/v1/records/{code}/status", s.api(apiWrite|apiCode, s.handleAPIStatus))
	mux.HandleFunc("POST /api/v1/records/{code}/reliability", s.api(apiWrite|apiCode, s.handleAPIReliability))
	mux.HandleFunc("GET /api/v1/records/{code}/revisions", s.api(apiCode, s.handleAPIRevisions))
	mux.HandleFunc("GET /api/v1/records/{code}/revisions/{n}", s.api(apiCode|apiRev, s.handleAPIRevision))
	mux.HandleFunc("POST /api/v1/records/{code}/revisions/{n}/restore", s.api(apiWrite|apiCode|apiRev, s.handleAPIRestore))
	mux.HandleFunc("GET /api/v1/feedback", s.api(0, s.handleAPIFeedback))
}

// apiNeeds says what a handler of the back office's API takes from the
// request before it runs.
type apiNeeds int

const (
	apiWrite apiNeeds = 1 << iota // an API token (else a token or a session: a staff read)
	apiCode                       // the record code of the path
	apiRev                        // the revision number of the path
)

// apiCall is a request to the back office's API once the steps every
// handler takes are done.
type apiCall struct {
	ctx  context.Context // acting as the token's (or the session's) user
	code string          // the record code of the path, with apiCode
	n    int             // the revision of the path, with apiRev
}

// api wraps a handler of the back office's API in the steps they all take,
// in this order: the record code from the path (404 when it cannot be
// one), the revision number (likewise), then who calls (401 without a
// token for a write, without a token or a session for a staff read). fn
// reads the body, calls the service and answers; an error it returns is
// answered by apiFail, naming the input at fault when fn marked it with
// inField.
func (s *Server) api(needs apiNeeds, fn func(http.ResponseWriter, *http.Request, *apiCall) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := &apiCall{}
		var ok bool
		if needs&apiCode != 0 {
			if c.code, ok = s.pathCode(w, r); !ok {
				return
			}
		}
		if needs&apiRev != 0 {
			if c.n, ok = pathRevision(w, r); !ok {
				return
			}
		}
		if needs&apiWrite != 0 {
			c.ctx, ok = s.writeContext(w, r)
		} else {
			c.ctx, ok = s.staffContext(w, r)
		}
		if !ok {
			return
		}
		if err := fn(w, r, c); err != nil {
			var fe fieldError
			if errors.As(err, &fe) {
				s.apiFail(w, r, fe.err, fe.field)
				return
			}
			s.apiFail(w, r, err, "")
		}
	}
}

// fieldError is an error of the service that one input field caused.
type fieldError struct {
	field string
	err   error
}

func (e fieldError) Error() string { return e.err.Error() }
func (e fieldError) Unwrap() error { return e.err }

// inField marks err as the fault of the input field.
func inField(field string, err error) error { return fieldError{field, err} }

// apiBodyLimit is the most the body of a record write may hold when it
// comes with an API token — a whole record — and 0 for any other request.
// The token is checked before the body is read: without a valid one the
// request is refused unread.
func apiBodyLimit(r *http.Request) int64 {
	if (r.Method == http.MethodPost || r.Method == http.MethodPut) && r.Header.Get("Authorization") != "" &&
		(r.URL.Path == "/api/v1/records" || strings.HasPrefix(r.URL.Path, "/api/v1/records/")) {
		return MaxAPIBodyBytes
	}
	return 0
}

// etag is the ETag of a record at revision rev.
func etag(rev int) string { return `"` + strconv.Itoa(rev) + `"` }

// parseIfMatch reads the revision an If-Match header names: "N", W/"N" or
// a bare N. ok is false when the header is absent.
func parseIfMatch(h string) (rev int, ok bool, err error) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false, nil
	}
	v := strings.TrimPrefix(h, "W/")
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || strings.HasPrefix(v, "+") {
		return 0, true, fmt.Errorf("If-Match %q: want the ETag of one revision, as \"7\"", h)
	}
	return n, true, nil
}

// apiErrorBody is every error the API answers.
type apiErrorBody struct {
	Error    string          `json:"error"`
	Field    string          `json:"field,omitempty"`       // the JSON path of the (first) field at fault
	Errors   []apiFieldError `json:"errors,omitempty"`      // every problem of a refused record
	Revision int             `json:"revision,omitempty"`    // with 412: the record's current revision
	Limit    int64           `json:"limit_bytes,omitempty"` // with 413: the most a body may hold
}

type apiFieldError struct {
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// writeJSON answers v as JSON, not cached.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		writeJSONError(w, http.StatusInternalServerError, "internal error", "")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "private, no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// apiStatus is the status code of an error of the service or the store.
func apiStatus(err error) int {
	var v dhakira.ValidationError
	if errors.As(err, &v) {
		return http.StatusBadRequest
	}
	switch dhakira.ErrorCode(err) {
	case dhakira.EINVALID:
		return http.StatusBadRequest
	case dhakira.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case dhakira.EFORBIDDEN:
		return http.StatusForbidden
	case dhakira.ENOTFOUND:
		return http.StatusNotFound
	case dhakira.ECONFLICT:
		return http.StatusConflict
	case dhakira.ESTALE:
		return http.StatusPreconditionFailed
	case dhakira.ELIMIT:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// apiFail answers err with its status code and {"error", "field"}: field
// names the input at fault when the caller knows it, else a refused
// record's first problem does. An internal error is logged and answered
// without its details.
func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error, field string) {
	status := apiStatus(err)
	body := apiErrorBody{Error: err.Error(), Field: field}
	var v dhakira.ValidationError
	if errors.As(err, &v) && len(v) > 0 {
		body.Field = v[0].Field
		for _, fe := range v {
			body.Errors = append(body.Errors, apiFieldError{Field: fe.Field, Message: fe.Message})
		}
	}
	switch status {
	case http.StatusInternalServerError:
		if r.Context().Err() != nil {
			return // the client went away
		}
		s.log.Error("web: api", "method", r.Method, "path", r.URL.Path, "err", err)
		body = apiErrorBody{Error: "internal error"}
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="dhakira"`)
	}
	writeJSON(w, status, body)
}

// writeContext returns the context a write acts in: that of the request's
// API token. A session cookie alone does not write through the API — the
// back office's forms do that — so no page of any site can make a
// logged-in browser call it.
func (s *Server) writeContext(w http.ResponseWriter, r *http.Request) (context.Context, bool) {
	ctx := r.Context()
	if r.Header.Get("Authorization") == "" || dhakira.UserFrom(ctx) == nil {
		s.apiFail(w, r, dhakira.Errorf(dhakira.EUNAUTHORIZED, "send an API token: Authorization: Bearer TOKEN"), "")
		return nil, false
	}
	return ctx, true
}

// staffContext returns the context a staff read acts in: an API token's or
// a logged-in member's.
func (s *Server) staffContext(w http.ResponseWriter, r *http.Request) (context.Context, bool) {
	ctx := r.Context()
	if dhakira.UserFrom(ctx) == nil {
		s.apiFail(w, r, dhakira.Errorf(dhakira.EUNAUTHORIZED, "send an API token (Authorization: Bearer TOKEN) or log in"), "")
		return nil, false
	}
	return ctx, true
}

// readBody reads the request body within its limit.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeJSON(w, http.StatusRequestEntityTooLarge, apiErrorBody{Error: fmt.Sprintf("the body is larger than %d bytes", tooBig.Limit), Limit: tooBig.Limit})
			return nil, false
		}
		writeJSON(w, http.StatusBadRequest, apiErrorBody{Error: "the request body could not be read"})
		return nil, false
	}
	return data, true
}

// readJSON decodes the request body into v strictly: unknown fields, wrong
// types and trailing data are refused, naming the field.
func (s *Server) readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	data, ok := s.readBody(w, r)
	if !ok {
		return false
	}
	fail := func(field, msg string) bool {
		writeJSON(w, http.StatusBadRequest, apiErrorBody{Error: msg, Field: field})
		return false
	}
	if !utf8.Valid(data) {
		return fail("", "the body is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &te):
			return fail(te.Field, fmt.Sprintf("%s: expected a %s, got %s", te.Field, te.Type.Kind(), te.Value))
		case errors.As(err, &se):
			return fail("", fmt.Sprintf("invalid JSON at byte %d", se.Offset))
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return fail("", "the body is not a complete JSON object")
		}
		msg := strings.TrimPrefix(err.Error(), "json: ")
		field := ""
		if f, ok := strings.CutPrefix(msg, "unknown field "); ok {
			field = strings.Trim(f, `"`)
		}
		return fail(field, msg)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail("", "unexpected data after the JSON object")
	}
	return true
}

// readRecord decodes a record from the request body. It takes what a GET
// of the API gives: the read-only fields a GET adds — the revision, each
// link's resolved kind and title — are dropped, the rest is read as
// strictly as an import reads it.
func (s *Server) readRecord(w http.ResponseWriter, r *http.Request) (*dhakira.Record, bool) {
	data, ok := s.readBody(w, r)
	if !ok {
		return nil, false
	}
	rec, err := dhakira.DecodeRecord(withoutReadOnly(data))
	if err != nil {
		s.apiFail(w, r, err, "")
		return nil, false
	}
	return rec, true
}

// withoutReadOnly removes from a record's JSON the fields only a GET
// gives. Anything that is not a JSON object with a list of link objects is
// returned as it is, for DecodeRecord to say what is wrong with it.
func withoutReadOnly(data []byte) []byte {
	if !utf8.Valid(data) {
		return data
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil || top == nil {
		return data
	}
	_, hasRev := top["revision"]
	delete(top, "revision")
	changed := hasRev
	if raw, ok := top["links"]; ok {
		var links []map[string]json.RawMessage
		if err := json.Unmarshal(raw, &links); err == nil {
			strip := false
			for _, l := range links {
				_, k := l["kind"]
				_, t := l["title"]
				strip = strip || k || t
			}
			if strip {
				for _, l := range links {
					if l != nil {
						delete(l, "kind")
						delete(l, "title")
					}
				}
				if b, err := json.Marshal(links); err == nil {
					top["links"] = b
					changed = true
				}
			}
		}
	}
	if !changed {
		return data
	}
	out, err := json.Marshal(top)
	if err != nil {
		return data
	}
	return out
}

// pathCode returns the record code of the URL, answering 404 when it
// cannot be one.
func (s *Server) pathCode(w http.ResponseWriter, r *http.Request) (string, bool) {
	code := r.PathValue("code")
	if !dhakira.ValidCode(code) {
		writeJSONError(w, http.StatusNotFound, "no record with this code", "")
		return "", false
	}
	return code, true
}

// pathRevision returns the revision number of the URL, answering 404 when
// it cannot be one.
func pathRevision(w http.ResponseWriter, r *http.Request) (int, bool) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || strings.HasPrefix(r.PathValue("n"), "+") {
		writeJSONError(w, http.StatusNotFound, "no such revision", "")
		return 0, false
	}
	return n, true
}

// staleFail answers a write refused because the record has moved on: 412,
// with the current revision in the body and as the ETag.
func (s *Server) staleFail(w http.ResponseWriter, r *http.Request, ctx context.Context, code string, err error) {
	body := apiErrorBody{Error: err.Error()}
	if _, info, rerr := s.bo.Record(ctx, code); rerr == nil {
		body.Revision = info.Revision
		w.Header().Set("ETag", etag(info.Revision))
	}
	writeJSON(w, http.StatusPreconditionFailed, body)
}

// handleAPICreate adds a record: POST /api/v1/records with the record JSON
// (a draft unless it says otherwise; a code is assigned when it has none).
// The note query parameter goes into its history, and is the reason when a
// reviewer gives it a grade.
func (s *Server) handleAPICreate(w http.ResponseWriter, r *http.Request, c *apiCall) error {
	rec, ok := s.readRecord(w, r)
	if !ok {
		return nil
	}
	code, _, err := s.bo.Create(c.ctx, rec, r.URL.Query().Get("note"))
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/records/"+url.PathEscape(code))
	s.sendRecord(w, r, code, http.StatusCreated)
	return nil
}

// handleAPIUpdate saves a new revision of a record: PUT with the record's
// JSON and If-Match with the ETag of the revision it was based on.
func (s *Server) handleAPIUpdate(w http.ResponseWriter, r *http.Request, c *apiCall) error {
	base, present, err := parseIfMatch(r.Header.Get("If-Match"))
	switch {
	case !present:
		writeJSON(w, http.StatusPreconditionRequired, apiErrorBody{Error: "If-Match is required: send the ETag of the revision you edited, as a GET of the record gave it"})
		return nil
	case err != nil:
		writeJSON(w, http.StatusBadRequest, apiErrorBody{Error: err.Error()})
		return nil
	}
	rec, ok := s.readRecord(w, r)
	if !ok {
		return nil
	}
	if rec.Code != "" && rec.Code != c.code {
		writeJSON(w, http.StatusBadRequest, apiErrorBody{Error: fmt.Sprintf("the body is record %q, the URL %q: a code never changes", rec.Code, c.code), Field: "code"})
		return nil
	}
	rec.Code = c.code
	if _, err := s.bo.Update(c.ctx, rec, base, r.URL.Query().Get("note")); err != nil {
		if dhakira.ErrorCode(err) == dhakira.ESTALE {
			s.staleFail(w, r, c.ctx, c.code, err)
			return nil
		}
		return err
	}
	s.sendRecord(w, r, c.code, http.StatusOK)
	return nil
}

// handleAPIStatus moves a record in the workflow: {"status", "reason"}.
func (s *Server) handleAPIStatus(w http.ResponseWriter, r *http.Request, c *apiCall) error {
	var in struct {
		Status dhakira.Status `json:"status"`
		Reason string         `json:"reason"`
	}
	if !s.readJSON(w, r, &in) {
		return nil
	}
	if _, err := s.bo.SetStatus(c.ctx, c.code, in.Status, in.Reason); err != nil {
		if dhakira.ErrorCode(err) == dhakira.EINVALID && !in.Status.Valid() {
			return inField("status", err)
		}
		return err
	}
	s.sendRecord(w, r, c.code, http.StatusOK)
	return nil
}

// handleAPIReliability sets a record's grade: {"reliability", "reason"};
// the reason is required.
func (s *Server) handleAPIReliability(w http.ResponseWriter, r *http.Request, c *apiCall) error {
	var in struct {
		Reliability dhakira.Reliability `json:"reliability"`
		Reason      string              `json:"reason"`
	}
	if !s.readJSON(w, r, &in) {
		return nil
	}
	if _, err := s.bo.SetReliability(c.ctx, c.code, in.Reliability, in.Reason); err != nil {
		if dhakira.ErrorCode(err) == dhakira.EINVALID {
			if !in.Reliability.Valid() {
				return inField("reliability", err)
			}
			return inField("reason", err)
		}
		return err
	}
	s.sendRecord(w, r, c.code, http.StatusOK)
	return nil
}

// handleAPIRestore makes the content of an old revision the record's next
// one; its status and grade stay.
func (s *Server) handleAPIRestore(w http.ResponseWriter, r *http.Request, c *apiCall) error {
	if _, err := s.bo.Restore(c.ctx, c.code, c.n); err != nil {
		return err
	}
	s.sendRecord(w, r, c.code, http.StatusOK)
	return nil
}

// apiRevision is one revision of a record in the API.
type apiRevision struct {
	Code    string          `json:"code"`
	N       int             `json:"revision"`
	Author  string          `json:"author"`
	At      time.Time       `json:"at"`
	Note    string          `json:"note,omitempty"`
	Changed []string        `json:"changed,omitempty"`
	Record  *dhakira.Record `json:"record,omitempty"`
}

func newAPIRevision(rev dhakira.Revision, withRecord bool) apiRevision {
	out := apiRevision{Code: rev.Code, N: rev.N, Author: rev.Author, At: rev.At.UTC(), Note: rev.Note, Changed: rev.Changed}
	if withRecord {
		out.Record = rev.Record
	}
	return out
}

// handleAPIRevisions lists a record's history, oldest first, without the
// records themselves.
func (s *Server) handleAPIRevisions(w http.ResponseWriter, r *http.Request, c *apiCall) error {
	revs, err := s.bo.Revisions(c.ctx, c.code)
	if err == nil && len(revs) == 0 {
		err = dhakira.Errorf(dhakira.ENOTFOUND, "no record %q", c.code)
	}
	if err != nil {
		return err
	}
	out := make([]apiRevision, len(revs))
	for i, rev := range revs {
		out[i] = newAPIRevision(rev, false)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleAPIRevision gives one revision of a record, with the record as it
// was.
func (s *Server) handleAPIRevision(w http.ResponseWriter, r *http.Request, c *apiCall) error {
	rev, err := s.bo.Revision(c.ctx, c.code, c.n)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newAPIRevision(*rev, true))
	return nil
}

// apiFeedback is a reader's correction in the API.
type apiFeedback struct {
	ID       int64                  `json:"id"`
	Code     string                 `json:"code"`
	Lang     string                 `json:"lang"`
	Message  string                 `json:"message"`
	Name     string                 `json:"name,omitempty"`
	Email    string                 `json:"email,omitempty"`
	Status   dhakira.FeedbackStatus `json:"status"`
	Revision int                    `json:"revision,omitempty"`
	Reply    string                 `json:"reply,omitempty"`
	Created  time.Time              `json:"created"`
	Updated  time.Time              `json:"updated,omitzero"`
}

// handleAPIFeedback lists readers' corrections, newest first, for
// reviewers: ?status=new|accepted|dismissed, ?code=, ?limit= (at most
// 1000).
func (s *Server) handleAPIFeedback(w http.ResponseWriter, r *http.Request, c *apiCall) error {
	q := r.URL.Query()
	f := dhakira.FeedbackFilter{Status: dhakira.FeedbackStatus(q.Get("status")), Code: q.Get("code")}
	switch f.Status {
	case "", dhakira.FeedbackNew, dhakira.FeedbackAccepted, dhakira.FeedbackDismissed:
	default:
		writeJSON(w, http.StatusBadRequest, apiErrorBody{Error: fmt.Sprintf("unknown status %q (want new, accepted or dismissed)", f.Status), Field: "status"})
		return nil
	}
	if f.Code != "" && !dhakira.ValidCode(f.Code) {
		writeJSON(w, http.StatusBadRequest, apiErrorBody{Error: fmt.Sprintf("%q is not a memory code", f.Code), Field: "code"})
		return nil
	}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 1000 {
			writeJSON(w, http.StatusBadRequest, apiErrorBody{Error: "limit: want a number from 1 to 1000", Field: "limit"})
			return nil
		}
		f.Limit = n
	}
	list, err := s.bo.FeedbackList(c.ctx, f)
	if err != nil {
		return err
	}
	out := make([]apiFeedback, len(list))
	for i, fb := range list {
		out[i] = apiFeedback{ID: fb.ID, Code: fb.Code, Lang: fb.Lang, Message: fb.Message, Name: fb.Name, Email: fb.Email,
			Status: fb.Status, Revision: fb.Revision, Reply: fb.Reply, Created: fb.Created.UTC(), Updated: fb.Updated.UTC()}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
