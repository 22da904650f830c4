// Package oai serves the archive to metadata harvesters over OAI-PMH 2.0
// (https://www.openarchives.org/OAI/openarchivesprotocol.html): every
// record the public may see, in simple Dublin Core (oai_dc), in sets by
// kind (kind:document) and by governorate (place:SY04), with selective
// harvesting by the time of the last change.
//
// A list harvest reads the archive at one snapshot — the last change when
// it began — so that its pages form one consistent list while the archive
// changes: nothing is lost, nothing is listed twice, and what changes
// meanwhile comes with the next incremental harvest (from=). A record that
// was published and is not any more is announced as deleted, for good; a
// record that was never published (a draft, a record in review) is never
// mentioned by any verb.
package oai

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
)

const (
	oaiNamespace = "http://www.openarchives.org/OAI/2.0/"
	oaiSchema    = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
	xsiNamespace = "http://www.w3.org/2001/XMLSchema-instance"
	dcPrefix     = "oai_dc"
	dcNamespace  = "http://www.openarchives.org/OAI/2.0/oai_dc/"
	dcSchema     = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
	dcElements   = "http://purl.org/dc/elements/1.1/"

	// Granularity of datestamps: seconds, UTC. Requests may also give days.
	granularity = "YYYY-MM-DDThh:mm:ssZ"
	stampLayout = "2006-01-02T15:04:05Z"
	dayLayout   = "2006-01-02"

	// MaxBodyBytes bounds a POST request's arguments.
	MaxBodyBytes = 64 << 10
)

// Options configure a Handler.
type Options struct {
	// Settings give the repository's name, its contact address (the
	// adminEmail) and its public address (base_url), which also names the
	// repository in identifiers: oai:HOST:CODE.
	Settings config.Settings
	// URL completes a path into an absolute address for a request. The
	// default puts Settings.BaseURL, or else the request's scheme and host,
	// in front.
	URL func(r *http.Request, path string) string
	// Path is where the handler is mounted; default "/oai".
	Path string
	// PageSize is how many records a list gives before a resumption
	// token; default 100.
	PageSize int
	// TokenLifetime is how long a resumption token stays valid; default
	// a day.
	TokenLifetime time.Duration
	Now           func() time.Time
	Log           *slog.Logger
}

// Handler answers OAI-PMH requests (GET, or POST with form-encoded
// arguments). It is an http.Handler.
type Handler struct {
	store dhakira.Store
	o     Options
	repo  string
}

// New returns the OAI-PMH repository of store.
func New(store dhakira.Store, o Options) *Handler {
	if o.URL == nil {
		o.URL = func(r *http.Request, path string) string {
			if o.Settings.BaseURL != "" {
				return strings.TrimRight(o.Settings.BaseURL, "/") + path
			}
			scheme := "http"
			if r.TLS != nil {
				scheme = "https"
			}
			return scheme + "://" + r.Host + path
		}
	}
	if o.Path == "" {
		o.Path = "/oai"
	}
	if o.PageSize <= 0 {
		o.PageSize = 100
	}
	if o.TokenLifetime <= 0 {
		o.TokenLifetime = 24 * time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.Default()
	}
	return &Handler{store: store, o: o, repo: RepositoryID(o.Settings.BaseURL)}
}

// RepositoryID is the middle part of the archive's OAI identifiers
// (oai:HOST:CODE): the host of its public address, or "dhakira" when it
// has none. Set base_url before the first harvest: the identifiers change
// with it.
func RepositoryID(baseURL string) string {
	if u, err := url.Parse(strings.TrimSpace(baseURL)); err == nil && u.Hostname() != "" {
		return strings.ToLower(u.Hostname())
	}
	return "dhakira"
}

// Identifier returns the OAI identifier of the record code.
func (h *Handler) Identifier(code string) string { return "oai:" + h.repo + ":" + code }

