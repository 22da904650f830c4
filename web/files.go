package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
)

// WithFiles gives the site the archive's files: /files/{sha256} serves
// them, record pages show them, and the back office and the write API
// take uploads of up to limit bytes each (0: no limit).
func WithFiles(fs dhakira.FileStore, limit int64) Option {
	return func(s *Server) { s.files, s.fileLimit = fs, limit }
}

// fileRoutes serves the files records carry and what is derived from them.
func (s *Server) fileRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /files/{sha}", s.handleFile)
	mux.HandleFunc("GET /files/{sha}/{name}", s.handleFile)
	if s.bo != nil {
		mux.HandleFunc("POST /api/v1/records/{code}/files", s.handleAPIAddFile)
	}
}

// uploadBodyLimit is the most an upload's body may hold: a file of the
// archive's limit with room for a multipart form around it; 0 for any
// other request.
func (s *Server) uploadBodyLimit(r *http.Request) int64 {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/files") || s.files == nil {
		return 0
	}
	if !strings.HasPrefix(r.URL.Path, "/api/v1/records/") && !strings.Contains(r.URL.Path, "/admin/records/") {
		return 0
	}
	if s.fileLimit <= 0 {
		return 1 << 62
	}
	return s.fileLimit + 1<<20
}

// fileVisible reports whether the request may have the file sha: the
// team always, the public while a published record carries it.
func (s *Server) fileVisible(r *http.Request, sha string) (bool, error) {
	if dhakira.UserFrom(r.Context()) != nil {
		return true, nil
	}
	return s.store.FileCarried(r.Context(), sha, dhakira.Public)
}

// handleFile serves a file, or a file derived from it, with ranges: the
// bytes never change, so the hash is the ETag and the public may cache
// them for a year. Everything not the public's is a 404, as if it did not
// exist.
func (s *Server) handleFile(w http.ResponseWriter, r *http.Request) {
	sha, name := r.PathValue("sha"), r.PathValue("name")
	notFound := func() { http.Error(w, "404 file not found", http.StatusNotFound) }
	if s.files == nil || !dhakira.ValidSHA256(sha) || name != "" && !dhakira.ValidDerivedName(name) {
		notFound()
		return
	}
	ok, err := s.fileVisible(r, sha)
	if err != nil {
		s.log.Error("web: file", "sha256", sha, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if !ok {
		notFound()
		return
	}
	var f dhakira.FileReader
	var typ string
	if name == "" {
		var info dhakira.FileInfo
		if info, err = s.files.Stat(r.Context(), sha); err == nil {
			typ = info.Type
			f, err = s.files.Open(r.Context(), sha)
		}
	} else {
		f, err = s.files.OpenDerived(r.Context(), sha, name)
		typ = derivedType(name)
	}
	if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
		notFound()
		return
	}
	if err != nil {
		s.log.Error("web: file", "sha256", sha, "name", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", typ)
	h.Set("Accept-Ranges", "bytes")
	if name == "" {
		h.Set("ETag", `"`+sha+`"`)
	} else {
		h.Set("ETag", `"`+sha+"/"+name+`"`)
	}
	if dhakira.UserFrom(r.Context()) != nil {
		h.Set("Cache-Control", "private, no-cache")
	} else if name == "" {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=86400") // derived files can be made again
	}
	// Nothing the archive received runs as a page of its own origin.
	h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'")
	if typ == "application/pdf" {
		// The browser's own PDF viewer is a plugin a policy with
		// object-src 'none' blocks; a PDF is not a page of the origin.
		h.Del("Content-Security-Policy")
	}
	if dl := r.URL.Query().Get("download"); dl != "" {
		fn := dl
		if fn == "1" || dhakira.ValidSHA256(fn) {
			fn = sha
		}
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": fn}))
	}
	// A recording of hours is read for longer than the server's write
	// timeout: the deadline is lifted for files.
	http.NewResponseController(w).SetWriteDeadline(time.Time{})
	http.ServeContent(w, r, "", time.Time{}, f)
}

// derivedType is the media type of a derived file by its name, which the
// archive chose.
func derivedType(name string) string {
	switch {
	case strings.HasSuffix(name, ".jpg"):
		return "image/jpeg"
	case strings.HasSuffix(name, ".png"):
		return "image/png"
	case strings.HasSuffix(name, ".mp4"):
		return "video/mp4"
	case strings.HasSuffix(name, ".m4a"):
		return "audio/mp4"
	case strings.HasSuffix(name, ".json"):
		return "application/json"
	case strings.HasSuffix(name, ".vtt"):
		return "text/vtt; charset=utf-8"
	}
	return "application/octet-stream"
}

// upload is one file a request brings: its bytes and what the sender said
// of them.
type upload struct {
	body io.Reader
	file dhakira.File
}

// eachUpload calls fn with each file of the request: the raw body (its
// name in ?name=), or every file part of a multipart form (the other
// parts — role, lang, label_ar, label_en — applying to the files after
// them). Parts are streamed: nothing holds a whole file in memory.
func eachUpload(r *http.Request, fn func(upload) error) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		q := r.URL.Query()
		return fn(upload{body: r.Body, file: dhakira.File{Name: q.Get("name"), Role: dhakira.FileRole(q.Get("role")), Lang: q.Get("lang"),
			Label: dhakira.Text{AR: q.Get("label_ar"), EN: q.Get("label_en")}}})
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return dhakira.Errorf(dhakira.EINVALID, "multipart body: %v", err)
	}
	var meta dhakira.File
	n := 0
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return bodyError(err)
		}
		if p.FileName() == "" {
			v, err := io.ReadAll(io.LimitReader(p, 4096))
			if err != nil {
				return bodyError(err)
			}
			val := strings.TrimSpace(string(v))
			switch p.FormName() {
			case "role":
				meta.Role = dhakira.FileRole(val)
			case "lang":
				meta.Lang = val
			case "label_ar":
				meta.Label.AR = val
			case "label_en":
				meta.Label.EN = val
			}
			continue
		}
		f := meta
		f.Name = p.FileName()
		if err := fn(upload{body: p, file: f}); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return dhakira.Errorf(dhakira.EINVALID, "no file in the form")
	}
	return nil
}

