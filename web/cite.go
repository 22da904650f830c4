package web

import (
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/cite"
	"github.com/dhakira/dhakira/locale"
)

// A record page offers a ready citation of the record in Arabic and in
// English, and the same reference as files for reference managers:
// /{lang}/records/{code}/cite.bib (BibTeX), cite.ris (RIS) and cite.json
// (CSL-JSON), with the title in the page's language when the record has
// it. Each names the archive, the title, the memory code, the record's
// date, its permanent address and today as the date it was accessed.

func (s *Server) citeRoutes(mux *http.ServeMux, lang string) {
	for _, f := range cite.Formats {
		mux.HandleFunc("GET /"+lang+"/records/{code}/cite."+f.Ext, s.withLang(lang, s.citeHandler(f)))
	}
}

func (s *Server) citeHandler(f cite.Format) func(http.ResponseWriter, *http.Request, string) {
	return func(w http.ResponseWriter, r *http.Request, lang string) {
		code := r.PathValue("code")
		if !dhakira.ValidCode(code) {
			s.notFound(w, r, lang)
			return
		}
		ctx := r.Context()
		rec, _, err := s.store.Record(ctx, code, dhakira.Public)
		if err == nil && (rec == nil || !dhakira.Public.Sees(rec.Status)) {
			err = dhakira.Errorf(dhakira.ENOTFOUND, "not found")
		}
		var related []dhakira.Related
		if err == nil {
			related, err = s.store.Related(ctx, code, dhakira.Public)
		}
		if err != nil {
			s.fail(w, r, lang, err)
			return
		}
		body := f.Write(s.citation(r, rec, related), s.tr[lang])
		h := w.Header()
		h.Set("Content-Type", f.ContentType)
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": rec.Code + "." + f.Ext}))
		h.Set("Content-Language", lang)
		h.Set("Cache-Control", "no-cache") // the access date is today's
		h.Set("Access-Control-Allow-Origin", "*")
		w.Write(body)
	}
}

// citation gathers the reference to rec; related are its links as the
// public sees them.
func (s *Server) citation(r *http.Request, rec *dhakira.Record, related []dhakira.Related) *cite.Citation {
	c := &cite.Citation{
		Code:     rec.Code,
		Kind:     rec.Kind,
		Type:     rec.Type,
		Title:    rec.Title,
		Date:     rec.ParsedDate(),
		URL:      s.permanentURL(r, rec.Code),
		Archive:  dhakira.Text{AR: s.settings.Name.AR, EN: s.settings.Name.EN},
		Accessed: dhakira.DayOf(s.now()),
	}
	for _, rl := range related {
		if rl.Rel == dhakira.RelIssuedBy && !rl.Inverse && dhakira.Public.Sees(rl.Status) {
			c.Issuers = append(c.Issuers, rl.Title)
		}
	}
	return c
}

// citeView is the record page's "Cite this record".
type citeView struct {
	Citations []citeText // the page's language first
	Downloads []citeDownload
}

type citeText struct {
	Lang, Dir, Label string
	Parts            []cite.Part
}

type citeDownload struct {
	URL, Label, Ext, Type string
}

func (s *Server) citeView(r *http.Request, p *page, rec *dhakira.Record, related []dhakira.Related) *citeView {
	c := s.citation(r, rec, related)
	v := &citeView{}
	labels := map[string]string{"ar": s.settings.Languages.AR, "en": s.settings.Languages.EN}
	for _, lang := range []string{p.Lang, p.OtherLang()} {
		label := labels[lang]
		if label == "" {
			label = map[string]string{"ar": "العربية", "en": "English"}[lang]
		}
		v.Citations = append(v.Citations, citeText{Lang: lang, Dir: locale.Dir(lang), Label: label, Parts: c.Text(s.tr[lang])})
	}
	for _, f := range cite.Formats {
		mt, _, _ := strings.Cut(f.ContentType, ";")
		v.Downloads = append(v.Downloads, citeDownload{
			URL:   p.URL("/records/" + url.PathEscape(rec.Code) + "/cite." + f.Ext),
			Label: f.Label,
			Ext:   "." + f.Ext,
			Type:  mt,
		})
	}
	return v
}
