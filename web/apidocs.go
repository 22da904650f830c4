package web

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dhakira/dhakira/internal/jsontree"
	"github.com/dhakira/dhakira/locale"
)

// The API is described once, in openapi.json (OpenAPI 3.1): served as it
// is at /api/v1/openapi.json for tools, and turned into the page
// /{lang}/api for people. Its texts are in English, each with its Arabic
// beside it in an extension field (x-summary-ar, x-description-ar,
// x-name-ar, x-title-ar), so that the page is whole in both languages.
// The tests hold the document to the handlers: every route under /api/
// (and every other machine-readable one) is in it, and every operation in
// it answers as it says.

//go:embed openapi.json
var openAPIJSON []byte

// openAPIETag is the document's ETag: it changes only with the program.
var openAPIETag = func() string {
	sum := sha256.Sum256(openAPIJSON)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}()

// openAPIDoc is the document, parsed once.
var openAPIDoc = sync.OnceValues(func() (*jsontree.Node, error) { return jsontree.Parse(openAPIJSON) })

// apiDocsRoutes adds the API's description: the document, and the page.
func (s *Server) apiDocsRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/openapi.json", s.handleOpenAPI)
	mux.HandleFunc("GET /api/{$}", s.handleAPIDocsRoot)
	for _, lang := range locale.Langs {
		mux.HandleFunc("GET /"+lang+"/api", s.withLang(lang, s.handleAPIDocs))
	}
}

// handleOpenAPI serves the document as it is embedded, to tools of any
// site.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("ETag", openAPIETag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(openAPIJSON))
}

// handleAPIDocsRoot sends /api/ to the page in the reader's language.
func (s *Server) handleAPIDocsRoot(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Vary", "Accept-Language")
	http.Redirect(w, r, "/"+locale.FromAccept(r.Header.Get("Accept-Language"))+"/api", http.StatusFound)
}

// handleAPIDocs shows the document as a page in lang.
func (s *Server) handleAPIDocs(w http.ResponseWriter, r *http.Request, lang string) {
	doc, err := openAPIDoc()
	if err != nil {
		s.serverError(w, r, lang, fmt.Errorf("openapi.json: %w", err))
		return
	}
	p := s.newPage(lang, "api_docs", r.URL)
	p.Title = p.T("api_title")
	v, err := newAPIDocsView(doc, p.Translator, s.absURL(r, ""))
	if err != nil {
		s.serverError(w, r, lang, fmt.Errorf("openapi.json: %w", err))
		return
	}
	p.Data = v
	s.render(w, r, p)
}

// apiDocsView is the page: the document's texts in the page's language,
// its operations grouped by tag, and its schemas.
type apiDocsView struct {
	Title   docText
	Intro   docText
	Version string
	SpecURL string
	BaseURL string
	Auth    []apiAuth
	Groups  []apiGroup
	Schemas []apiSchema
}

// docText is a text of the document as the page shows it: in the page's
// language when the document has it, else in English, marked; made of
// paragraphs of plain text and `code`.
type docText struct {
	Lang, Dir string
	Fallback  bool
	Mark      string
	Paras     [][]textPart
}

// textPart is a piece of a paragraph: text, or code.
type textPart struct {
	Text string
	Code bool
}

// Empty reports whether there is no text.
func (t docText) Empty() bool { return len(t.Paras) == 0 }

// apiAuth is a security scheme: what a request sends, and what it is.
type apiAuth struct {
	ID     string
	Header string // what a request sends, as "Authorization: Bearer dhk_…"
	Desc   docText
}

// apiGroup is a tag of the document and its operations.
type apiGroup struct {
	ID   string
	Name docText
	Desc docText
	Ops  []*apiOp
}

// apiOp is an operation as the page shows it.
type apiOp struct {
	ID      string
	Method  string // GET, POST, ...
	Path    string
	Summary docText
	Desc    docText
	Access  []apiAccess // who may: the public, the security schemes
	Params  []apiParam
	Body    *apiBody
	Resps   []apiResp
	Curl    string
	Example string // an example answer, as indented JSON
	Anchor  string
}

// MethodClass is the method as a CSS class.
func (op *apiOp) MethodClass() string { return "method-" + strings.ToLower(op.Method) }

// apiAccess is one way to be allowed an operation, with the section of
// the page that explains it.
type apiAccess struct {
	Label  string
	Anchor string
}

