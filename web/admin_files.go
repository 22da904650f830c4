package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
)

// adminFileRow is one file in the editor: what it is, and the fields the
// team may change (order, role, language, captions; removal).
type adminFileRow struct {
	dhakira.File
	N        int    // its position, from 1
	Field    string // "files[0]": where its problems are
	URL      string // /files/{sha256}
	SizeText string
}

// editorFiles lists the record's files in the editor.
func (v *adminEditorView) editorFiles(rec *dhakira.Record) {
	for i, f := range rec.Files {
		v.Files = append(v.Files, adminFileRow{File: f, N: i + 1, Field: fmt.Sprintf("files[%d]", i), URL: "/files/" + f.SHA256, SizeText: dhakira.FormatSize(f.Size)})
	}
}

// Roles are the choices of a file's role.
func (v *adminEditorView) Roles() []string {
	return []string{string(dhakira.RoleOriginal), string(dhakira.RoleAccess), string(dhakira.RoleTranscript), string(dhakira.RoleAttachment)}
}

// files reads the editor's file rows: in the order of their position
// numbers, less those ticked for removal. Type and size come from the
// file store when the record is saved, never from the form.
func (e *formReader) files() []dhakira.File {
	shas := e.pf["file_sha"]
	at := func(name string, i int) string {
		if vs := e.pf[name]; i < len(vs) {
			return strings.TrimSpace(vs[i])
		}
		return ""
	}
	removed := map[string]bool{}
	for _, s := range e.pf["file_remove"] {
		removed[s] = true
	}
	type row struct {
		pos int
		f   dhakira.File
	}
	var rows []row
	for i, sha := range shas {
		if removed[sha] {
			continue
		}
		pos, err := strconv.Atoi(at("file_pos", i))
		if err != nil {
			pos = i + 1
		}
		rows = append(rows, row{pos, dhakira.File{SHA256: strings.TrimSpace(sha), Name: at("file_name", i), Role: dhakira.FileRole(at("file_role", i)),
			Lang: at("file_lang", i), Label: dhakira.Text{AR: at("file_label_ar", i), EN: at("file_label_en", i)}}})
	}
	slices.SortStableFunc(rows, func(a, b row) int { return a.pos - b.pos })
	var out []dhakira.File
	for _, r := range rows {
		out = append(out, r.f)
	}
	return out
}

// handleAdminUpload takes the files of the editor's upload form (a plain
// multipart form: it works without JavaScript; with it, admin.js sends
// the same form with a progress bar and takes dropped files), all in one
// new revision of the record or none, and goes back to the editor.
func (s *Server) handleAdminUpload(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User) {
	code := r.PathValue("code")
	p := s.adminPage(r, lang, "admin_editor", u)
	base, err := strconv.Atoi(r.URL.Query().Get("base"))
	if err != nil {
		http.Error(w, "the upload names no revision", http.StatusBadRequest)
		return
	}
	http.NewResponseController(w).SetReadDeadline(time.Time{}) // a file of GBs takes its time
	added, rev, err := s.bo.AddFiles(r.Context(), code, base, func(add func(io.Reader, dhakira.File) error) error {
		return eachUpload(r, func(up upload) error { return add(up.body, up.file) })
	}, "")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			err = dhakira.TooLarge(s.fileLimit)
		}
		if c := dhakira.ErrorCode(err); c == dhakira.EINVALID || c == dhakira.ECONFLICT || c == dhakira.ESTALE {
			seeOther(w, r, p.EditorURL(code), "upload_error", err.Error())
			return
		}
		s.adminFail(w, r, lang, err)
		return
	}
	seeOther(w, r, p.EditorURL(code), "saved", strconv.Itoa(rev), "uploaded", strconv.Itoa(len(added)))
}

// UploadURL is where the editor's upload form goes: the record's files,
// added on top of the revision the editor shows.
func (v *adminEditorView) UploadURL() string {
	if v.New || v.Code == "" {
		return ""
	}
	return v.p.AdminURL("/records/"+url.PathEscape(v.Code)+"/files") + "?base=" + strconv.Itoa(v.Base)
}