// code returns the memory code an OAI identifier of this repository names.
func (h *Handler) code(identifier string) (string, bool) {
	rest, ok := strings.CutPrefix(identifier, "oai:")
	if !ok {
		return "", false
	}
	repo, code, ok := strings.Cut(rest, ":")
	if !ok || !strings.EqualFold(repo, h.repo) || !dhakira.ValidCode(code) {
		return "", false
	}
	return code, true
}

// verbArgs lists each verb's arguments; true marks the required ones
// (resumptionToken, where allowed, replaces the required ones).
var verbArgs = map[string]map[string]bool{
	"Identify":            {},
	"ListMetadataFormats": {"identifier": false},
	"ListSets":            {"resumptionToken": false},
	"GetRecord":           {"identifier": true, "metadataPrefix": true},
	"ListIdentifiers":     {"metadataPrefix": true, "from": false, "until": false, "set": false, "resumptionToken": false},
	"ListRecords":         {"metadataPrefix": true, "from": false, "until": false, "set": false, "resumptionToken": false},
}

// oaiError is one of the protocol's error conditions, answered in the
// response (with HTTP status 200, as the protocol wants).
type oaiError struct{ code, msg string }

func fail(code, format string, args ...any) *oaiError {
	return &oaiError{code, fmt.Sprintf(format, args...)}
}

// request is one request being answered.
type request struct {
	ctx   context.Context
	r     *http.Request
	verb  string
	args  map[string]string
	attrs []string // the request element's attributes
	now   time.Time
	body  xmlWriter

	govs   map[string]dhakira.Summary // the governorates, read once per request
	places map[string]placeInfo
}

// placeInfo is what a response needs of a place: its governorate and, when
// the public may see it, its own summary.
type placeInfo struct {
	gov  string
	self *dhakira.Summary
}

// ServeHTTP answers one OAI-PMH request. Protocol errors are answered as
// the protocol says, in an OAI-PMH response with status 200; only what is
// not an OAI-PMH request at all (another method, another body) gets an
// HTTP error.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	values, malformed, status, msg := readArgs(r)
	if status != 0 {
		if status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", "GET, HEAD, POST")
		}
		http.Error(w, msg, status)
		return
	}
	q := &request{ctx: r.Context(), r: r, now: h.o.Now().UTC().Truncate(time.Second)}
	oerr, err := h.answer(q, values, malformed)
	if err != nil {
		if q.ctx.Err() == nil {
			h.o.Log.Error("oai: request failed", "query", r.URL.RawQuery, "err", err)
		}
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	doc := h.document(q, oerr)
	hd := w.Header()
	hd.Set("Content-Type", "text/xml; charset=utf-8")
	hd.Set("Cache-Control", "no-cache")
	if r.Method != http.MethodHead {
		w.Write(doc)
	}
}

// readArgs returns the request's arguments: the query of a GET, the
// form-encoded body of a POST; malformed when they are not well-formed URL
// encoding. A status other than 0 refuses the request at the HTTP level.
func readArgs(r *http.Request) (values url.Values, malformed bool, status int, msg string) {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		v, err := url.ParseQuery(r.URL.RawQuery)
		return v, err != nil, 0, ""
	case http.MethodPost:
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != "application/x-www-form-urlencoded" {
			return nil, false, http.StatusUnsupportedMediaType, "OAI-PMH requests by POST are application/x-www-form-urlencoded"
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, MaxBodyBytes+1))
		if err != nil {
			return nil, false, http.StatusBadRequest, "could not read the request"
		}
		if len(body) > MaxBodyBytes {
			return nil, false, http.StatusRequestEntityTooLarge, "request too large"
		}
		v, err := url.ParseQuery(string(body))
		return v, err != nil, 0, ""
	}
	return nil, false, http.StatusMethodNotAllowed, "OAI-PMH takes GET and POST"
}