// apiParam is a parameter of an operation.
type apiParam struct {
	Name     string
	In       string // as the page says it: "path", "query", ...
	Required bool
	Type     apiType
	Desc     docText
}

// apiBody is the request body an operation takes.
type apiBody struct {
	Required bool
	Media    []apiMedia
	Desc     docText
}

// apiResp is one of an operation's answers.
type apiResp struct {
	Status  string
	Desc    docText
	Media   []apiMedia
	Headers []string
}

// apiMedia is a content type and its schema.
type apiMedia struct {
	Type   string
	Schema apiType
}

// Named reports whether the schema is worth naming beside the content
// type: one of the document's, or a list of them.
func (m apiMedia) Named() bool { return m.Schema.Ref != "" || m.Schema.Of != "" }

// media lists the content types of a content object with their schemas.
func media(tr *locale.Translator, content *jsontree.Node) []apiMedia {
	var out []apiMedia
	for _, t := range content.KeyList() {
		out = append(out, apiMedia{Type: t, Schema: schemaType(tr, content.Get(t, "schema"))})
	}
	return out
}

// apiType is a schema as a table cell: a type name or a link to a schema
// of the document, maybe an "array of" them, and what else restricts it.
type apiType struct {
	Of          string // "array of", in the page's language, for an array
	Ref         string // the name of a schema of the document
	Name        string // a JSON type, when Ref is ""
	Format      string
	Values      *apiType // an object's values, as a facet's counts
	ValuesLabel string
	Facts       []apiFact // allowed values, default, pattern
}

// apiFact is a restriction of a type, as "Values: a, b".
type apiFact struct {
	Label  string
	Values []string
	Sep    string // between values, in the page's language
}

// apiSchema is a schema of the document's components, with its
// properties.
type apiSchema struct {
	Name  string
	Desc  docText
	Type  apiType
	Props []apiProp
}

// apiProp is a property of a schema.
type apiProp struct {
	Name     string
	Type     apiType
	Required bool
	ReadOnly bool
	Desc     docText
}

// opMethods are the operations of a path item, in the order the page
// lists them.
var opMethods = []string{"get", "put", "post", "delete", "patch", "head", "options"}

// newAPIDocsView reads the page out of the document, in tr's language,
// with examples on the site at base. It fails on what the page cannot
// show: an operation without an id, a tag or responses, a path parameter
// without an example.
func newAPIDocsView(doc *jsontree.Node, tr *locale.Translator, base string) (*apiDocsView, error) {
	info := doc.Get("info")
	v := &apiDocsView{
		Title:   localized(tr, info, "title", "x-title-ar"),
		Intro:   localized(tr, info, "description", "x-description-ar"),
		Version: info.Str("version"),
		SpecURL: "/api/v1/openapi.json",
		BaseURL: base,
	}
	schemes := doc.Get("components", "securitySchemes")
	for _, id := range schemes.KeyList() {
		sc := schemes.Get(id)
		a := apiAuth{ID: id, Desc: localized(tr, sc, "description", "x-description-ar")}
		switch sc.Str("type") + "/" + sc.Str("in") {
		case "http/":
			a.Header = "Authorization: " + titleCase(sc.Str("scheme")) + " " + sc.Str("bearerFormat")
		case "apiKey/cookie":
			a.Header = "Cookie: " + sc.Str("name") + "=…"
		case "apiKey/header":
			a.Header = sc.Str("name") + ": …"
		}
		v.Auth = append(v.Auth, a)
	}
	groups := map[string]int{} // tag name → index in v.Groups
	for _, tag := range doc.Get("tags").ItemList() {
		name := tag.Str("name")
		groups[name] = len(v.Groups)
		g := apiGroup{ID: "tag-" + name, Name: localized(tr, tag, "x-displayName", "x-name-ar"), Desc: localized(tr, tag, "description", "x-description-ar")}
		if g.Name.Empty() {
			g.Name = localized(tr, tag, "name", "x-name-ar")
		}
		v.Groups = append(v.Groups, g)
	}
	paths := doc.Get("paths")
	for _, path := range paths.KeyList() {
		item := doc.Deref(paths.Get(path))
		for _, m := range opMethods {
			opn := item.Get(m)
			if opn == nil {
				continue
			}
			op, err := newAPIOp(doc, tr, base, path, m, item, opn)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", strings.ToUpper(m), path, err)
			}
			tags := opn.Get("tags").Strings()
			if len(tags) == 0 {
				return nil, fmt.Errorf("%s %s: no tag", op.Method, path)
			}
			for i, t := range tags {
				j, ok := groups[t]
				if !ok {
					return nil, fmt.Errorf("%s %s: unknown tag %q", op.Method, path, t)
				}
				o := op
				if i > 0 { // listed again under another tag, with its own anchor
					c := *op
					c.Anchor = op.Anchor + "-" + t
					o = &c
				}
				v.Groups[j].Ops = append(v.Groups[j].Ops, o)
			}
		}
	}
	v.Groups = slices.DeleteFunc(v.Groups, func(g apiGroup) bool { return len(g.Ops) == 0 })
	schemas := doc.Get("components", "schemas")
	for _, name := range schemas.KeyList() {
		sn := schemas.Get(name)
		sc := apiSchema{Name: name, Desc: localized(tr, sn, "description", "x-description-ar"), Type: schemaType(tr, sn)}
		sc.Props = schemaProps(doc, tr, "", sn)
		v.Schemas = append(v.Schemas, sc)
	}
	return v, nil
}

