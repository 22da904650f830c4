package web

import (
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/derive"
	"github.com/dhakira/dhakira/jsonld"
)

// linkedData is rec's schema.org description (package jsonld), with the
// addresses of this site as the request reached it.
func (s *Server) linkedData(r *http.Request, rec *dhakira.Record, aud dhakira.Audience) (jsonld.Node, error) {
	site := jsonld.Site{
		Name:   dhakira.Text{AR: s.settings.Name.AR, EN: s.settings.Name.EN},
		URL:    func(path string) string { return s.absURL(r, path) },
		Record: func(code string) string { return s.permanentURL(r, code) },
	}
	if s.files != nil {
		site.Duration = func(sha string) float64 {
			info, _ := derive.ReadInfo(r.Context(), s.files, sha)
			return info.Duration
		}
	}
	return jsonld.Describe(r.Context(), s.store, site, rec, aud)
}

// recordRepresentation is what GET /api/v1/records/{code} answers for out:
// the record JSON with its revision as the ETag, or, when the request
// prefers application/ld+json, its schema.org description (the same as
// the record page embeds) under a weak ETag of the same revision. The
// ETags differ, so that no cache takes one for the other; If-Match reads
// the revision from either.
func (s *Server) recordRepresentation(r *http.Request, out *apiRecord, aud dhakira.Audience) (body any, contentType, tag string, err error) {
	if !prefersLinkedData(r.Header.Values("Accept")) {
		return out, "application/json; charset=utf-8", etag(out.Revision), nil
	}
	n, err := s.linkedData(r, out.Record, aud)
	if err != nil {
		return nil, "", "", err
	}
	return n, "application/ld+json", "W/" + etag(out.Revision), nil
}

// prefersLinkedData reports whether Accept headers ask for
// application/ld+json over application/json: listed with a quality above
// zero, and no lower than plain JSON's. A wildcard alone gets plain JSON.
func prefersLinkedData(accept []string) bool {
	ldQ, jsonQ := -1.0, -1.0
	for _, h := range accept {
		for _, rng := range strings.Split(h, ",") {
			mt, params, err := mime.ParseMediaType(strings.TrimSpace(rng))
			if err != nil {
				continue
			}
			q := 1.0
			if v, ok := params["q"]; ok {
				if q, err = strconv.ParseFloat(v, 64); err != nil {
					continue
				}
			}
			switch mt {
			case "application/ld+json":
				ldQ = max(ldQ, q)
			case "application/json":
				jsonQ = max(jsonQ, q)
			}
		}
	}
	return ldQ > 0 && ldQ >= jsonQ
}