// answer checks the request's arguments and writes the verb's response
// into q.body, or returns the protocol error to answer instead.
func (h *Handler) answer(q *request, values url.Values, malformed bool) (*oaiError, error) {
	if malformed {
		return fail("badArgument", "the arguments are not well-formed URL encoding"), nil
	}
	verbs := values["verb"]
	if len(verbs) != 1 {
		if len(verbs) == 0 {
			return fail("badVerb", "the verb argument is missing"), nil
		}
		return fail("badVerb", "the verb argument is repeated"), nil
	}
	q.verb = verbs[0]
	allowed, ok := verbArgs[q.verb]
	if !ok {
		return fail("badVerb", "%q is not an OAI-PMH verb", q.verb), nil
	}
	q.args = map[string]string{}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if name == "verb" {
			continue
		}
		vs := values[name]
		if _, ok := allowed[name]; !ok {
			return fail("badArgument", "%s does not take the argument %q", q.verb, name), nil
		}
		if len(vs) > 1 {
			return fail("badArgument", "the argument %s is repeated", name), nil
		}
		if vs[0] == "" {
			return fail("badArgument", "the argument %s is empty", name), nil
		}
		q.args[name] = vs[0]
	}
	if tok, ok := q.args["resumptionToken"]; ok {
		if len(q.args) > 1 {
			return fail("badArgument", "resumptionToken is an exclusive argument"), nil
		}
		q.attrs = []string{"verb", q.verb, "resumptionToken", tok}
	} else {
		for _, name := range []string{"identifier", "metadataPrefix"} {
			if _, ok := q.args[name]; allowed[name] && !ok {
				return fail("badArgument", "%s requires the argument %s", q.verb, name), nil
			}
		}
		if oerr := checkSyntax(q.args); oerr != nil {
			return oerr, nil
		}
		q.attrs = []string{"verb", q.verb}
		for _, name := range []string{"identifier", "metadataPrefix", "from", "until", "set"} {
			q.attrs = append(q.attrs, name, q.args[name])
		}
	}
	switch q.verb {
	case "Identify":
		return nil, h.identify(q)
	case "ListMetadataFormats":
		return h.listMetadataFormats(q)
	case "ListSets":
		return h.listSets(q)
	case "GetRecord":
		return h.getRecord(q)
	}
	return h.list(q)
}

var (
	prefixRE  = regexp.MustCompile(`^[A-Za-z0-9\-_.!~*'()]+$`)
	setSpecRE = regexp.MustCompile(`^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$`)
	dayRE     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	secondRE  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)
)

// checkSyntax refuses arguments that are not even of the right form, which
// the response could not echo in its request element.
func checkSyntax(args map[string]string) *oaiError {
	if p, ok := args["metadataPrefix"]; ok && !prefixRE.MatchString(p) {
		return fail("badArgument", "metadataPrefix %q is not a metadata prefix", p)
	}
	if s, ok := args["set"]; ok && !setSpecRE.MatchString(s) {
		return fail("badArgument", "set %q is not a setSpec", s)
	}
	if id, ok := args["identifier"]; ok {
		if _, err := url.Parse(id); err != nil || strings.ContainsAny(id, " \t\r\n<>\"{}|\\^`") {
			return fail("badArgument", "identifier %q is not a URI", id)
		}
	}
	_, _, oerr := timeRange(args["from"], args["until"])
	return oerr
}

// parseStamp reads a from or until argument: a day, or a second in UTC.
func parseStamp(s string) (time.Time, bool, error) {
	switch {
	case dayRE.MatchString(s):
		t, err := time.Parse(dayLayout, s)
		return t, true, err
	case secondRE.MatchString(s):
		t, err := time.Parse(stampLayout, s)
		return t, false, err
	}
	return time.Time{}, false, errors.New("not a date")
}

