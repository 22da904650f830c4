package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"html"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/internal/jsontree"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/locale"
)

func loadOpenAPI(t testing.TB) *jsontree.Node {
	t.Helper()
	doc, err := openAPIDoc()
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return doc
}

// docOp is one operation of the document.
type docOp struct {
	path, method string
	item, op     *jsontree.Node
}

func (o docOp) String() string { return strings.ToUpper(o.method) + " " + o.path }

func docOps(doc *jsontree.Node) []docOp {
	var out []docOp
	paths := doc.Get("paths")
	for _, p := range paths.KeyList() {
		item := doc.Deref(paths.Get(p))
		for _, m := range opMethods {
			if op := item.Get(m); op != nil {
				out = append(out, docOp{p, m, item, op})
			}
		}
	}
	return out
}

// walk calls fn on every node of n with its JSON pointer.
func walk(n *jsontree.Node, ptr string, fn func(ptr string, n *jsontree.Node)) {
	fn(ptr, n)
	for _, k := range n.KeyList() {
		walk(n.Fields[k], ptr+"/"+strings.NewReplacer("~", "~0", "/", "~1").Replace(k), fn)
	}
	for i, it := range n.ItemList() {
		walk(it, ptr+"/"+strconv.Itoa(i), fn)
	}
}

var pathParamRe = regexp.MustCompile(`\{([^}]+)\}`)

// TestOpenAPIDocument: the document is well-formed OpenAPI 3.1 as far as
// a reader of it relies on: every operation has an id, a tag and
// responses; every reference resolves; every path parameter is declared
// and required, and every declared one is in the path; its vocabularies
// are the program's; and every text has its Arabic.
func TestOpenAPIDocument(t *testing.T) {
	if !json.Valid(openAPIJSON) {
		t.Fatal("openapi.json is not valid JSON")
	}
	doc := loadOpenAPI(t)
	if v := doc.Str("openapi"); v != "3.1.0" {
		t.Errorf("openapi %q, want 3.1.0", v)
	}
	if doc.Get("info").Str("title") == "" || doc.Get("info").Str("version") == "" {
		t.Error("info needs a title and a version")
	}
	for _, k := range doc.KeyList() {
		if !slices.Contains([]string{"openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks", "components", "security", "tags", "externalDocs"}, k) && !strings.HasPrefix(k, "x-") {
			t.Errorf("unknown top-level field %q", k)
		}
	}
	tags := map[string]bool{}
	for _, tag := range doc.Get("tags").ItemList() {
		tags[tag.Str("name")] = true
	}
	schemes := doc.Get("components", "securitySchemes")
	ids := map[string]string{}
	ops := docOps(doc)
	if len(ops) < 25 {
		t.Fatalf("only %d operations", len(ops))
	}
	for _, o := range ops {
		id := o.op.Str("operationId")
		if id == "" {
			t.Errorf("%s: no operationId", o)
		} else if prev, dup := ids[id]; dup {
			t.Errorf("%s: operationId %q is also %s's", o, id, prev)
		}
		ids[id] = o.String()
		if o.op.Str("summary") == "" || o.op.Str("description") == "" {
			t.Errorf("%s: no summary or description", o)
		}
		opTags := o.op.Get("tags").Strings()
		if len(opTags) == 0 {
			t.Errorf("%s: no tag", o)
		}
		for _, tg := range opTags {
			if !tags[tg] {
				t.Errorf("%s: tag %q is not in the document's tags", o, tg)
			}
		}
		resps := o.op.Get("responses")
		if len(resps.KeyList()) == 0 {
			t.Errorf("%s: no responses", o)
		}
		for _, st := range resps.KeyList() {
			if n, err := strconv.Atoi(st); (err != nil || n < 100 || n > 599) && st != "default" {
				t.Errorf("%s: response %q is not a status code", o, st)
			}
			if doc.Deref(resps.Get(st)).Str("description") == "" {
				t.Errorf("%s: response %s has no description", o, st)
			}
		}
		for _, req := range o.op.Get("security").ItemList() {
			for _, k := range req.KeyList() {
				if schemes.Get(k) == nil {
					t.Errorf("%s: security scheme %q is not defined", o, k)
				}
			}
		}
		// Path parameters: each {name} of the path is declared, in path,
		// required; nothing else is declared in path.
		want := map[string]bool{}
		for _, m := range pathParamRe.FindAllStringSubmatch(o.path, -1) {
			want[m[1]] = true
		}
		seen := map[string]bool{}
		for _, p := range operationParams(doc, o.item, o.op) {
			if p == nil {
				t.Errorf("%s: a parameter's $ref resolves to nothing", o)
				continue
			}
			if p.Str("name") == "" || p.Str("in") == "" || p.Get("schema") == nil {
				t.Errorf("%s: parameter %q needs a name, in and schema", o, p.Str("name"))
			}
			if !slices.Contains([]string{"path", "query", "header", "cookie"}, p.Str("in")) {
				t.Errorf("%s: parameter %q in %q", o, p.Str("name"), p.Str("in"))
			}
			if p.Str("in") != "path" {
				continue
			}
			if !want[p.Str("name")] {
				t.Errorf("%s: path parameter %q is not in the path", o, p.Str("name"))
			}
			if !p.Get("required").Truth() {
				t.Errorf("%s: path parameter %q is not required", o, p.Str("name"))
			}
			seen[p.Str("name")] = true
		}
		for name := range want {
			if !seen[name] {
				t.Errorf("%s: {%s} is not declared", o, name)
			}
		}
		if _, err := exampleRequest(doc, o.path, o.method, o.item, o.op); err != nil {
			t.Errorf("%s: example: %v", o, err)
		}
	}

	// Every reference resolves, and every schema is used.
	used := map[string]bool{}
	walk(doc, "#", func(ptr string, n *jsontree.Node) {
		ref := n.Str("$ref")
		if n.Get("$ref") == nil {
			return
		}
		if doc.Pointer(ref) == nil {
			t.Errorf("%s: $ref %q resolves to nothing", ptr, ref)
		}
		used[ref] = true
	})
	for _, name := range doc.Get("components", "schemas").KeyList() {
		if !used["#/components/schemas/"+name] {
			t.Errorf("schema %s is used nowhere", name)
		}
	}

	// Every text has its Arabic.
	walk(doc, "#", func(ptr string, n *jsontree.Node) {
		if n.Kind != 'o' || strings.Contains(ptr, "/example") {
			return
		}
		for en, ar := range map[string]string{"description": "x-description-ar", "summary": "x-summary-ar"} {
			if n.Str(en) != "" && n.Str(ar) == "" {
				t.Errorf("%s: %s without %s", ptr, en, ar)
			}
		}
	})
	for _, tag := range doc.Get("tags").ItemList() {
		if tag.Str("x-displayName") == "" || tag.Str("x-name-ar") == "" || tag.Str("x-description-ar") == "" {
			t.Errorf("tag %s: no name to show (x-displayName, x-name-ar) or no Arabic description", tag.Str("name"))
		}
	}
	if doc.Get("info").Str("x-title-ar") == "" {
		t.Error("info: no x-title-ar")
	}

	// The vocabularies are the program's.
	enum := func(name string) []string { return doc.Get("components", "schemas", name, "enum").Strings() }
	for name, want := range map[string][]string{
		"Kind":        asStrings(dhakira.Kinds),
		"Reliability": asStrings(dhakira.Grades),
		"Status":      asStrings(dhakira.Statuses),
		"Rel":         asStrings(dhakira.Rels),
	} {
		got := enum(name)
		if !slices.Equal(sorted(got), sorted(want)) {
			t.Errorf("schema %s: enum %q, the program has %q", name, got, want)
		}
	}
	facets := doc.Get("components", "schemas", "SearchResult", "properties", "facets", "properties").KeyList()
	if !slices.Equal(facets, facetNames) {
		t.Errorf("facets %q, the program has %q", facets, facetNames)
	}
}