// newAPIOp reads the operation opn of path item item.
func newAPIOp(doc *jsontree.Node, tr *locale.Translator, base, path, method string, item, opn *jsontree.Node) (*apiOp, error) {
	op := &apiOp{
		ID:      opn.Str("operationId"),
		Method:  strings.ToUpper(method),
		Path:    path,
		Summary: localized(tr, opn, "summary", "x-summary-ar"),
		Desc:    localized(tr, opn, "description", "x-description-ar"),
	}
	if op.ID == "" {
		return nil, errors.New("no operationId")
	}
	op.Anchor = "op-" + op.ID
	sec := opn.Get("security")
	if sec == nil {
		sec = doc.Get("security")
	}
	public := len(sec.ItemList()) == 0 // no requirement, or an empty one
	for _, req := range sec.ItemList() {
		if len(req.Keys) == 0 {
			public = true
		}
	}
	if public {
		op.Access = append(op.Access, apiAccess{Label: tr.T("api_access_public")})
	}
	for _, req := range sec.ItemList() {
		for _, k := range req.Keys {
			label := k
			switch k {
			case "bearerToken":
				label = tr.T("api_access_token")
			case "sessionCookie":
				label = tr.T("api_access_session")
			}
			op.Access = append(op.Access, apiAccess{Label: label, Anchor: "auth-" + k})
		}
	}
	for _, pn := range operationParams(doc, item, opn) {
		op.Params = append(op.Params, apiParam{
			Name:     pn.Str("name"),
			In:       tr.T("api_in_" + pn.Str("in")),
			Required: pn.Get("required").Truth(),
			Type:     schemaType(tr, pn.Get("schema")),
			Desc:     localized(tr, pn, "description", "x-description-ar"),
		})
	}
	if bn := doc.Deref(opn.Get("requestBody")); bn != nil {
		op.Body = &apiBody{Required: bn.Get("required").Truth(), Desc: localized(tr, bn, "description", "x-description-ar"), Media: media(tr, bn.Get("content"))}
	}
	resps := opn.Get("responses")
	for _, status := range resps.KeyList() {
		rn := doc.Deref(resps.Get(status))
		content := rn.Get("content")
		r := apiResp{Status: status, Desc: localized(tr, rn, "description", "x-description-ar"), Media: media(tr, content), Headers: rn.Get("headers").KeyList()}
		for _, t := range content.KeyList() {
			if ex := content.Get(t, "example"); ex != nil && op.Example == "" && strings.HasPrefix(status, "2") {
				op.Example = ex.Indented()
			}
		}
		op.Resps = append(op.Resps, r)
	}
	if len(op.Resps) == 0 {
		return nil, errors.New("no responses")
	}
	ex, err := exampleRequest(doc, path, method, item, opn)
	if err != nil {
		return nil, err
	}
	op.Curl = ex.curl(base, showsHeaders(doc, opn))
	return op, nil
}

// showsHeaders reports whether an operation's answer has headers worth
// showing in its example: a success or redirect that documents some.
func showsHeaders(doc, opn *jsontree.Node) bool {
	resps := opn.Get("responses")
	for _, status := range resps.KeyList() {
		if (strings.HasPrefix(status, "2") || strings.HasPrefix(status, "3")) && len(doc.Deref(resps.Get(status)).Get("headers").KeyList()) > 0 {
			return true
		}
	}
	return false
}