// timeRange turns from and until into the store's bounds on the time of a
// change: from ≤ time < before. until is inclusive, to its granularity:
// until=2024-05-01 takes the whole day.
func timeRange(from, until string) (time.Time, time.Time, *oaiError) {
	var f, u time.Time
	var fDay, uDay bool
	var err error
	if from != "" {
		if f, fDay, err = parseStamp(from); err != nil {
			return f, u, fail("badArgument", "from %q: want YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ", from)
		}
	}
	if until != "" {
		if u, uDay, err = parseStamp(until); err != nil {
			return f, u, fail("badArgument", "until %q: want YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ", until)
		}
	}
	if from != "" && until != "" {
		if fDay != uDay {
			return f, u, fail("badArgument", "from and until have different granularities")
		}
		if f.After(u) {
			return f, u, fail("badArgument", "from (%s) is after until (%s)", from, until)
		}
	}
	if until != "" {
		if uDay {
			u = u.AddDate(0, 0, 1)
		} else {
			u = u.Add(time.Second)
		}
	}
	return f, u, nil
}

// stamp formats a datestamp.
func stamp(t time.Time) string { return t.UTC().Format(stampLayout) }

// document assembles the response around q.body, or around the error.
func (h *Handler) document(q *request, oerr *oaiError) []byte {
	var x xmlWriter
	x.b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	x.start("OAI-PMH", "xmlns", oaiNamespace, "xmlns:xsi", xsiNamespace, "xsi:schemaLocation", oaiNamespace+" "+oaiSchema)
	x.elem("responseDate", stamp(q.now))
	attrs := q.attrs
	if oerr != nil && (oerr.code == "badVerb" || oerr.code == "badArgument") {
		attrs = nil // the protocol wants the bare base URL then
	}
	x.elem("request", h.o.URL(q.r, h.o.Path), attrs...)
	if oerr != nil {
		x.elem("error", oerr.msg, "code", oerr.code)
	} else {
		x.b.Write(q.body.b.Bytes())
	}
	x.end("OAI-PMH")
	return x.b.Bytes()
}

func (h *Handler) identify(q *request) error {
	first, err := h.store.FirstChangeAt(q.ctx)
	if err != nil {
		return err
	}
	if first.IsZero() {
		first = q.now
	}
	s := h.o.Settings
	x := &q.body
	x.start("Identify")
	x.elem("repositoryName", bilingual(s.Name.EN, s.Name.AR))
	x.elem("baseURL", h.o.URL(q.r, h.o.Path))
	x.elem("protocolVersion", "2.0")
	x.elem("adminEmail", adminEmail(s.Contact))
	x.elem("earliestDatestamp", stamp(first))
	x.elem("deletedRecord", "persistent")
	x.elem("granularity", granularity)
	// The archive's name and statement in both languages.
	x.start("description")
	openDC(x)
	langElems(x, "dc:title", dhakira.Text{AR: s.Name.AR, EN: s.Name.EN})
	langElems(x, "dc:description", dhakira.Text{AR: s.Statement.AR, EN: s.Statement.EN})
	x.elem("dc:identifier", h.o.URL(q.r, "/"))
	x.end("oai_dc:dc")
	x.end("description")
	x.end("Identify")
	return nil
}

// adminEmail is the contact address when it is one, else an address that
// says it is not set (the protocol requires one): set contact in
// dhakira.toml.
func adminEmail(contact string) string {
	if a, err := mail.ParseAddress(strings.TrimSpace(contact)); err == nil && strings.Contains(a.Address[strings.LastIndex(a.Address, "@"):], ".") {
		return a.Address
	}
	return "contact-not-set@example.invalid"
}

// bilingual joins an English and an Arabic name, either of which may be
// empty.
func bilingual(en, ar string) string {
	en, ar = strings.TrimSpace(en), strings.TrimSpace(ar)
	switch {
	case en == "":
		return ar
	case ar == "" || ar == en:
		return en
	}
	return en + " — " + ar
}

