package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/dhakira/dhakira"
)

// apiRecord is the record JSON of the contract with each link resolved: the
// record's own fields as they are, and in every link whose target the
// reader may see, that target's kind and title; and the record's current
// revision, whose ETag a write sends back. Those added fields are
// read-only: an import refuses them, a PUT of the write API drops them.
type apiRecord struct {
	*dhakira.Record
	Links    []apiLink `json:"links,omitempty"`
	Revision int       `json:"revision,omitempty"`
}

type apiLink struct {
	dhakira.Link
	Kind  dhakira.Kind  `json:"kind,omitempty"`
	Title *dhakira.Text `json:"title,omitempty"`
}

func (s *Server) handleAPIRecord(w http.ResponseWriter, r *http.Request) {
	if s.serveArchival(w, r) {
		return
	}
	code := r.PathValue("code")
	if !dhakira.ValidCode(code) {
		apiError(w, http.StatusNotFound, "no public record with this code")
		return
	}
	s.sendRecord(w, r, code, http.StatusOK)
}

// sendRecord answers the record code as the user of the request may see
// it — the public sees published records only, the staff every status —
// with its revision as the ETag.
func (s *Server) sendRecord(w http.ResponseWriter, r *http.Request, code string, status int) {
	ctx := r.Context()
	aud := dhakira.UserFrom(ctx).Audience()
	if s.bo == nil {
		aud = dhakira.Public
	}
	aboutRecord(ctx, code)
	out, err := s.recordJSON(ctx, code, aud)
	if err != nil {
		if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
			msg := "no public record with this code"
			if aud == dhakira.Staff {
				msg = "no record with this code"
			}
			apiError(w, http.StatusNotFound, msg)
			return
		}
		if ctx.Err() != nil {
			return
		}
		s.log.Error("web: api record", "code", code, "err", err)
		apiError(w, http.StatusInternalServerError, "internal error")
		return
	}
	body, contentType, tag, err := s.recordRepresentation(r, out, aud)
	if err != nil {
		s.log.Error("web: api linked data", "code", code, "err", err)
		apiError(w, http.StatusInternalServerError, "internal error")
		return
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(body); err != nil {
		s.log.Error("web: api encode", "code", code, "err", err)
		apiError(w, http.StatusInternalServerError, "internal error")
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("ETag", tag)
	h.Add("Vary", "Authorization")
	h.Add("Vary", "Accept")
	if aud == dhakira.Public {
		h.Set("Cache-Control", "no-cache")
		h.Set("Access-Control-Allow-Origin", "*")
	} else {
		h.Set("Cache-Control", "private, no-store")
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// recordJSON reads a record and resolves its links for audience aud.
func (s *Server) recordJSON(ctx context.Context, code string, aud dhakira.Audience) (*apiRecord, error) {
	var rec *dhakira.Record
	var info *dhakira.RecordInfo
	var err error
	if s.bo != nil {
		rec, info, err = s.bo.Record(ctx, code) // as the user in ctx may see it
	} else {
		rec, info, err = s.store.Record(ctx, code, dhakira.Public)
	}
	if err == nil && (rec == nil || !aud.Sees(rec.Status)) {
		err = dhakira.Errorf(dhakira.ENOTFOUND, "not found")
	}
	if err != nil {
		return nil, err
	}
	noteRecord(ctx, rec) // read through the back office, which the page cache does not see
	out := &apiRecord{Record: rec}
	if info != nil {
		out.Revision = info.Revision
	}
	if len(rec.Links) > 0 {
		related, err := s.store.Related(ctx, rec.Code, aud)
		if err != nil {
			return nil, err
		}
		targets := map[string]dhakira.Summary{}
		for _, rl := range related {
			if !rl.Inverse && aud.Sees(rl.Status) {
				targets[rl.Code] = rl.Summary
			}
		}
		for _, l := range rec.Links {
			al := apiLink{Link: l}
			t, ok := targets[l.To]
			if !ok && aud == dhakira.Public {
				continue // a draft's code and the note about it are not public
			}
			if ok {
				title := t.Title
				al.Kind, al.Title = t.Kind, &title
			}
			out.Links = append(out.Links, al)
		}
	}
	return out, nil
}

func (s *Server) handleAPINotFound(w http.ResponseWriter, r *http.Request) {
	apiError(w, http.StatusNotFound, "no such API endpoint")
}

func apiError(w http.ResponseWriter, status int, msg string) { writeJSONError(w, status, msg, "") }

// writeJSONError answers {"error": msg, "field": field}, the field only
// when one is named.
func writeJSONError(w http.ResponseWriter, status int, msg, field string) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	body := map[string]string{"error": msg}
	if field != "" {
		body["field"] = field
	}
	json.NewEncoder(w).Encode(body)
}