// TestOpenAPIFields: the document's objects have only the fields OpenAPI
// 3.1 defines for them (and x- extensions): a misspelt one would be
// silently ignored by every tool.
func TestOpenAPIFields(t *testing.T) {
	doc := loadOpenAPI(t)
	allowed := func(what string, n *jsontree.Node, fields ...string) {
		t.Helper()
		for _, k := range n.KeyList() {
			if !slices.Contains(fields, k) && !strings.HasPrefix(k, "x-") {
				t.Errorf("%s: unknown field %q", what, k)
			}
		}
	}
	parameter := func(what string, p *jsontree.Node) {
		allowed(what, p, "name", "in", "description", "required", "deprecated", "allowEmptyValue", "style", "explode", "allowReserved", "schema", "example", "examples", "content")
	}
	header := func(what string, h *jsontree.Node) {
		allowed(what, h, "description", "required", "deprecated", "style", "explode", "schema", "example", "examples", "content", "$ref")
	}
	response := func(what string, r *jsontree.Node) {
		allowed(what, r, "description", "headers", "content", "links", "$ref")
		for _, h := range r.Get("headers").KeyList() {
			header(what+" header "+h, r.Get("headers", h))
		}
		for _, mt := range r.Get("content").KeyList() {
			allowed(what+" "+mt, r.Get("content", mt), "schema", "example", "examples", "encoding")
		}
	}
	allowed("info", doc.Get("info"), "title", "summary", "description", "termsOfService", "contact", "license", "version")
	for _, tag := range doc.Get("tags").ItemList() {
		allowed("tag "+tag.Str("name"), tag, "name", "description", "externalDocs")
	}
	for _, p := range doc.Get("paths").KeyList() {
		allowed("path "+p, doc.Get("paths", p), append(slices.Clone(opMethods), "trace", "summary", "description", "servers", "parameters", "$ref")...)
	}
	for _, o := range docOps(doc) {
		allowed(o.String(), o.op, "tags", "summary", "description", "externalDocs", "operationId", "parameters", "requestBody", "responses", "callbacks", "deprecated", "security", "servers")
		for _, p := range o.op.Get("parameters").ItemList() {
			if p.Get("$ref") == nil {
				parameter(o.String()+" parameter "+p.Str("name"), p)
			}
		}
		if b := o.op.Get("requestBody"); b != nil {
			allowed(o.String()+" requestBody", b, "description", "content", "required", "$ref")
			for _, mt := range b.Get("content").KeyList() {
				allowed(o.String()+" requestBody "+mt, b.Get("content", mt), "schema", "example", "examples", "encoding")
			}
		}
		for _, st := range o.op.Get("responses").KeyList() {
			response(o.String()+" "+st, o.op.Get("responses", st))
		}
	}
	c := doc.Get("components")
	allowed("components", c, "schemas", "responses", "parameters", "examples", "requestBodies", "headers", "securitySchemes", "links", "callbacks", "pathItems")
	for _, k := range c.Get("parameters").KeyList() {
		parameter("parameter "+k, c.Get("parameters", k))
	}
	for _, k := range c.Get("responses").KeyList() {
		response("response "+k, c.Get("responses", k))
	}
	for _, k := range c.Get("headers").KeyList() {
		header("header "+k, c.Get("headers", k))
	}
	for _, k := range c.Get("securitySchemes").KeyList() {
		allowed("security scheme "+k, c.Get("securitySchemes", k), "type", "description", "name", "in", "scheme", "bearerFormat", "flows", "openIdConnectUrl")
	}
	// The schema keywords the document uses, all JSON Schema's.
	keywords := []string{"type", "description", "enum", "pattern", "properties", "required", "additionalProperties", "items", "$ref", "format", "default", "minimum", "maximum", "minLength", "maxLength", "readOnly", "example", "examples"}
	var schema func(what string, n *jsontree.Node)
	schema = func(what string, n *jsontree.Node) {
		allowed(what, n, keywords...)
		for _, k := range n.Get("properties").KeyList() {
			schema(what+"."+k, n.Get("properties", k))
		}
		if it := n.Get("items"); it != nil {
			schema(what+"[]", it)
		}
		if ap := n.Get("additionalProperties"); ap != nil && ap.Kind == 'o' {
			schema(what+"{}", ap)
		}
	}
	for _, k := range c.Get("schemas").KeyList() {
		schema("schema "+k, c.Get("schemas", k))
	}
}