func (h *Handler) listMetadataFormats(q *request) (*oaiError, error) {
	if id, ok := q.args["identifier"]; ok {
		if oerr, err := h.exists(q, id); oerr != nil || err != nil {
			return oerr, err
		}
	}
	x := &q.body
	x.start("ListMetadataFormats")
	x.start("metadataFormat")
	x.elem("metadataPrefix", dcPrefix)
	x.elem("schema", dcSchema)
	x.elem("metadataNamespace", dcNamespace)
	x.end("metadataFormat")
	x.end("ListMetadataFormats")
	return nil, nil
}

// exists checks that identifier names a record harvesters may know of.
func (h *Handler) exists(q *request, identifier string) (*oaiError, error) {
	_, oerr, err := h.record(q, identifier)
	return oerr, err
}

// record returns the record an identifier names, as it is now.
func (h *Handler) record(q *request, identifier string) (*dhakira.HarvestItem, *oaiError, error) {
	code, ok := h.code(identifier)
	if !ok {
		return nil, fail("idDoesNotExist", "%q is not an identifier of this repository (oai:%s:CODE)", identifier, h.repo), nil
	}
	snap, err := h.store.LastChange(q.ctx)
	if err != nil {
		return nil, nil, err
	}
	it, err := h.store.HarvestRecord(q.ctx, code, snap)
	if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
		return nil, fail("idDoesNotExist", "no record %s in this repository", identifier), nil
	}
	return it, nil, err
}

func (h *Handler) getRecord(q *request) (*oaiError, error) {
	it, oerr, err := h.record(q, q.args["identifier"])
	if oerr != nil || err != nil {
		return oerr, err
	}
	if q.args["metadataPrefix"] != dcPrefix {
		return fail("cannotDisseminateFormat", "this repository gives records as %s only", dcPrefix), nil
	}
	x := &q.body
	x.start("GetRecord")
	if err := h.writeRecord(q, it); err != nil {
		return nil, err
	}
	x.end("GetRecord")
	return nil, nil
}

// kindSetNames name the sets by kind, in English and Arabic.
var kindSetNames = map[dhakira.Kind][2]string{
	dhakira.KindDocument:  {"Documents", "الوثائق"},
	dhakira.KindVideo:     {"Videos", "الفيديوهات"},
	dhakira.KindTestimony: {"Testimonies", "الشهادات"},
	dhakira.KindDiary:     {"Diary events", "اليوميات"},
	dhakira.KindPerson:    {"Persons", "الشخصيات"},
	dhakira.KindEntity:    {"Entities", "الكيانات"},
	dhakira.KindPlace:     {"Places", "الأماكن"},
}

func (h *Handler) listSets(q *request) (*oaiError, error) {
	if _, ok := q.args["resumptionToken"]; ok {
		return fail("badResumptionToken", "this repository lists its sets in one response, without resumption tokens"), nil
	}
	govs, err := h.governorates(q)
	if err != nil {
		return nil, err
	}
	x := &q.body
	x.start("ListSets")
	set := func(spec string, name dhakira.Text) {
		x.start("set")
		x.elem("setSpec", spec)
		x.elem("setName", bilingual(name.EN, name.AR))
		x.start("setDescription")
		openDC(x)
		langElems(x, "dc:title", name)
		x.end("oai_dc:dc")
		x.end("setDescription")
		x.end("set")
	}
	for _, k := range dhakira.Kinds {
		n := kindSetNames[k]
		set("kind:"+string(k), dhakira.Text{EN: n[0], AR: n[1]})
	}
	codes := make([]string, 0, len(govs))
	for c := range govs {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		set("place:"+c, govs[c].Title)
	}
	x.end("ListSets")
	return nil, nil
}

