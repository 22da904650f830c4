package web

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/dhakira/dhakira"
)

// apiRecord is the record JSON of the contract with each link resolved: the
// record's own fields as they are, and in every link whose target the
// public may see, that target's kind and title (read-only: an import does
// not take them).
type apiRecord struct {
	*dhakira.Record
	Links []apiLink `json:"links,omitempty"`
}

type apiLink struct {
	dhakira.Link
	Kind  dhakira.Kind  `json:"kind,omitempty"`
	Title *dhakira.Text `json:"title,omitempty"`
}

func (s *Server) handleAPIRecord(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if !dhakira.ValidCode(code) {
		apiError(w, http.StatusNotFound, "no public record with this code")
		return
	}
	ctx := r.Context()
	rec, _, err := s.store.Record(ctx, code, dhakira.Public)
	if err == nil && (rec == nil || !dhakira.Public.Sees(rec.Status)) {
		err = dhakira.Errorf(dhakira.ENOTFOUND, "not found")
	}
	if err != nil {
		if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
			apiError(w, http.StatusNotFound, "no public record with this code")
			return
		}
		s.log.Error("web: api record", "code", code, "err", err)
		apiError(w, http.StatusInternalServerError, "internal error")
		return
	}
	out := apiRecord{Record: rec}
	if len(rec.Links) > 0 {
		related, err := s.store.Related(ctx, rec.Code, dhakira.Public)
		if err != nil {
			s.log.Error("web: api related", "code", code, "err", err)
			apiError(w, http.StatusInternalServerError, "internal error")
			return
		}
		targets := map[string]dhakira.Summary{}
		for _, rl := range related {
			if !rl.Inverse && dhakira.Public.Sees(rl.Status) {
				targets[rl.Code] = rl.Summary
			}
		}
		for _, l := range rec.Links {
			al := apiLink{Link: l}
			if t, ok := targets[l.To]; ok {
				title := t.Title
				al.Kind, al.Title = t.Kind, &title
			}
			out.Links = append(out.Links, al)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		s.log.Error("web: api encode", "code", code, "err", err)
		apiError(w, http.StatusInternalServerError, "internal error")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Access-Control-Allow-Origin", "*")
	w.Write(buf.Bytes())
}

func (s *Server) handleAPINotFound(w http.ResponseWriter, r *http.Request) {
	apiError(w, http.StatusNotFound, "no such API endpoint")
}

func apiError(w http.ResponseWriter, status int, msg string) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}