// operationParams are an operation's parameters, resolved: the path
// item's, unless the operation has its own of the same name and place.
func operationParams(doc *jsontree.Node, item, opn *jsontree.Node) []*jsontree.Node {
	var out []*jsontree.Node
	own := map[string]bool{}
	for _, p := range opn.Get("parameters").ItemList() {
		p = doc.Deref(p)
		own[p.Str("in")+" "+p.Str("name")] = true
		out = append(out, p)
	}
	var shared []*jsontree.Node
	for _, p := range item.Get("parameters").ItemList() {
		p = doc.Deref(p)
		if !own[p.Str("in")+" "+p.Str("name")] {
			shared = append(shared, p)
		}
	}
	return append(shared, out...)
}

// apiExample is the request an operation's examples make: the path
// parameters filled in, the required parameters and those with an
// example, the first security scheme's credentials, the example body.
type apiExample struct {
	Method      string
	Path        string // with the query
	Header      [][2]string
	Token       bool   // sends an API token
	Cookie      string // sends this session cookie, when the operation takes only that
	ContentType string
	Body        string
	form        [][2]string // the body's fields, when it is a form
	query       [][2]string
}

func exampleRequest(doc *jsontree.Node, path, method string, item, opn *jsontree.Node) (*apiExample, error) {
	ex := &apiExample{Method: strings.ToUpper(method), Path: path}
	for _, p := range operationParams(doc, item, opn) {
		name, in := p.Str("name"), p.Str("in")
		e := p.Get("example")
		if e == nil {
			if in == "path" {
				return nil, fmt.Errorf("path parameter %s has no example", name)
			}
			continue
		}
		val := e.Scalar()
		switch in {
		case "path":
			ex.Path = strings.Replace(ex.Path, "{"+name+"}", url.PathEscape(val), 1)
		case "query":
			ex.query = append(ex.query, [2]string{name, val})
		case "header":
			ex.Header = append(ex.Header, [2]string{name, val})
		}
	}
	if len(ex.query) > 0 {
		q := make([]string, len(ex.query))
		for i, kv := range ex.query {
			q[i] = url.QueryEscape(kv[0]) + "=" + url.QueryEscape(kv[1])
		}
		ex.Path += "?" + strings.Join(q, "&")
	}
	sec := opn.Get("security")
	if reqs := sec.ItemList(); len(reqs) > 0 && len(reqs[0].Keys) > 0 {
		switch first := reqs[0].Keys[0]; {
		case first == "bearerToken":
			ex.Token = true
		case doc.Get("components", "securitySchemes", first).Str("in") == "cookie":
			ex.Cookie = doc.Get("components", "securitySchemes", first).Str("name")
		}
	}
	if bn := doc.Deref(opn.Get("requestBody")); bn != nil {
		content := bn.Get("content")
		types := content.KeyList()
		if len(types) == 0 {
			return nil, errors.New("a request body without content")
		}
		ex.ContentType = types[0]
		e := content.Get(types[0]).Get("example")
		if e == nil {
			return nil, fmt.Errorf("no example of the %s body", types[0])
		}
		switch ex.ContentType {
		case "application/json":
			ex.Body = e.Compact()
		case "text/plain":
			ex.Body = e.Scalar()
		case "application/x-www-form-urlencoded":
			v := url.Values{}
			for _, k := range e.KeyList() {
				val := e.Get(k).Scalar()
				ex.form = append(ex.form, [2]string{k, val})
				v.Add(k, val)
			}
			ex.Body = v.Encode()
		default:
			return nil, fmt.Errorf("no example for a body of %s", ex.ContentType)
		}
	}
	return ex, nil
}

