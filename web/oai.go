package web

import (
	"net/http"

	"github.com/dhakira/dhakira/oai"
)

// oaiHandler answers metadata harvesters at /oai (OAI-PMH 2.0), with the
// site's settings and its way of making addresses absolute.
func (s *Server) oaiHandler() http.Handler {
	return oai.New(s.store, oai.Options{Settings: s.settings, URL: s.absURL, Log: s.log})
}