// governorates returns the published governorates: the widest places,
// which make the sets by place.
func (h *Handler) governorates(q *request) (map[string]dhakira.Summary, error) {
	if q.govs != nil {
		return q.govs, nil
	}
	list, _, err := h.store.Records(q.ctx, dhakira.RecordFilter{Kind: dhakira.KindPlace, Type: "governorate", Sort: dhakira.SortCode, Limit: 1000})
	if err != nil {
		return nil, err
	}
	q.govs = map[string]dhakira.Summary{}
	for _, s := range list {
		if s.Parent == "" && s.Status == dhakira.Published {
			q.govs[s.Code] = s
		}
	}
	return q.govs, nil
}

// place returns what a response needs of the place code.
func (h *Handler) place(q *request, code string) (placeInfo, error) {
	if p, ok := q.places[code]; ok {
		return p, nil
	}
	govs, err := h.governorates(q)
	if err != nil {
		return placeInfo{}, err
	}
	path, err := h.store.PlacePath(q.ctx, code, dhakira.Public)
	if err != nil {
		return placeInfo{}, err
	}
	var p placeInfo
	if len(path) > 0 {
		if _, ok := govs[path[0].Code]; ok {
			p.gov = path[0].Code
		}
		if last := path[len(path)-1]; last.Code == code && last.Kind == dhakira.KindPlace {
			p.self = &last
		}
	}
	if q.places == nil {
		q.places = map[string]placeInfo{}
	}
	q.places[code] = p
	return p, nil
}

// list answers ListIdentifiers and ListRecords.
func (h *Handler) list(q *request) (*oaiError, error) {
	var t token
	if raw, ok := q.args["resumptionToken"]; ok {
		var oerr *oaiError
		var err error
		if t, oerr, err = h.resume(q, raw); oerr != nil || err != nil {
			return oerr, err
		}
	} else {
		if q.args["metadataPrefix"] != dcPrefix {
			return fail("cannotDisseminateFormat", "this repository gives records as %s only", dcPrefix), nil
		}
		snap, err := h.store.LastChange(q.ctx)
		if err != nil {
			return nil, err
		}
		t = token{Verb: q.verb, Set: q.args["set"], From: q.args["from"], Until: q.args["until"], Prefix: dcPrefix, Snap: snap, Started: q.now.Unix()}
		if snap == 0 {
			return fail("noRecordsMatch", "the archive is empty"), nil
		}
	}
	hq := dhakira.HarvestQuery{Snapshot: t.Snap, After: t.After, Limit: h.o.PageSize, Records: q.verb == "ListRecords"}
	var oerr *oaiError
	if hq.From, hq.Before, oerr = timeRange(t.From, t.Until); oerr != nil {
		return fail("badResumptionToken", "the resumption token is damaged"), nil
	}
	if t.Set != "" {
		kind, place, ok, err := h.set(q, t.Set)
		if err != nil {
			return nil, err
		}
		if !ok {
			return fail("noRecordsMatch", "this repository has no set %q (see ListSets)", t.Set), nil
		}
		hq.Kind, hq.Place = kind, place
	}
	items, next, err := h.store.Harvest(q.ctx, hq)
	if dhakira.ErrorCode(err) == dhakira.EINVALID {
		return fail("badResumptionToken", "the resumption token is damaged"), nil
	}
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return fail("noRecordsMatch", "no records match these arguments"), nil
	}
	x := &q.body
	x.start(q.verb)
	for i := range items {
		if q.verb == "ListRecords" {
			err = h.writeRecord(q, &items[i])
		} else {
			err = h.writeHeader(q, &items[i])
		}
		if err != nil {
			return nil, err
		}
	}
	if next != "" || t.After != "" {
		var value string
		if next != "" {
			nt := t
			nt.After, nt.Count = next, t.Count+len(items)
			value = nt.encode()
		}
		expires := time.Unix(t.Started, 0).Add(h.o.TokenLifetime)
		if value != "" {
			x.elem("resumptionToken", value, "expirationDate", stamp(expires), "cursor", fmt.Sprint(t.Count))
		} else {
			x.elem("resumptionToken", "", "cursor", fmt.Sprint(t.Count))
		}
	}
	x.end(q.verb)
	return nil, nil
}