// bodyError says why a request's body could not be read: too large, or
// cut.
func bodyError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return dhakira.TooLarge(tooBig.Limit)
	}
	if dhakira.ErrorCode(err) != dhakira.EINTERNAL {
		return err
	}
	return dhakira.Errorf(dhakira.EINVALID, "the request body could not be read: %v", err)
}

// handleAPIAddFile adds the request's file (or files) to a record, all in
// one new revision or none, and answers the file's JSON (a list of them
// for several) with the record's new ETag.
func (s *Server) handleAPIAddFile(w http.ResponseWriter, r *http.Request) {
	code, ok := s.pathCode(w, r)
	if !ok {
		return
	}
	ctx, ok := s.writeContext(w, r)
	if !ok {
		return
	}
	base, present, err := parseIfMatch(r.Header.Get("If-Match"))
	switch {
	case !present:
		writeJSON(w, http.StatusPreconditionRequired, apiErrorBody{Error: "If-Match is required: send the ETag of the revision you add the file to, as a GET of the record gave it"})
		return
	case err != nil:
		writeJSON(w, http.StatusBadRequest, apiErrorBody{Error: err.Error()})
		return
	}
	http.NewResponseController(w).SetReadDeadline(time.Time{}) // a file of GBs takes its time
	added, rev, err := s.bo.AddFiles(ctx, code, base, func(add func(io.Reader, dhakira.File) error) error {
		return eachUpload(r, func(u upload) error { return add(&bodyReader{u.body}, u.file) })
	}, r.URL.Query().Get("note"))
	if err != nil {
		if dhakira.ErrorCode(err) == dhakira.ESTALE {
			s.staleFail(w, r, ctx, code, err)
			return
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			err = dhakira.TooLarge(s.fileLimit)
		}
		if strings.Contains(err.Error(), "larger than the limit") {
			writeJSON(w, http.StatusRequestEntityTooLarge, apiErrorBody{Error: err.Error(), Limit: s.fileLimit})
			return
		}
		s.apiFail(w, r, err, "")
		return
	}
	w.Header().Set("ETag", etag(rev))
	w.Header().Set("Location", "/files/"+added[len(added)-1].SHA256)
	if len(added) == 1 {
		writeJSON(w, http.StatusCreated, added[0])
		return
	}
	writeJSON(w, http.StatusCreated, added)
}

// bodyReader turns a body over its limit into the domain's error.
type bodyReader struct{ r io.Reader }

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return n, fmt.Errorf("%w", dhakira.TooLarge(tooBig.Limit))
		}
	}
	return n, err
}