// TestOpenAPIExamples: the document's examples agree with its schemas:
// parameters, request bodies and answers.
func TestOpenAPIExamples(t *testing.T) {
	doc := loadOpenAPI(t)
	check := func(what string, schema, example *jsontree.Node) {
		t.Helper()
		dec := json.NewDecoder(strings.NewReader(example.Compact()))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		for _, problem := range validateSchema(doc, schema, v, "") {
			t.Errorf("%s: the example: %s", what, problem)
		}
	}
	n := 0
	for _, o := range docOps(doc) {
		for _, p := range operationParams(doc, o.item, o.op) {
			if ex := p.Get("example"); ex != nil {
				check(o.String()+" parameter "+p.Str("name"), p.Get("schema"), ex)
				n++
			}
		}
		content := doc.Deref(o.op.Get("requestBody")).Get("content")
		for _, mt := range content.KeyList() {
			if ex := content.Get(mt, "example"); ex != nil {
				check(o.String()+" body "+mt, content.Get(mt, "schema"), ex)
				n++
			}
		}
		for _, st := range o.op.Get("responses").KeyList() {
			content := doc.Deref(o.op.Get("responses", st)).Get("content")
			for _, mt := range content.KeyList() {
				if ex := content.Get(mt, "example"); ex != nil {
					check(o.String()+" "+st+" "+mt, content.Get(mt, "schema"), ex)
					n++
				}
			}
		}
	}
	if n < 20 {
		t.Errorf("only %d examples checked", n)
	}
}