// resume reads and checks a resumption token.
func (h *Handler) resume(q *request, raw string) (token, *oaiError, error) {
	bad := fail("badResumptionToken", "the resumption token is not one this repository gave, or it is damaged")
	t, err := decodeToken(raw)
	if err != nil || t.Verb != q.verb || t.Prefix != dcPrefix {
		return t, bad, nil
	}
	started := time.Unix(t.Started, 0)
	if q.now.Sub(started) > h.o.TokenLifetime || started.After(q.now.Add(time.Hour)) {
		return t, fail("badResumptionToken", "the resumption token has expired: start the list again"), nil
	}
	last, err := h.store.LastChange(q.ctx)
	if err != nil {
		return t, nil, err
	}
	if t.Snap > last {
		return t, bad, nil
	}
	// The snapshot must have been the archive's state within the token's
	// lifetime: a made-up token cannot read what was corrected long ago.
	next, err := h.store.NextChangeAt(q.ctx, t.Snap)
	if err != nil {
		return t, nil, err
	}
	if !next.IsZero() && q.now.Sub(next) > h.o.TokenLifetime {
		return t, fail("badResumptionToken", "the resumption token has expired: start the list again"), nil
	}
	return t, nil, nil
}

// set reads a setSpec: kind:KIND or place:GOVERNORATE. ok is false for a
// set the repository does not have.
func (h *Handler) set(q *request, spec string) (kind dhakira.Kind, place string, ok bool, err error) {
	name, value, found := strings.Cut(spec, ":")
	if !found {
		return "", "", false, nil
	}
	switch name {
	case "kind":
		k := dhakira.Kind(value)
		return k, "", k.Valid(), nil
	case "place":
		govs, err := h.governorates(q)
		if err != nil {
			return "", "", false, err
		}
		_, ok := govs[value]
		return "", value, ok, nil
	}
	return "", "", false, nil
}

// writeHeader writes a record's header.
func (h *Handler) writeHeader(q *request, it *dhakira.HarvestItem) error {
	sets, err := h.setSpecs(q, it)
	if err != nil {
		return err
	}
	x := &q.body
	if it.Deleted {
		x.start("header", "status", "deleted")
	} else {
		x.start("header")
	}
	x.elem("identifier", h.Identifier(it.Code))
	x.elem("datestamp", stamp(it.At))
	for _, s := range sets {
		x.elem("setSpec", s)
	}
	x.end("header")
	return nil
}

// setSpecs lists the sets a record is in: its kind's, and the governorates
// of its places (a place's own, for a place).
func (h *Handler) setSpecs(q *request, it *dhakira.HarvestItem) ([]string, error) {
	sets := []string{"kind:" + string(it.Kind)}
	places := it.Places
	if it.Kind == dhakira.KindPlace && !it.Deleted {
		places = append([]string{it.Code}, places...)
	}
	var govs []string
	for _, c := range places {
		p, err := h.place(q, c)
		if err != nil {
			return nil, err
		}
		if p.gov != "" && !slices.Contains(govs, p.gov) {
			govs = append(govs, p.gov)
		}
	}
	slices.Sort(govs)
	for _, g := range govs {
		sets = append(sets, "place:"+g)
	}
	return sets, nil
}

// writeRecord writes a record: its header, and its metadata unless it is
// deleted.
func (h *Handler) writeRecord(q *request, it *dhakira.HarvestItem) error {
	x := &q.body
	x.start("record")
	if err := h.writeHeader(q, it); err != nil {
		return err
	}
	if !it.Deleted && it.Record != nil {
		x.start("metadata")
		if err := h.writeDC(q, it.Record); err != nil {
			return err
		}
		x.end("metadata")
	}
	x.end("record")
	return nil
}
