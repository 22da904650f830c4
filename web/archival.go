package web

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/archival"
	"github.com/dhakira/dhakira/config"
)

// archivalFormats are the suffixes of a record's code that ask for it in
// an archival standard instead of JSON.
var archivalFormats = []struct {
	suffix string
	write  func(s *Server, r *http.Request, buf *bytes.Buffer, code string) error
}{
	{".ead3.xml", func(s *Server, r *http.Request, buf *bytes.Buffer, code string) error {
		return archival.DocumentFindingAid(r.Context(), buf, s.store, s.archivalSettings(r), code)
	}},
	{".eac.xml", func(s *Server, r *http.Request, buf *bytes.Buffer, code string) error {
		return archival.AuthorityRecord(r.Context(), buf, s.store, s.archivalSettings(r), code)
	}},
}

// serveArchival answers /api/v1/records/CODE.ead3.xml (the EAD3 finding
// aid of a document) and /api/v1/records/CODE.eac.xml (the EAC-CPF record
// of a person or entity), and reports whether the request was one of
// those. Both are public documents: only published records, whoever asks.
func (s *Server) serveArchival(w http.ResponseWriter, r *http.Request) bool {
	seg := r.PathValue("code")
	for _, f := range archivalFormats {
		code, ok := strings.CutSuffix(seg, f.suffix)
		if !ok {
			continue
		}
		ctx := r.Context()
		// Codes may hold dots: a record whose code itself ends so is
		// asked for as JSON.
		if dhakira.ValidCode(seg) {
			if _, _, err := s.store.Record(ctx, seg, dhakira.Public); err == nil {
				return false
			}
		}
		if !dhakira.ValidCode(code) {
			apiError(w, http.StatusNotFound, "no public record with this code")
			return true
		}
		var buf bytes.Buffer
		err := f.write(s, r, &buf, code)
		var ke *archival.KindError
		switch {
		case errors.As(err, &ke):
			msg := ke.Error()
			if other := s.archivalKind(ke.Kind); other != "" {
				msg += "; see /api/v1/records/" + code + other
			}
			apiError(w, http.StatusNotFound, msg)
			return true
		case dhakira.ErrorCode(err) == dhakira.ENOTFOUND:
			apiError(w, http.StatusNotFound, "no public record with this code")
			return true
		case err != nil:
			if ctx.Err() == nil {
				s.log.Error("web: archival export", "code", code, "format", f.suffix, "err", err)
				apiError(w, http.StatusInternalServerError, "internal error")
			}
			return true
		}
		h := w.Header()
		h.Set("Content-Type", "application/xml; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		h.Set("Access-Control-Allow-Origin", "*")
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			w.Write(buf.Bytes())
		}
		return true
	}
	return false
}

// archivalKind is the suffix of the archival format that describes records
// of kind k, "" when none does.
func (s *Server) archivalKind(k dhakira.Kind) string {
	switch {
	case k == dhakira.KindDocument:
		return ".ead3.xml"
	case k == dhakira.KindPerson || k == dhakira.KindEntity:
		return ".eac.xml"
	}
	return ""
}

// archivalSettings are the site's settings with a public address: the
// configured one, else the one the request came to, so that the permanent
// addresses in the XML are absolute.
func (s *Server) archivalSettings(r *http.Request) config.Settings {
	st := s.settings
	if st.BaseURL == "" {
		st.BaseURL = s.absURL(r, "")
	}
	return st
}
