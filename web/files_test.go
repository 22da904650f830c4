package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
)

// testFileLimit is the size limit of an upload in the tests.
const testFileLimit = 1 << 20

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// upload sends data as the raw body of POST …/files as role, with the
// record's current revision in If-Match, and returns the file.
func (b *boSite) upload(t testing.TB, role dhakira.Role, code, name string, data []byte) dhakira.File {
	t.Helper()
	_, rev := b.current(t, code)
	status, body, _ := b.apiBytes(t, role, "POST", "/api/v1/records/"+code+"/files?name="+name, "application/octet-stream", data, "If-Match", etag(rev))
	if status != http.StatusCreated {
		t.Fatalf("upload %s to %s: %d %s", name, code, status, body)
	}
	var f dhakira.File
	if err := json.Unmarshal([]byte(body), &f); err != nil {
		t.Fatal(err)
	}
	return f
}

func (b *boSite) apiBytes(t testing.TB, role dhakira.Role, method, path, ctype string, data []byte, header ...string) (int, string, *http.Response) {
	t.Helper()
	req, err := http.NewRequest(method, b.URL+path, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	if role != nobody {
		req.Header.Set("Authorization", "Bearer "+b.tokens[role])
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp
}

func TestFilesRanges(t *testing.T) {
	b := newBackOffice(t)
	data := []byte("%PDF-1.4\n" + strings.Repeat("0123456789", 100))
	f := b.upload(t, dhakira.Admin, "DOC-000001", "statement.pdf", data)
	if f.SHA256 != sum(data) || f.Type != "application/pdf" || f.Size != int64(len(data)) || f.Name != "statement.pdf" || f.Role != dhakira.RoleOriginal {
		t.Fatalf("uploaded: %+v", f)
	}
	r, rev := b.current(t, "DOC-000001")
	if len(r.Files) != 1 || r.Files[0] != f || rev != 2 {
		t.Fatalf("record after the upload (revision %d): %+v", rev, r.Files)
	}
	get := func(rng string) (int, string, http.Header) {
		t.Helper()
		req, _ := http.NewRequest("GET", b.URL+"/files/"+f.SHA256, nil)
		if rng != "" {
			req.Header.Set("Range", rng)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body), resp.Header
	}
	status, body, h := get("")
	if status != 200 || body != string(data) || h.Get("Content-Type") != "application/pdf" || h.Get("ETag") != `"`+f.SHA256+`"` ||
		h.Get("Accept-Ranges") != "bytes" || !strings.Contains(h.Get("Cache-Control"), "immutable") {
		t.Errorf("whole file: %d %v", status, h)
	}
	n := len(data)
	for _, tc := range []struct {
		rng, want, contentRange string
	}{
		{"bytes=0-0", "%", fmt.Sprintf("bytes 0-0/%d", n)},
		{"bytes=500-509", string(data[500:510]), fmt.Sprintf("bytes 500-509/%d", n)},
		{"bytes=-10", string(data[n-10:]), fmt.Sprintf("bytes %d-%d/%d", n-10, n-1, n)},
	} {
		status, body, h := get(tc.rng)
		if status != http.StatusPartialContent || body != tc.want || h.Get("Content-Range") != tc.contentRange {
			t.Errorf("%s: %d %q %q", tc.rng, status, body, h.Get("Content-Range"))
		}
	}
	if status, _, h := get(fmt.Sprintf("bytes=%d-", n)); status != http.StatusRequestedRangeNotSatisfiable || h.Get("Content-Range") != fmt.Sprintf("bytes */%d", n) {
		t.Errorf("beyond the end: %d %v", status, h)
	}
	// The ETag is the hash: a reader that has the file gets 304.
	req, _ := http.NewRequest("GET", b.URL+"/files/"+f.SHA256, nil)
	req.Header.Set("If-None-Match", `"`+f.SHA256+`"`)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %v %v", resp.StatusCode, err)
	}
	// The same bytes again are the same file, and a record carries a file once.
	status, body, _ = b.apiBytes(t, dhakira.Admin, "POST", "/api/v1/records/DOC-000001/files?name=again.pdf", "application/pdf", data, "If-Match", etag(2))
	if status != http.StatusConflict {
		t.Errorf("the same file twice: %d %s", status, body)
	}
	for _, p := range []string{"/files/" + strings.Repeat("0", 64), "/files/XYZ", "/files/" + f.SHA256 + "/poster.jpg", "/files/" + f.SHA256 + "/..%2f..%2farchive.db"} {
		if status, _, _ := b.api(t, nobody, "GET", p, ""); status != 404 {
			t.Errorf("%s: %d", p, status)
		}
	}
}

func TestFilesUploadAPI(t *testing.T) {
	b := newBackOffice(t)
	data := []byte("\x89PNG\r\n\x1a\nsmall picture")
	// No token, no If-Match, a stale one, a role that may not edit a
	// published record, too large: refused, nothing added.
	for _, tc := range []struct {
		role   dhakira.Role
		header []string
		data   []byte
		want   int
	}{
		{nobody, []string{"If-Match", `"1"`}, data, http.StatusUnauthorized},
		{dhakira.Admin, nil, data, http.StatusPreconditionRequired},
		{dhakira.Admin, []string{"If-Match", `"7"`}, data, http.StatusPreconditionFailed},
		{dhakira.Researcher, []string{"If-Match", `"1"`}, data, http.StatusForbidden},
		{dhakira.Admin, []string{"If-Match", `"1"`}, bytes.Repeat([]byte("x"), testFileLimit+1), http.StatusRequestEntityTooLarge},
	} {
		status, body, _ := b.apiBytes(t, tc.role, "POST", "/api/v1/records/PER-000001/files?name=p.png", "image/png", tc.data, tc.header...)
		if status != tc.want {
			t.Errorf("%s %v: %d %s, want %d", tc.role, tc.header, status, body, tc.want)
		}
	}
	if r, rev := b.current(t, "PER-000001"); len(r.Files) != 0 || rev != 1 {
		t.Fatalf("a refused upload changed the record: %d %+v", rev, r.Files)
	}
	// Several files are added all together or not at all: a form whose
	// second file is too large adds neither.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", "photo.png")
	w.Write(data)
	w, _ = mw.CreateFormFile("file", "huge.bin")
	w.Write(bytes.Repeat([]byte("x"), testFileLimit+1))
	mw.Close()
	if status, body, _ := b.apiBytes(t, dhakira.Admin, "POST", "/api/v1/records/PER-000001/files", mw.FormDataContentType(), buf.Bytes(), "If-Match", `"1"`); status != http.StatusRequestEntityTooLarge {
		t.Errorf("a form with a file too large: %d %s", status, body)
	}
	if r, rev := b.current(t, "PER-000001"); len(r.Files) != 0 || rev != 1 {
		t.Fatalf("half a form was added: revision %d, %+v", rev, r.Files)
	}
	// A multipart form with two files and their caption: one revision.
	buf.Reset()
	mw = multipart.NewWriter(&buf)
	mw.WriteField("role", "attachment")
	mw.WriteField("label_ar", "صورة")
	mw.WriteField("label_en", "Photo")
	w, _ = mw.CreateFormFile("file", "photo.png")
	w.Write(data)
	w, _ = mw.CreateFormFile("file", "notes.txt")
	w.Write([]byte("نص"))
	mw.Close()
	status, body, resp := b.apiBytes(t, dhakira.Admin, "POST", "/api/v1/records/PER-000001/files", mw.FormDataContentType(), buf.Bytes(), "If-Match", `"1"`)
	if status != http.StatusCreated || resp.Header.Get("ETag") != `"2"` {
		t.Fatalf("multipart: %d %s %v", status, body, resp.Header)
	}
	r, _ := b.current(t, "PER-000001")
	if len(r.Files) != 2 || r.Files[0].Type != "image/png" || r.Files[1].Type != "text/plain; charset=utf-8" || r.Files[1].Label.EN != "Photo" || r.Files[1].Role != dhakira.RoleAttachment {
		t.Errorf("files: %+v", r.Files)
	}
	// A PUT naming a file the archive does not have is refused; one
	// lying about a file's type is corrected from the store.
	r.Files[0].Type = "text/html"
	r.Files = append(r.Files, dhakira.File{SHA256: strings.Repeat("f", 64), Name: "x"})
	js, _ := json.Marshal(r)
	status, body, _ = b.api(t, dhakira.Admin, "PUT", "/api/v1/records/PER-000001", string(js), "If-Match", `"2"`)
	if status != http.StatusUnprocessableEntity && status != http.StatusBadRequest || !strings.Contains(body, "files[2].sha256") {
		t.Errorf("unknown file: %d %s", status, body)
	}
	r.Files = r.Files[:2]
	js, _ = json.Marshal(r)
	if status, body, _ := b.api(t, dhakira.Admin, "PUT", "/api/v1/records/PER-000001", string(js), "If-Match", `"2"`); status != 200 {
		t.Fatalf("put: %d %s", status, body)
	}
	if r, _ := b.current(t, "PER-000001"); r.Files[0].Type != "image/png" {
		t.Errorf("the type came from the client: %+v", r.Files[0])
	}
	// A path is an import's, never the API's.
	r.Files = append(r.Files, dhakira.File{Path: "/etc/passwd"})
	js, _ = json.Marshal(r)
	if status, body, _ := b.api(t, dhakira.Admin, "PUT", "/api/v1/records/PER-000001", string(js), "If-Match", `"2"`); status == 200 || !strings.Contains(body, "files[2].path") {
		t.Errorf("a path through the API: %d %s", status, body)
	}
}

// TestFilesNeverPublic: a draft's file, a withdrawn record's and a file
// removed from a published record answer 404 to the public at /files/
// and appear at no public door; the team still gets them.
func TestFilesNeverPublic(t *testing.T) {
	b := newBackOffice(t)
	draft := b.upload(t, dhakira.Admin, "DOC-000005", "secret.pdf", []byte("%PDF-1.4 draft secret"))
	removed := b.upload(t, dhakira.Admin, "DOC-000002", "removed.pdf", []byte("%PDF-1.4 removed"))
	withdrawn := b.upload(t, dhakira.Admin, "DOC-000003", "withdrawn.pdf", []byte("%PDF-1.4 withdrawn"))
	public := b.upload(t, dhakira.Admin, "DOC-000001", "public.pdf", []byte("%PDF-1.4 public"))
	r, rev := b.current(t, "DOC-000002")
	r.Files = nil
	if _, err := b.svc.Update(b.as(dhakira.Admin), r, rev, "remove"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.svc.SetStatus(b.as(dhakira.Admin), "DOC-000003", dhakira.Withdrawn, "test"); err != nil {
		t.Fatal(err)
	}
	for _, f := range []dhakira.File{draft, removed, withdrawn} {
		if status, _, _ := b.api(t, nobody, "GET", "/files/"+f.SHA256, ""); status != 404 {
			t.Errorf("%s to the public: %d", f.Name, status)
		}
		if status, _, _ := b.api(t, nobody, "GET", "/files/"+f.SHA256+"?download=1", "", "Range", "bytes=0-1"); status != 404 {
			t.Errorf("%s to the public, by range: %d", f.Name, status)
		}
		if status, _, _ := b.api(t, dhakira.Researcher, "GET", "/files/"+f.SHA256, ""); status != 200 {
			t.Errorf("%s to the team: %d", f.Name, status)
		}
	}
	if status, _, _ := b.api(t, nobody, "GET", "/files/"+public.SHA256, ""); status != 200 {
		t.Errorf("the public file: %d", status)
	}
	// The public file is at the doors that describe its record.
	for _, door := range []struct{ path, accept, want string }{
		{"/api/v1/records/DOC-000001", "application/ld+json", `"contentUrl": "` + b.URL + `/files/` + public.SHA256 + `"`},
		{"/en/records/DOC-000001", "", `"encodingFormat":"application/pdf"`},
		{"/api/v1/records/DOC-000001", "", `"sha256": "` + public.SHA256 + `"`},
		{"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:dhakira:DOC-000001", "", `/files/` + public.SHA256 + `</dc:relation>`},
	} {
		_, body, _ := b.api(t, nobody, "GET", door.path, "", "Accept", door.accept)
		if !strings.Contains(body, door.want) {
			t.Errorf("%s (%s) without %s\n%s", door.path, door.accept, door.want, excerptOf(body))
		}
	}
	for _, door := range publicDoors {
		_, body, _ := b.api(t, nobody, "GET", door, "")
		for _, f := range []dhakira.File{draft, removed, withdrawn} {
			if strings.Contains(body, f.SHA256) || strings.Contains(body, f.Name) {
				t.Errorf("%s shows %s", door, f.Name)
			}
		}
	}
}

// publicDoors are the public addresses that list records and might list
// their files.
var publicDoors = []string{
	"/ar/records/DOC-000002", "/en/records/DOC-000002", "/en/records/DOC-000001",
	"/api/v1/records/DOC-000002", "/api/v1/records/DOC-000005", "/api/v1/records/DOC-000003",
	"/en/records/DOC-000005", "/en/records/DOC-000003",
	"/oai?verb=ListRecords&metadataPrefix=oai_dc", "/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:dhakira:DOC-000005",
	"/sitemap.xml", "/sitemap-records.xml", "/ar/feed.atom", "/en/feed.atom", "/en/browse/document/feed.atom",
	"/api/v1/records/DOC-000002.ead3.xml", "/api/v1/records/DOC-000005.ead3.xml",
	"/en/search?q=secret", "/api/v1/search?q=secret",
}

// TestAdminFiles: the editor's plain upload form adds several files as
// revisions; the editor form reorders them, captions them and removes one
// as a new revision, the earlier ones keeping it.
func TestAdminFiles(t *testing.T) {
	b := newAdminSite(t, false)
	m := b.login(t, reviewerEmail)
	page := m.page(t, "/en/admin/records/DOC-000002/edit", 200)
	if !strings.Contains(page, `enctype="multipart/form-data"`) || !strings.Contains(page, `type="file" name="file" multiple`) {
		t.Fatal("no upload form on the editor")
	}
	action := regexp.MustCompile(`<form class="upload-form" method="post" action="([^"]+)"`).FindStringSubmatch(page)
	if action == nil {
		t.Fatal("no upload form action")
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range []struct{ name, data string }{{"scan.pdf", "%PDF-1.4 scan"}, {"photo.png", "\x89PNG\r\n\x1a\nphoto"}} {
		w, _ := mw.CreateFormFile("file", f.name)
		io.WriteString(w, f.data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", b.URL+html.UnescapeString(action[1]), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	status, body, resp := m.do(t, req)
	if status != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "uploaded=2") {
		t.Fatalf("upload: %d %s %s", status, resp.Header.Get("Location"), excerptOf(body))
	}
	r, info := b.record(t, "DOC-000002")
	if len(r.Files) != 2 || info.Revision != 2 || r.Files[0].Name != "scan.pdf" || r.Files[1].Type != "image/png" {
		t.Fatalf("after the upload (revision %d): %+v", info.Revision, r.Files)
	}
	// Reorder, caption, and save.
	page = m.page(t, "/en/admin/records/DOC-000002/edit", 200)
	form := editorForm(t, page)
	form.Set("action", "save")
	form["file_pos"] = []string{"2", "1"}
	form["file_label_ar"] = []string{"مسح ضوئي", ""}
	form["file_label_en"] = []string{"Scan", "<b>Photo</b>"}
	if status, body, _ := m.post(t, "/en/admin/records/DOC-000002/edit", form); status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", status, excerptOf(body))
	}
	r, info = b.record(t, "DOC-000002")
	if len(r.Files) != 2 || r.Files[0].Name != "photo.png" || r.Files[1].Label.AR != "مسح ضوئي" || r.Files[0].Label.EN != "<b>Photo</b>" || r.Files[1].Type != "application/pdf" {
		t.Fatalf("after reordering: %+v", r.Files)
	}
	page = m.page(t, "/en/admin/records/DOC-000002/edit", 200)
	if strings.Contains(page, "<b>Photo</b>") || !strings.Contains(page, "&lt;b&gt;Photo&lt;/b&gt;") {
		t.Error("a caption is not escaped in the editor")
	}
	// Remove the photo: a new revision; the bytes and the old revision stay.
	form = editorForm(t, page)
	form.Set("action", "save")
	form.Add("file_remove", r.Files[0].SHA256)
	if status, body, _ := m.post(t, "/en/admin/records/DOC-000002/edit", form); status != http.StatusSeeOther {
		t.Fatalf("remove: %d %s", status, excerptOf(body))
	}
	r2, info2 := b.record(t, "DOC-000002")
	if len(r2.Files) != 1 || r2.Files[0].Name != "scan.pdf" || info2.Revision != info.Revision+1 {
		t.Fatalf("after removing: %d %+v", info2.Revision, r2.Files)
	}
	if _, err := b.files.Stat(context.Background(), r.Files[0].SHA256); err != nil {
		t.Errorf("the removed file's bytes: %v", err)
	}
	if status, _, _ := m.get(t, "/files/"+r.Files[0].SHA256); status != 200 {
		t.Errorf("the team lost the removed file: %d", status)
	}
	if status, _, _ := b.anonymous(t).get(t, "/files/"+r.Files[0].SHA256); status != 404 {
		t.Errorf("the public gets the removed file: %d", status)
	}
	// A researcher may not upload to a published record.
	researcher := b.login(t, researcherEmail)
	buf.Reset()
	mw = multipart.NewWriter(&buf)
	w, _ := mw.CreateFormFile("file", "x.txt")
	io.WriteString(w, "text")
	mw.Close()
	req, _ = http.NewRequest("POST", b.URL+"/en/admin/records/DOC-000002/files?base="+fmt.Sprint(info2.Revision), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if status, _, _ := researcher.do(t, req); status != http.StatusForbidden {
		t.Errorf("a researcher's upload to a published record: %d", status)
	}
	// From another site, the browser's own headers refuse it (CSRF).
	req, _ = http.NewRequest("POST", b.URL+"/en/admin/records/DOC-000002/files?base=1", strings.NewReader("x"))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if status, _, _ := m.do(t, req); status != http.StatusForbidden {
		t.Errorf("a cross-site upload: %d", status)
	}
}
