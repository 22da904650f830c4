package web

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

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
var openAPIDoc = sync.OnceValues(func() (*jnode, error) { return parseJSON(openAPIJSON) })

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
func media(tr *locale.Translator, content *jnode) []apiMedia {
	var out []apiMedia
	for _, t := range content.keyList() {
		out = append(out, apiMedia{Type: t, Schema: schemaType(tr, content.get(t, "schema"))})
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
func newAPIDocsView(doc *jnode, tr *locale.Translator, base string) (*apiDocsView, error) {
	info := doc.get("info")
	v := &apiDocsView{
		Title:   localized(tr, info, "title", "x-title-ar"),
		Intro:   localized(tr, info, "description", "x-description-ar"),
		Version: info.str("version"),
		SpecURL: "/api/v1/openapi.json",
		BaseURL: base,
	}
	schemes := doc.get("components", "securitySchemes")
	for _, id := range schemes.keyList() {
		sc := schemes.get(id)
		a := apiAuth{ID: id, Desc: localized(tr, sc, "description", "x-description-ar")}
		switch sc.str("type") + "/" + sc.str("in") {
		case "http/":
			a.Header = "Authorization: " + titleCase(sc.str("scheme")) + " " + sc.str("bearerFormat")
		case "apiKey/cookie":
			a.Header = "Cookie: " + sc.str("name") + "=…"
		case "apiKey/header":
			a.Header = sc.str("name") + ": …"
		}
		v.Auth = append(v.Auth, a)
	}
	groups := map[string]int{} // tag name → index in v.Groups
	for _, tag := range doc.get("tags").itemsOrNil() {
		name := tag.str("name")
		groups[name] = len(v.Groups)
		g := apiGroup{ID: "tag-" + name, Name: localized(tr, tag, "x-displayName", "x-name-ar"), Desc: localized(tr, tag, "description", "x-description-ar")}
		if g.Name.Empty() {
			g.Name = localized(tr, tag, "name", "x-name-ar")
		}
		v.Groups = append(v.Groups, g)
	}
	paths := doc.get("paths")
	for _, path := range paths.keyList() {
		item := doc.deref(paths.get(path))
		for _, m := range opMethods {
			opn := item.get(m)
			if opn == nil {
				continue
			}
			op, err := newAPIOp(doc, tr, base, path, m, item, opn)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", strings.ToUpper(m), path, err)
			}
			tags := opn.get("tags").strings()
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
	schemas := doc.get("components", "schemas")
	for _, name := range schemas.keyList() {
		sn := schemas.get(name)
		sc := apiSchema{Name: name, Desc: localized(tr, sn, "description", "x-description-ar"), Type: schemaType(tr, sn)}
		sc.Props = schemaProps(doc, tr, "", sn)
		v.Schemas = append(v.Schemas, sc)
	}
	return v, nil
}

// newAPIOp reads the operation opn of path item item.
func newAPIOp(doc *jnode, tr *locale.Translator, base, path, method string, item, opn *jnode) (*apiOp, error) {
	op := &apiOp{
		ID:      opn.str("operationId"),
		Method:  strings.ToUpper(method),
		Path:    path,
		Summary: localized(tr, opn, "summary", "x-summary-ar"),
		Desc:    localized(tr, opn, "description", "x-description-ar"),
	}
	if op.ID == "" {
		return nil, errors.New("no operationId")
	}
	op.Anchor = "op-" + op.ID
	sec := opn.get("security")
	if sec == nil {
		sec = doc.get("security")
	}
	public := len(sec.itemsOrNil()) == 0 // no requirement, or an empty one
	for _, req := range sec.itemsOrNil() {
		if len(req.keys) == 0 {
			public = true
		}
	}
	if public {
		op.Access = append(op.Access, apiAccess{Label: tr.T("api_access_public")})
	}
	for _, req := range sec.itemsOrNil() {
		for _, k := range req.keys {
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
			Name:     pn.str("name"),
			In:       tr.T("api_in_" + pn.str("in")),
			Required: pn.get("required").truth(),
			Type:     schemaType(tr, pn.get("schema")),
			Desc:     localized(tr, pn, "description", "x-description-ar"),
		})
	}
	if bn := doc.deref(opn.get("requestBody")); bn != nil {
		op.Body = &apiBody{Required: bn.get("required").truth(), Desc: localized(tr, bn, "description", "x-description-ar"), Media: media(tr, bn.get("content"))}
	}
	resps := opn.get("responses")
	for _, status := range resps.keyList() {
		rn := doc.deref(resps.get(status))
		content := rn.get("content")
		r := apiResp{Status: status, Desc: localized(tr, rn, "description", "x-description-ar"), Media: media(tr, content), Headers: rn.get("headers").keyList()}
		for _, t := range content.keyList() {
			if ex := content.get(t, "example"); ex != nil && op.Example == "" && strings.HasPrefix(status, "2") {
				op.Example = ex.indented()
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
func showsHeaders(doc, opn *jnode) bool {
	resps := opn.get("responses")
	for _, status := range resps.keyList() {
		if (strings.HasPrefix(status, "2") || strings.HasPrefix(status, "3")) && len(doc.deref(resps.get(status)).get("headers").keyList()) > 0 {
			return true
		}
	}
	return false
}

// operationParams are an operation's parameters, resolved: the path
// item's, unless the operation has its own of the same name and place.
func operationParams(doc *jnode, item, opn *jnode) []*jnode {
	var out []*jnode
	own := map[string]bool{}
	for _, p := range opn.get("parameters").itemsOrNil() {
		p = doc.deref(p)
		own[p.str("in")+" "+p.str("name")] = true
		out = append(out, p)
	}
	var shared []*jnode
	for _, p := range item.get("parameters").itemsOrNil() {
		p = doc.deref(p)
		if !own[p.str("in")+" "+p.str("name")] {
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

func exampleRequest(doc *jnode, path, method string, item, opn *jnode) (*apiExample, error) {
	ex := &apiExample{Method: strings.ToUpper(method), Path: path}
	for _, p := range operationParams(doc, item, opn) {
		name, in := p.str("name"), p.str("in")
		e := p.get("example")
		if e == nil {
			if in == "path" {
				return nil, fmt.Errorf("path parameter %s has no example", name)
			}
			continue
		}
		val := e.scalar()
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
	sec := opn.get("security")
	if reqs := sec.itemsOrNil(); len(reqs) > 0 && len(reqs[0].keys) > 0 {
		switch first := reqs[0].keys[0]; {
		case first == "bearerToken":
			ex.Token = true
		case doc.get("components", "securitySchemes", first).str("in") == "cookie":
			ex.Cookie = doc.get("components", "securitySchemes", first).str("name")
		}
	}
	if bn := doc.deref(opn.get("requestBody")); bn != nil {
		content := bn.get("content")
		types := content.keyList()
		if len(types) == 0 {
			return nil, errors.New("a request body without content")
		}
		ex.ContentType = types[0]
		e := content.get(types[0]).get("example")
		if e == nil {
			return nil, fmt.Errorf("no example of the %s body", types[0])
		}
		switch ex.ContentType {
		case "application/json":
			ex.Body = e.compact()
		case "text/plain":
			ex.Body = e.scalar()
		case "application/x-www-form-urlencoded":
			v := url.Values{}
			for _, k := range e.keyList() {
				val := e.get(k).scalar()
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
func localized(tr *locale.Translator, n *jnode, en, ar string) docText {
	s, lang := n.str(en), "en"
	if tr.Lang() == "ar" {
		if a := n.str(ar); a != "" {
			s, lang = a, "ar"
		}
	}
	t := docText{Lang: lang, Dir: dirOf(lang)}
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
func schemaType(tr *locale.Translator, n *jnode) apiType {
	if n == nil {
		return apiType{}
	}
	var t apiType
	switch {
	case n.str("$ref") != "":
		t.Ref = strings.TrimPrefix(n.str("$ref"), "#/components/schemas/")
	case n.str("type") == "array":
		t = schemaType(tr, n.get("items"))
		t.Of = tr.T("api_array_of")
	default:
		t.Name = n.str("type")
		if t.Name == "" {
			t.Name = strings.Join(n.get("type").strings(), " | ")
		}
		t.Format = n.str("format")
		if ap := n.get("additionalProperties"); ap != nil && ap.kind == 'o' {
			vt := schemaType(tr, ap)
			t.Values, t.ValuesLabel = &vt, tr.T("api_each_value")
		}
	}
	if e := n.get("enum").strings(); len(e) > 0 {
		t.Facts = append(t.Facts, apiFact{Label: tr.T("api_values"), Values: e, Sep: tr.T("list_separator")})
	}
	if d := n.get("default"); d != nil {
		t.Facts = append(t.Facts, apiFact{Label: tr.T("api_default"), Values: []string{d.scalar()}, Sep: tr.T("list_separator")})
	}
	if p := n.str("pattern"); p != "" {
		t.Facts = append(t.Facts, apiFact{Label: tr.T("api_pattern"), Values: []string{p}, Sep: tr.T("list_separator")})
	}
	return t
}

// schemaProps lists an object schema's properties, and those of objects
// defined inline in it as prefix.name.
func schemaProps(doc *jnode, tr *locale.Translator, prefix string, n *jnode) []apiProp {
	var out []apiProp
	props := n.get("properties")
	required := n.get("required").strings()
	for _, name := range props.keyList() {
		pn := props.get(name)
		desc := localized(tr, pn, "description", "x-description-ar")
		if desc.Empty() && pn.str("$ref") != "" {
			desc = localized(tr, doc.deref(pn), "description", "x-description-ar")
		}
		out = append(out, apiProp{
			Name:     prefix + name,
			Type:     schemaType(tr, pn),
			Required: slices.Contains(required, name),
			ReadOnly: pn.get("readOnly").truth(),
			Desc:     desc,
		})
		if pn.str("$ref") == "" && pn.get("properties") != nil {
			out = append(out, schemaProps(doc, tr, prefix+name+".", pn)...)
		}
	}
	return out
}

// jnode is a JSON value that keeps the order of its objects' keys, as the
// document's author wrote them: the page lists paths, operations and
// properties in that order.
type jnode struct {
	kind   byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' boolean, 'z' null
	keys   []string
	fields map[string]*jnode
	items  []*jnode
	text   string
	num    json.Number
	b      bool
}

func parseJSON(data []byte) (*jnode, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := decodeNode(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON value")
	}
	return n, nil
}

func decodeNode(dec *json.Decoder) (*jnode, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &jnode{kind: 'o', fields: map[string]*jnode{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k := kt.(string)
				if _, dup := n.fields[k]; dup {
					return nil, fmt.Errorf("key %q twice in an object", k)
				}
				v, err := decodeNode(dec)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k)
				n.fields[k] = v
			}
			_, err := dec.Token()
			return n, err
		case '[':
			n := &jnode{kind: 'a'}
			for dec.More() {
				v, err := decodeNode(dec)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, v)
			}
			_, err := dec.Token()
			return n, err
		}
	case string:
		return &jnode{kind: 's', text: t}, nil
	case json.Number:
		return &jnode{kind: 'n', num: t}, nil
	case bool:
		return &jnode{kind: 'b', b: t}, nil
	case nil:
		return &jnode{kind: 'z'}, nil
	}
	return nil, fmt.Errorf("unexpected %v", tok)
}

// get follows keys through objects; nil when one is missing.
func (n *jnode) get(keys ...string) *jnode {
	for _, k := range keys {
		if n == nil || n.kind != 'o' {
			return nil
		}
		n = n.fields[k]
	}
	return n
}

// str is the string at key, "" when there is none.
func (n *jnode) str(key string) string {
	if v := n.get(key); v != nil && v.kind == 's' {
		return v.text
	}
	return ""
}

func (n *jnode) keyList() []string {
	if n == nil || n.kind != 'o' {
		return nil
	}
	return n.keys
}

func (n *jnode) itemsOrNil() []*jnode {
	if n == nil || n.kind != 'a' {
		return nil
	}
	return n.items
}

func (n *jnode) truth() bool { return n != nil && n.kind == 'b' && n.b }

// strings are an array's strings.
func (n *jnode) strings() []string {
	var out []string
	for _, it := range n.itemsOrNil() {
		if it.kind == 's' {
			out = append(out, it.text)
		}
	}
	return out
}

// scalar is a string, number or boolean as text.
func (n *jnode) scalar() string {
	switch n.kind {
	case 's':
		return n.text
	case 'n':
		return n.num.String()
	case 'b':
		return strconv.FormatBool(n.b)
	}
	return n.compact()
}

// deref follows $ref, within the document only.
func (doc *jnode) deref(n *jnode) *jnode {
	for range 10 {
		ref := n.str("$ref")
		if ref == "" {
			return n
		}
		n = doc.pointer(ref)
	}
	return nil
}

// pointer is the node a local reference ("#/components/schemas/Record")
// names, nil when there is none.
func (doc *jnode) pointer(ref string) *jnode {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	n := doc
	for _, tok := range strings.Split(rest, "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch {
		case n == nil:
			return nil
		case n.kind == 'o':
			n = n.fields[tok]
		case n.kind == 'a':
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.items) {
				return nil
			}
			n = n.items[i]
		default:
			return nil
		}
	}
	return n
}

// compact is n as JSON on one line, keys in their order.
func (n *jnode) compact() string {
	var b bytes.Buffer
	n.write(&b, "", "")
	return b.String()
}

// indented is n as indented JSON.
func (n *jnode) indented() string {
	var b bytes.Buffer
	n.write(&b, "\n", "  ")
	return b.String()
}

func (n *jnode) write(b *bytes.Buffer, nl, indent string) {
	sep := ":"
	if indent != "" {
		sep = ": "
	}
	switch n.kind {
	case 'o', 'a':
		open, close, count := byte('{'), byte('}'), len(n.keys)
		if n.kind == 'a' {
			open, close, count = '[', ']', len(n.items)
		}
		b.WriteByte(open)
		if count == 0 {
			b.WriteByte(close)
			return
		}
		inner := nl + indent
		for i := range count {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(inner)
			if n.kind == 'o' {
				writeJSONString(b, n.keys[i])
				b.WriteString(sep)
				n.fields[n.keys[i]].write(b, inner, indent)
			} else {
				n.items[i].write(b, inner, indent)
			}
		}
		b.WriteString(nl)
		b.WriteByte(close)
	case 's':
		writeJSONString(b, n.text)
	case 'n':
		b.WriteString(n.num.String())
	case 'b':
		b.WriteString(strconv.FormatBool(n.b))
	default:
		b.WriteString("null")
	}
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	b.Truncate(b.Len() - 1) // the encoder's newline
}