func asStrings[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// TestOpenAPIServed: the document is served as it is embedded, as JSON,
// to other sites' tools too, with an ETag.
func TestOpenAPIServed(t *testing.T) {
	s := newSite(t)
	status, body, resp := s.get(t, "/api/v1/openapi.json")
	if status != 200 || body != string(openAPIJSON) {
		t.Fatalf("status %d, %d bytes (want %d)", status, len(body), len(openAPIJSON))
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "application/json" {
		t.Errorf("Content-Type %q", resp.Header.Get("Content-Type"))
	}
	if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("no Access-Control-Allow-Origin")
	}
	tag := resp.Header.Get("ETag")
	if tag == "" {
		t.Fatal("no ETag")
	}
	if status, _, _ := s.get(t, "/api/v1/openapi.json", "If-None-Match", tag); status != 304 {
		t.Errorf("If-None-Match: %d, want 304", status)
	}
}

// fallbackPatterns are the catch-alls of the site: a request they answer
// is one no handler of its own serves.
var fallbackPatterns = []string{"", "/", "/api/", "/ar/", "/en/"}

// TestOpenAPIOperationsAnswer: every operation of the document is served
// by a handler of its own (not a catch-all, not a 405), and its example
// works: it succeeds for the public, or for an administrator with the
// credentials the operation takes, while without them it is refused. Every
// answer has a status, content type, headers and JSON body the document
// gives for it.
func TestOpenAPIOperationsAnswer(t *testing.T) {
	doc := loadOpenAPI(t)
	b := newBackOffice(t)
	mux := New(b.store, testSettings(), WithBackOffice(b.svc)).routes()
	searchSite := newSearchSite(t)
	session, _, err := b.svc.Login(context.Background(), "admin@example.org", b.passwords[dhakira.Admin], "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	cookie := sessionCookie + "=" + session
	for _, o := range docOps(doc) {
		ex, err := exampleRequest(doc, o.path, o.method, o.item, o.op)
		if err != nil {
			t.Errorf("%s: %v", o, err)
			continue
		}
		req := httptest.NewRequest(ex.Method, ex.Path, strings.NewReader(ex.Body))
		if _, pattern := mux.Handler(req); slices.Contains(fallbackPatterns, pattern) {
			t.Errorf("%s: %s %s is served by the catch-all %q", o, ex.Method, ex.Path, pattern)
			continue
		}
		var schemes []string
		for _, req := range o.op.Get("security").ItemList() {
			schemes = append(schemes, req.KeyList()...)
		}
		public := len(o.op.Get("security").ItemList()) == 0 || slices.ContainsFunc(o.op.Get("security").ItemList(), func(n *jsontree.Node) bool { return len(n.Keys) == 0 })
		base := b.URL
		switch o.op.Str("operationId") {
		case "search":
			checkAnswer(t, doc, o, ex, base, "", 503) // the back office's site has no search
			base = searchSite.URL
		case "getRecord":
			checkAnswer(t, doc, o, ex, base, "as JSON-LD", 200, "Accept", "application/ld+json")
		}
		if public {
			checkAnswer(t, doc, o, ex, base, "", 0)
		} else {
			refused := 401
			if !slices.Contains(schemes, "bearerToken") {
				refused = 303 // a page of the back office: to the login
			}
			checkAnswer(t, doc, o, ex, base, "without credentials", refused)
		}
		for _, sc := range schemes {
			switch sc {
			case "bearerToken":
				checkAnswer(t, doc, o, ex, base, "with a token", 0, "Authorization", "Bearer "+b.tokens[dhakira.Admin])
			case "sessionCookie":
				checkAnswer(t, doc, o, ex, base, "with a session", 0, "Cookie", cookie)
			default:
				t.Errorf("%s: no test for the security scheme %s", o, sc)
			}
		}
	}
}

// checkAnswer sends the example ex to the site at base, with header
// pairs, and checks the answer against the operation's responses. It
// wants the status want, or any success or redirect when want is 0.
func checkAnswer(t *testing.T, doc *jsontree.Node, o docOp, ex *apiExample, base, how string, want int, header ...string) {
	t.Helper()
	what := fmt.Sprintf("%s (%s %s", o, ex.Method, ex.Path)
	if how != "" {
		what += ", " + how
	}
	what += ")"
	req, err := http.NewRequest(ex.Method, base+ex.Path, strings.NewReader(ex.Body))
	if err != nil {
		t.Fatal(err)
	}
	if ex.ContentType != "" {
		req.Header.Set("Content-Type", ex.ContentType)
	}
	for _, h := range ex.Header {
		req.Header.Set(h[0], h[1])
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	status := strconv.Itoa(resp.StatusCode)
	t.Logf("%s: %s %s", what, status, resp.Header.Get("Content-Type"))
	if want != 0 && resp.StatusCode != want || want == 0 && resp.StatusCode >= 400 {
		t.Errorf("%s: %s, want %d: %s", what, status, want, excerptOf(string(body)))
	}
	rn := doc.Deref(o.op.Get("responses", status))
	if rn == nil {
		rn = doc.Deref(o.op.Get("responses", "default"))
	}
	if rn == nil {
		t.Errorf("%s: answered %s, which the document does not give: %s", what, status, excerptOf(string(body)))
		return
	}
	for _, h := range rn.Get("headers").KeyList() {
		if resp.Header.Get(h) == "" {
			t.Errorf("%s: %s without the header %s", what, status, h)
		}
	}
	content := rn.Get("content")
	if len(content.KeyList()) == 0 {
		return
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	media := content.Get(mt)
	if media == nil {
		t.Errorf("%s: %s as %q, the document gives %q", what, status, mt, content.KeyList())
		return
	}
	if mt != "application/json" && mt != "application/ld+json" {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Errorf("%s: %s: %v", what, status, err)
		return
	}
	for _, problem := range validateSchema(doc, media.Get("schema"), v, "") {
		t.Errorf("%s: %s: %s\n%s", what, status, problem, excerptOf(string(body)))
	}
}

// validateSchema checks v against the JSON Schema s as far as the
// document uses it: $ref, type, enum, properties, required,
// additionalProperties, items, pattern and the date-time format.
func validateSchema(doc, s *jsontree.Node, v any, at string) []string {
	if s == nil {
		return nil
	}
	if ref := s.Str("$ref"); ref != "" {
		target := doc.Pointer(ref)
		if target == nil {
			return []string{at + ": $ref " + ref + " resolves to nothing"}
		}
		return validateSchema(doc, target, v, at)
	}
	where := at
	if where == "" {
		where = "the body"
	}
	var out []string
	bad := func(format string, args ...any) { out = append(out, where+": "+fmt.Sprintf(format, args...)) }
	if ty := s.Get("type"); ty != nil {
		types := ty.Strings()
		if ty.Kind == 's' {
			types = []string{ty.Text}
		}
		if !slices.ContainsFunc(types, func(tn string) bool { return jsonTypeIs(v, tn) }) {
			bad("%T, want %s", v, strings.Join(types, " or "))
			return out
		}
	}
	if e := s.Get("enum"); e != nil {
		sv := fmt.Sprint(v)
		if !slices.ContainsFunc(e.ItemList(), func(n *jsontree.Node) bool { return n.Scalar() == sv }) {
			bad("%q is not one of %q", sv, e.Strings())
		}
	}
	if p := s.Str("pattern"); p != "" {
		if str, ok := v.(string); ok && !regexp.MustCompile(p).MatchString(str) {
			bad("%q does not match %s", str, p)
		}
	}
	if s.Str("format") == "date-time" {
		if str, ok := v.(string); ok {
			if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
				bad("%q is not a date-time", str)
			}
		}
	}
	switch v := v.(type) {
	case map[string]any:
		props := s.Get("properties")
		for _, r := range s.Get("required").Strings() {
			if _, ok := v[r]; !ok {
				bad("no %q", r)
			}
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if ps := props.Get(k); ps != nil {
				out = append(out, validateSchema(doc, ps, v[k], at+"."+k)...)
				continue
			}
			ap := s.Get("additionalProperties")
			switch {
			case ap == nil:
			case ap.Kind == 'b' && !ap.Bool:
				bad("%q is not in the schema", k)
			case ap.Kind == 'o':
				out = append(out, validateSchema(doc, ap, v[k], at+"."+k)...)
			}
		}
	case []any:
		for i, it := range v {
			out = append(out, validateSchema(doc, s.Get("items"), it, fmt.Sprintf("%s[%d]", at, i))...)
		}
	}
	return out
}

func jsonTypeIs(v any, name string) bool {
	switch name {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		_, err := n.Int64()
		return ok && err == nil
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "null":
		return v == nil
	}
	return false
}

// TestValidateSchema: the checker above finds what it should, or the
// test of the operations would prove nothing.
func TestValidateSchema(t *testing.T) {
	doc := loadOpenAPI(t)
	schema := func(name string) *jsontree.Node { return doc.Get("components", "schemas", name) }
	check := func(name, js string, want int) {
		t.Helper()
		dec := json.NewDecoder(strings.NewReader(js))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		if got := validateSchema(doc, schema(name), v, ""); len(got) != want {
			t.Errorf("%s %s: %d problems, want %d: %q", name, js, len(got), want, got)
		}
	}
	check("Record", `{"kind":"document","code":"DOC-1","title":{"en":"x"},"revision":3,"links":[{"rel":"related","to":"X","kind":"entity","title":{"ar":"ي"}}]}`, 0)
	check("Record", `{"kind":"book","title":{"en":"x"}}`, 1)
	check("Record", `{"kind":"document"}`, 1)
	check("Record", `{"kind":"document","title":{"fr":"x"},"extra":1}`, 2)
	check("Record", `{"kind":"document","title":{"en":"x"},"date":"19 October"}`, 1)
	check("Record", `{"kind":"document","title":{"en":"x"},"revision":"3"}`, 1)
	check("SearchResult", `{"total":1,"hits":[],"facets":{"kind":{"a":1},"place":{},"type":{},"reliability":{},"year":{"2017":"x"}}}`, 1)
	check("Revision", `{"code":"A","revision":1,"author":"a","at":"yesterday"}`, 1)
	check("Error", `{"error":"x","field":"y","errors":[{"message":"z"}]}`, 0)
}

// routePattern is a route registered in the package's source: its method
// ("" for any) and path, with \x00 where the source computes a part.
type routePattern struct {
	method, path, pos string
}

var methodRe = regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (.*)$`)

// sourceRoutes finds the route patterns in Go source files: the first
// argument of every Handle and HandleFunc call, and of any call whose
// first argument begins with a method ("GET "+l+"/search" given to a
// helper), as far as it is made of string literals.
func sourceRoutes(fset *token.FileSet, files []*ast.File) []routePattern {
	var flatten func(e ast.Expr) string
	flatten = func(e ast.Expr) string {
		switch e := e.(type) {
		case *ast.BasicLit:
			if e.Kind == token.STRING {
				if s, err := strconv.Unquote(e.Value); err == nil {
					return s
				}
			}
		case *ast.BinaryExpr:
			if e.Op == token.ADD {
				return flatten(e.X) + flatten(e.Y)
			}
		case *ast.ParenExpr:
			return flatten(e.X)
		}
		return "\x00"
	}
	var out []routePattern
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			s := flatten(call.Args[0])
			handle := false
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Handle" || sel.Sel.Name == "HandleFunc") && len(call.Args) == 2 {
				handle = true
			}
			m := methodRe.FindStringSubmatch(s)
			switch {
			case m != nil:
				out = append(out, routePattern{m[1], m[2], fset.Position(call.Pos()).String()})
			case handle && s != "\x00":
				out = append(out, routePattern{"", s, fset.Position(call.Pos()).String()})
			}
			return true
		})
	}
	return out
}

// machineReadable reports whether a route must be in the API's
// document: everything under /api/ (but the catch-all that answers
// unknown API paths), /oai, and any file with an extension.
func machineReadable(r routePattern) bool {
	if r.method == "" && r.path == "/api/" {
		return false // the JSON 404 of unknown API paths
	}
	last := r.path[strings.LastIndex(r.path, "/")+1:]
	return strings.HasPrefix(r.path, "/api/") || r.path == "/oai" || strings.Contains(last, ".")
}

var wildcardRe = regexp.MustCompile(`\{[^}]*\}`)

// normalizePath makes a route's path and a document's path comparable:
// every wildcard is {}, and {$} is gone.
func normalizePath(p string) string {
	return wildcardRe.ReplaceAllString(strings.ReplaceAll(p, "{$}", ""), "{}")
}

// undocumented lists the routes that no operation of the document
// describes.
func undocumented(doc *jsontree.Node, routes []routePattern) []string {
	var out []string
	ops := docOps(doc)
	for _, r := range routes {
		if !machineReadable(r) {
			continue
		}
		var re strings.Builder
		re.WriteString("^")
		for i, part := range strings.Split(normalizePath(r.path), "\x00") {
			if i > 0 {
				re.WriteString(".+")
			}
			re.WriteString(regexp.QuoteMeta(part))
		}
		re.WriteString("$")
		rx := regexp.MustCompile(re.String())
		found := slices.ContainsFunc(ops, func(o docOp) bool {
			return rx.MatchString(normalizePath(o.path)) && (r.method == "" || strings.EqualFold(o.method, r.method) || r.method == "HEAD" && o.method == "get")
		})
		if !found {
			out = append(out, fmt.Sprintf("%s: %s %s", r.pos, r.method, strings.ReplaceAll(r.path, "\x00", "…")))
		}
	}
	return out
}

// TestOpenAPIDocumentsEveryRoute: every route of the package under /api/,
// /oai, and every file it serves (.xml, .atom, .txt, .bib, ...) is in the
// document. A route added without documenting it fails here.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	doc := loadOpenAPI(t)
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	routes := sourceRoutes(fset, files)
	api := 0
	for _, r := range routes {
		if strings.HasPrefix(r.path, "/api/") && machineReadable(r) {
			api++
			if strings.Contains(r.path, "\x00") {
				t.Errorf("%s: an API route must be a plain string to be checked here: %q", r.pos, r.path)
			}
		}
	}
	if api < 11 {
		t.Fatalf("found %d API routes in the source; the scan no longer sees them: %v", api, routes)
	}
	for _, u := range undocumented(doc, routes) {
		t.Errorf("not in openapi.json: %s", u)
	}
}

// TestUndocumentedRouteFails: the scan above finds a new route in any of
// the forms the package registers them.
func TestUndocumentedRouteFails(t *testing.T) {
	doc := loadOpenAPI(t)
	src := `package web
func (s *Server) more(mux *http.ServeMux, lang string) {
	mux.HandleFunc("GET /api/v1/places", s.handleAPIPlaces)
	mux.HandleFunc("DELETE /api/v1/records/{code}", s.handleAPIDelete)
	mux.Handle("/api/v2/", h)
	mux.HandleFunc("GET /"+lang+"/records/{code}/cite.xml", h)
	route("POST /api/v1/records/{code}/lock", h)
	mux.HandleFunc("GET /api/v1/records/{id}", s.handleAPIRecord)
	mux.HandleFunc("GET /"+lang+"/browse/{kind}", h)
}`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "more.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	got := undocumented(doc, sourceRoutes(fset, []*ast.File{f}))
	for _, want := range []string{"GET /api/v1/places", "DELETE /api/v1/records/{code}", " /api/v2/", "GET /…/records/{code}/cite.xml", "POST /api/v1/records/{code}/lock"} {
		if !slices.ContainsFunc(got, func(s string) bool { return strings.HasSuffix(s, want) }) {
			t.Errorf("%q is not reported; reported: %q", want, got)
		}
	}
	if len(got) != 5 {
		t.Errorf("reported %d, want 5: %q", len(got), got)
	}
}

// TestAPIDocsPage: /api/ leads to the page in the reader's language; the
// page, in both, lists every operation of the document with its summary
// in that language, every schema, the examples, and nothing left
// untranslated.
func TestAPIDocsPage(t *testing.T) {
	doc := loadOpenAPI(t)
	s := newSite(t)
	for _, c := range []struct{ accept, want string }{{"", "/ar/api"}, {"en-GB,en;q=0.9", "/en/api"}, {"ar,en;q=0.5", "/ar/api"}} {
		status, _, resp := s.get(t, "/api/", "Accept-Language", c.accept)
		if status != 302 || resp.Header.Get("Location") != c.want {
			t.Errorf("/api/ (Accept-Language %q): %d %q, want 302 %s", c.accept, status, resp.Header.Get("Location"), c.want)
		}
	}
	if status, _, resp := s.get(t, "/api"); status/100 != 3 || resp.Header.Get("Location") != "/api/" {
		t.Errorf("/api: %d %q", status, resp.Header.Get("Location"))
	}
	// Unknown API paths are still a JSON 404.
	for _, p := range []string{"/api/v1/", "/api/v1/nothing", "/api/docs"} {
		status, body, resp := s.get(t, p)
		if status != 404 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || !strings.Contains(body, `"error"`) {
			t.Errorf("%s: %d %s", p, status, body)
		}
	}
	tr := translators(t)
	untranslated := regexp.MustCompile(`\bapi_[a-z_]+\b`)
	for _, lang := range locale.Langs {
		body := s.page(t, "/"+lang+"/api", 200)
		what := "/" + lang + "/api"
		other := dhakira.OtherLang(lang)
		contains(t, what, body, htmlTag[lang], `href="/`+other+`/api"`, `href="/api/v1/openapi.json"`,
			`<h1>`+tr[lang].T("api_title")+`</h1>`, `id="api-auth"`, `id="auth-bearerToken"`, `id="auth-sessionCookie"`,
			html.EscapeString("Authorization: Bearer dhk_…"), `<code dir="ltr">`+s.URL+`</code>`)
		if m := untranslated.FindString(strings.ReplaceAll(body, "page-api_docs", "")); m != "" {
			t.Errorf("%s: untranslated %s", what, m)
		}
		for _, o := range docOps(doc) {
			summary := o.op.Str("summary")
			if lang == "ar" {
				summary = o.op.Str("x-summary-ar")
			}
			id := "op-" + o.op.Str("operationId")
			sec := section(t, body, id)
			contains(t, what+" "+o.String(), sec, html.EscapeString(o.path), ">"+strings.ToUpper(o.method)+"<", html.EscapeString(summary), "curl")
			for _, st := range o.op.Get("responses").KeyList() {
				contains(t, what+" "+o.String(), sec, `<code dir="ltr">`+st+`</code>`)
			}
			for _, p := range operationParams(doc, o.item, o.op) {
				contains(t, what+" "+o.String(), sec, `<code dir="ltr">`+html.EscapeString(p.Str("name"))+`</code>`)
			}
			if !strings.Contains(body, `href="#`+id+`"`) {
				t.Errorf("%s: the contents do not link to %s", what, id)
			}
		}
		for _, name := range doc.Get("components", "schemas").KeyList() {
			contains(t, what, body, `id="schema-`+name+`"`)
		}
		// The document is wholly translated: nothing is shown in the
		// other language, marked.
		lacks(t, what, body, tr[lang].T("in_lang_"+other))
		// Texts are escaped: the snippet's <mark> is words, not a tag.
		lacks(t, what, body, "<mark>", "<script")
		contains(t, what, body, "&lt;mark&gt;")
	}
	ar := s.page(t, "/ar/api", 200)
	contains(t, "/ar/api", ar, `<p lang="ar" dir="rtl">سجلات الأرشيف`, "--data-urlencode &#39;q=حمص&#39;",
		`<span class="api-method method-put">PUT</span>`, html.EscapeString(`-H 'If-Match: "1"'`))
	contains(t, "footer", s.page(t, "/en/", 200), `<a href="/en/api">`+tr["en"].T("footer_api")+`</a>`)
	contains(t, "about", s.page(t, "/ar/about", 200), `<a href="/ar/api">`+tr["ar"].T("about_api")+`</a>`)
}

// TestAPIDocsEscaping: whatever the document says is shown as text.
func TestAPIDocsEscaping(t *testing.T) {
	hostile := `{"openapi":"3.1.0","info":{"title":"<script>alert(1)</script>","version":"\"><img src=x onerror=alert(2)>","description":"a ` + "`</code><script>alert(3)</script>`" + ` b"},
"tags":[{"name":"t","description":"<b>bold</b>"}],
"paths":{"/x/{id}\"><script>":{"get":{"tags":["t"],"operationId":"o\"><svg onload=alert(4)>","summary":"<i>s</i>","description":"d",
"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string","enum":["<u>e</u>"]},"example":"'; rm -rf / #"}],
"responses":{"200":{"description":"<script>alert(5)</script>","content":{"application/json":{"example":{"k":"</code></pre><script>alert(6)</script>"}}}}}}}},
"components":{"schemas":{"S":{"type":"object","properties":{"<p>":{"type":"string"}}}}}}`
	doc, err := jsontree.Parse([]byte(hostile))
	if err != nil {
		t.Fatal(err)
	}
	srv := New(sqlitetest.Open(t), testSettings())
	for _, lang := range locale.Langs {
		v, err := newAPIDocsView(doc, srv.tr[lang], "http://example.org")
		if err != nil {
			t.Fatal(err)
		}
		p := srv.newPage(lang, "api_docs", nil)
		p.Data = v
		rec := httptest.NewRecorder()
		srv.render(rec, httptest.NewRequest("GET", "/"+lang+"/api", nil), p)
		body := rec.Body.String()
		if rec.Code != 200 {
			t.Fatalf("%s: %d\n%s", lang, rec.Code, body)
		}
		lacks(t, lang, body, "<script>alert", "<img src=x", "<svg", "<b>bold", "<i>s</i>", "<u>e</u>", "<p>\u003c/", `<th scope="row"><code dir="ltr"><p>`)
		contains(t, lang, body, "&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;bold&lt;/b&gt;", "&lt;/code&gt;&lt;script&gt;alert(3)&lt;/script&gt;",
			"&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(6)", "curl &#39;http://example.org/x/%27%3B%20rm%20-rf%20%2F%20%23&#34;&gt;&lt;script&gt;&#39;</code>")
	}
}

// TestAPIDocsCurl: the examples are command lines a shell reads as meant.
func TestAPIDocsCurl(t *testing.T) {
	doc := loadOpenAPI(t)
	byID := map[string]string{}
	for _, o := range docOps(doc) {
		ex, err := exampleRequest(doc, o.path, o.method, o.item, o.op)
		if err != nil {
			t.Fatal(err)
		}
		byID[o.op.Str("operationId")] = ex.curl("https://archive.example.org/", showsHeaders(doc, o.op))
	}
	for id, want := range map[string]string{
		"getRecord":       "curl -i 'https://archive.example.org/api/v1/records/DOC-000001'",
		"search":          "curl -G 'https://archive.example.org/api/v1/search' \\\n  --data-urlencode 'q=حمص' \\\n  --data-urlencode 'per_page=5'",
		"auditLog":        "curl -i 'https://archive.example.org/en/admin/audit.jsonl' \\\n  -b 'dhakira_session=…'",
		"oaiGet":          "curl 'https://archive.example.org/oai?verb=ListRecords&metadataPrefix=oai_dc'",
		"oaiPost":         "curl 'https://archive.example.org/oai' \\\n  --data-urlencode 'verb=Identify'",
		"restoreRevision": "curl -i -X POST 'https://archive.example.org/api/v1/records/DOC-000001/revisions/1/restore' \\\n  -H 'Authorization: Bearer dhk_…'",
		"updateRecord":    "curl -i -X PUT 'https://archive.example.org/api/v1/records/DOC-000001' \\\n  -H 'Authorization: Bearer dhk_…' \\\n  -H 'If-Match: \"1\"' \\\n  -H 'Content-Type: application/json' \\\n  --data-binary '{\"kind\":\"document\",\"code\":\"DOC-000001\",\"title\":{\"ar\":\"حول محاولات النظام اقتحام سجن حمص المركزي\",\"en\":\"On the Regime'\\''s Attempts",
	} {
		if !strings.HasPrefix(byID[id], want) {
			t.Errorf("%s:\n%s\nwant it to begin\n%s", id, byID[id], want)
		}
	}
}