// curl is the example as a command line on the site at base; with
// headers, curl shows the answer's headers too.
func (ex *apiExample) curl(base string, headers bool) string {
	var lines []string
	cmd := "curl"
	if headers {
		cmd += " -i"
	}
	if ex.Method != "GET" && (ex.Method != "POST" || ex.Body == "") {
		cmd += " -X " + ex.Method // curl posts a body by itself
	}
	// Arabic values read better unescaped: curl encodes them itself.
	readable := true
	for _, kv := range ex.query {
		if url.QueryEscape(kv[1]) != kv[1] {
			readable = false
		}
	}
	u := strings.TrimRight(base, "/") + ex.Path
	if !readable {
		u, _, _ = strings.Cut(u, "?")
		cmd += " -G"
	}
	lines = append(lines, cmd+" "+shellQuote(u))
	if !readable {
		for _, kv := range ex.query {
			lines = append(lines, "--data-urlencode "+shellQuote(kv[0]+"="+kv[1]))
		}
	}
	if ex.Token {
		lines = append(lines, "-H "+shellQuote("Authorization: Bearer dhk_…"))
	}
	if ex.Cookie != "" {
		lines = append(lines, "-b "+shellQuote(ex.Cookie+"=…"))
	}
	for _, h := range ex.Header {
		lines = append(lines, "-H "+shellQuote(h[0]+": "+h[1]))
	}
	switch ex.ContentType {
	case "application/json":
		lines = append(lines, "-H "+shellQuote("Content-Type: application/json"), "--data-binary "+shellQuote(ex.Body))
	case "application/x-www-form-urlencoded":
		for _, kv := range ex.form {
			lines = append(lines, "--data-urlencode "+shellQuote(kv[0]+"="+kv[1]))
		}
	}
	return strings.Join(lines, " \\\n  ")
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// localized is the text of node's field en, or of its Arabic field ar on an
// Arabic page when the document has it.
func localized(tr *locale.Translator, n *jsontree.Node, en, ar string) docText {
	s, lang := n.Str(en), "en"
	if tr.Lang() == "ar" {
		if a := n.Str(ar); a != "" {
			s, lang = a, "ar"
		}
	}
	t := docText{Lang: lang, Dir: locale.Dir(lang)}
	if s != "" && lang != tr.Lang() {
		t.Fallback, t.Mark = true, tr.T("in_lang_"+lang)
	}
	for _, para := range strings.Split(s, "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		var parts []textPart
		for i, piece := range strings.Split(para, "`") {
			if piece != "" {
				parts = append(parts, textPart{Text: piece, Code: i%2 == 1})
			}
		}
		t.Paras = append(t.Paras, parts)
	}
	return t
}

// schemaType describes schema n in a few words.
func schemaType(tr *locale.Translator, n *jsontree.Node) apiType {
	if n == nil {
		return apiType{}
	}
	var t apiType
	switch {
	case n.Str("$ref") != "":
		t.Ref = strings.TrimPrefix(n.Str("$ref"), "#/components/schemas/")
	case n.Str("type") == "array":
		t = schemaType(tr, n.Get("items"))
		t.Of = tr.T("api_array_of")
	default:
		t.Name = n.Str("type")
		if t.Name == "" {
			t.Name = strings.Join(n.Get("type").Strings(), " | ")
		}
		t.Format = n.Str("format")
		if ap := n.Get("additionalProperties"); ap != nil && ap.Kind == 'o' {
			vt := schemaType(tr, ap)
			t.Values, t.ValuesLabel = &vt, tr.T("api_each_value")
		}
	}
	if e := n.Get("enum").Strings(); len(e) > 0 {
		t.Facts = append(t.Facts, apiFact{Label: tr.T("api_values"), Values: e, Sep: tr.T("list_separator")})
	}
	if d := n.Get("default"); d != nil {
		t.Facts = append(t.Facts, apiFact{Label: tr.T("api_default"), Values: []string{d.Scalar()}, Sep: tr.T("list_separator")})
	}
	if p := n.Str("pattern"); p != "" {
		t.Facts = append(t.Facts, apiFact{Label: tr.T("api_pattern"), Values: []string{p}, Sep: tr.T("list_separator")})
	}
	return t
}

// schemaProps lists an object schema's properties, and those of objects
// defined inline in it as prefix.name.
func schemaProps(doc *jsontree.Node, tr *locale.Translator, prefix string, n *jsontree.Node) []apiProp {
	var out []apiProp
	props := n.Get("properties")
	required := n.Get("required").Strings()
	for _, name := range props.KeyList() {
		pn := props.Get(name)
		desc := localized(tr, pn, "description", "x-description-ar")
		if desc.Empty() && pn.Str("$ref") != "" {
			desc = localized(tr, doc.Deref(pn), "description", "x-description-ar")
		}
		out = append(out, apiProp{
			Name:     prefix + name,
			Type:     schemaType(tr, pn),
			Required: slices.Contains(required, name),
			ReadOnly: pn.Get("readOnly").Truth(),
			Desc:     desc,
		})
		if pn.Str("$ref") == "" && pn.Get("properties") != nil {
			out = append(out, schemaProps(doc, tr, prefix+name+".", pn)...)
		}
	}
	return out
}
