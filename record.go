package dhakira

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Text is a piece of content in Arabic and/or English.
type Text struct {
	AR string `json:"ar,omitempty"`
	EN string `json:"en,omitempty"`
}

// IsZero reports whether neither language has any text.
func (t Text) IsZero() bool { return strings.TrimSpace(t.AR) == "" && strings.TrimSpace(t.EN) == "" }

// Get returns the text in lang ("ar" or "en").
func (t Text) Get(lang string) string {
	if lang == "ar" {
		return t.AR
	}
	return t.EN
}

// In returns the text in lang when it has it, else the other language's,
// with the language actually returned.
func (t Text) In(lang string) (string, string) {
	if s := t.Get(lang); strings.TrimSpace(s) != "" {
		return s, lang
	}
	other := OtherLang(lang)
	return t.Get(other), other
}

// OtherLang returns "en" for "ar" and "ar" for anything else.
func OtherLang(lang string) string {
	if lang == "ar" {
		return "en"
	}
	return "ar"
}

// Source is a record's provenance.
type Source struct {
	Name string `json:"name,omitempty"`
	URL  string `json:"url,omitempty"`
	Note string `json:"note,omitempty"`
}

// Link is a typed link from one record to another.
type Link struct {
	Rel  Rel    `json:"rel"`
	To   string `json:"to"`
	Note string `json:"note,omitempty"`
}

// Alias is another name of a place, person or entity.
type Alias struct {
	Value string `json:"value"`
	Lang  string `json:"lang,omitempty"`
}

// Segment is one time-coded part of a testimony.
type Segment struct {
	Start string `json:"start"`
	End   string `json:"end,omitempty"`
	Title Text   `json:"title,omitzero"`
	Text  Text   `json:"text,omitzero"`
}

// Attrs holds the fields that only some kinds have. Which kind may use which
// field is checked by Record.Validate.
type Attrs struct {
	Level    string    `json:"level,omitempty"`  // place
	Parent   string    `json:"parent,omitempty"` // place, entity
	PCode    string    `json:"pcode,omitempty"`  // place
	Lat      *float64  `json:"lat,omitempty"`    // place
	Lon      *float64  `json:"lon,omitempty"`    // place
	Aliases  []Alias   `json:"aliases,omitempty"`
	Born     string    `json:"born,omitempty"`     // person
	Died     string    `json:"died,omitempty"`     // person
	URL      string    `json:"url,omitempty"`      // video
	Duration string    `json:"duration,omitempty"` // video
	Segments []Segment `json:"segments,omitempty"` // testimony
}

// IsZero reports whether no attribute is set.
func (a Attrs) IsZero() bool {
	return a.Level == "" && a.Parent == "" && a.PCode == "" && a.Lat == nil && a.Lon == nil &&
		len(a.Aliases) == 0 && a.Born == "" && a.Died == "" && a.URL == "" && a.Duration == "" && len(a.Segments) == 0
}

// Record is one item of the archive, in the one JSON shape used for import,
// export and the API.
type Record struct {
	Kind        Kind        `json:"kind"`
	Code        string      `json:"code,omitempty"`
	Title       Text        `json:"title"`
	Text        Text        `json:"text,omitzero"`
	Type        string      `json:"type,omitempty"`
	Date        string      `json:"date,omitempty"`
	Places      []string    `json:"places,omitempty"`
	Reliability Reliability `json:"reliability,omitempty"`
	Status      Status      `json:"status,omitempty"`
	Source      *Source     `json:"source,omitempty"`
	Links       []Link      `json:"links,omitempty"`
	Attrs       Attrs       `json:"attrs,omitzero"`
	Files       []File      `json:"files,omitempty"`
}

// ParsedDate returns the record's date; it is the zero Date when the record
// has none or has not been validated.
func (r *Record) ParsedDate() Date {
	d, _ := ParseDate(r.Date)
	return d
}

// Parent returns the code of the place (for places) or entity (for entities)
// this record sits under.
func (r *Record) Parent() string { return r.Attrs.Parent }

// Level returns a place's level: attrs.level, or its type.
func (r *Record) Level() string {
	if r.Attrs.Level != "" {
		return r.Attrs.Level
	}
	return r.Type
}

// References lists every code r points to, with the JSON path it is at and
// the kind it must have ("" for any kind).
func (r *Record) References() []Reference {
	var refs []Reference
	for i, p := range r.Places {
		refs = append(refs, Reference{Field: fmt.Sprintf("places[%d]", i), Code: p, Kind: KindPlace})
	}
	for i, l := range r.Links {
		refs = append(refs, Reference{Field: fmt.Sprintf("links[%d].to", i), Code: l.To})
	}
	if r.Attrs.Parent != "" {
		refs = append(refs, Reference{Field: "attrs.parent", Code: r.Attrs.Parent, Kind: r.Kind})
	}
	return refs
}

// Reference is a code a record points to.
type Reference struct {
	Field string
	Code  string
	Kind  Kind // the kind the target must have, or "" for any
}

// MaxRecordBytes bounds one record's JSON: a whole book's text fits.
const MaxRecordBytes = 16 << 20

// DecodeRecord reads one record from its JSON strictly: unknown fields,
// wrong types, trailing data, a key given twice in one object and half a
// surrogate pair are errors, named by their JSON path.
func DecodeRecord(data []byte) (*Record, error) {
	if !utf8.Valid(data) {
		return nil, ValidationError{{Message: "not valid UTF-8"}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r Record
	if err := dec.Decode(&r); err != nil {
		return nil, ValidationError{jsonProblem(err)}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, ValidationError{{Message: "unexpected data after the record's JSON object"}}
	}
	if fe := checkKeys(data); fe != nil {
		return nil, ValidationError{*fe}
	}
	return &r, nil
}

func jsonProblem(err error) FieldError {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			return FieldError{Message: fmt.Sprintf("expected a JSON object, got %s", te.Value)}
		}
		return FieldError{Field: field, Message: fmt.Sprintf("expected %s, got %s", jsonTypeName(te.Type.Kind().String()), te.Value)}
	case errors.As(err, &se):
		return FieldError{Message: fmt.Sprintf("invalid JSON at byte %d: %s", se.Offset, strings.TrimPrefix(se.Error(), "json: "))}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return FieldError{Message: "incomplete JSON object"}
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if f, ok := strings.CutPrefix(msg, "unknown field "); ok {
		return FieldError{Message: "unknown field " + f}
	}
	return FieldError{Message: msg}
}

func jsonTypeName(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "slice", "array":
		return "a list"
	case "struct", "map", "ptr":
		return "an object"
	case "float64", "int", "int64":
		return "a number"
	case "bool":
		return "true or false"
	}
	return goKind
}

// Encode writes r as one line of canonical JSON: the form export writes and
// import reads back to the same bytes.
func (r *Record) Encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var (
	durationRE = regexp.MustCompile(`^(\d{1,3}:)?[0-5]?\d:[0-5]\d$`)
	timecodeRE = regexp.MustCompile(`^\d{1,3}:[0-5]\d:[0-5]\d(\.\d{1,3})?$`)
)

// Normalize fills defaults and puts values in their canonical form: it is
// what makes import(export) give back the same bytes. It runs before
// Validate and changes nothing a person wrote but spacing around codes,
// slugs and dates.
func (r *Record) Normalize() {
	r.Code = strings.TrimSpace(r.Code)
	r.Type = strings.TrimSpace(r.Type)
	if r.Reliability == "" {
		r.Reliability = Unspecified
	}
	if r.Status == "" {
		r.Status = Published
	}
	if d, err := ParseDate(r.Date); err == nil {
		r.Date = d.String()
	}
	for i := range r.Places {
		r.Places[i] = strings.TrimSpace(r.Places[i])
	}
	for i := range r.Links {
		r.Links[i].To = strings.TrimSpace(r.Links[i].To)
		if r.Links[i].Rel == "" {
			r.Links[i].Rel = RelRelated
		}
	}
	a := &r.Attrs
	a.Parent = strings.TrimSpace(a.Parent)
	a.Level = strings.TrimSpace(a.Level)
	if r.Kind == KindPlace && a.Level == "" && r.Type != "" {
		a.Level = r.Type
	}
	for _, p := range []*string{&a.Born, &a.Died} {
		if d, err := ParseDate(*p); err == nil {
			*p = d.String()
		}
	}
	if r.Source != nil && *r.Source == (Source{}) {
		r.Source = nil
	}
	r.normalizeFiles()
}

// attrKinds says which kinds may use which attribute.
var attrKinds = map[string][]Kind{
	"level":    {KindPlace},
	"parent":   {KindPlace, KindEntity},
	"pcode":    {KindPlace},
	"lat":      {KindPlace},
	"lon":      {KindPlace},
	"aliases":  {KindPlace, KindPerson, KindEntity},
	"born":     {KindPerson},
	"died":     {KindPerson},
	"url":      {KindVideo},
	"duration": {KindVideo},
	"segments": {KindTestimony},
}

// Validate checks r on its own (references to other records are checked by
// the caller that can see them) and returns a ValidationError listing every
// problem, or nil.
func (r *Record) Validate() error {
	var errs ValidationError
	add := func(field, format string, args ...any) {
		errs = append(errs, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if r.Kind == "" {
		add("kind", "required")
	} else if !r.Kind.Valid() {
		add("kind", "unknown kind %q (want one of document, video, testimony, diary, person, entity, place)", r.Kind)
	}
	if r.Code != "" {
		if msg := checkCode(r.Code); msg != "" {
			add("code", "%s", msg)
		}
	}
	if r.Title.IsZero() {
		add("title", "required in Arabic or English")
	}
	for _, f := range [...]struct{ field, v string }{{"title.ar", r.Title.AR}, {"title.en", r.Title.EN}, {"type", r.Type}} {
		if msg := checkLine(f.v); msg != "" {
			add(f.field, "%s", msg)
		}
	}
	if r.Source != nil {
		if msg := checkLine(r.Source.Name); msg != "" {
			add("source.name", "%s", msg)
		}
	}
	if len(r.Type) > 100 {
		add("type", "longer than 100 characters")
	}
	if _, err := ParseDate(r.Date); err != nil {
		add("date", "%q: %v", r.Date, err)
	}
	for i, p := range r.Places {
		if msg := checkCode(p); msg != "" {
			add(fmt.Sprintf("places[%d]", i), "%s", msg)
		}
	}
	if !r.Reliability.Valid() {
		add("reliability", "unknown grade %q (want correct, incorrect, unverified or unspecified)", r.Reliability)
	}
	if !r.Status.Valid() {
		add("status", "unknown status %q (want published, draft, review or withdrawn)", r.Status)
	}
	if r.Source != nil && r.Source.URL != "" {
		if msg := checkURL(r.Source.URL); msg != "" {
			add("source.url", "%q: %s", r.Source.URL, msg)
		}
	}
	for i, l := range r.Links {
		f := fmt.Sprintf("links[%d]", i)
		if !l.Rel.Valid() {
			add(f+".rel", "unknown link type %q (want related, issued-by, mentions, part-of, member-of, witness or source)", l.Rel)
		}
		if msg := checkCode(l.To); msg != "" {
			add(f+".to", "%s", msg)
		} else if l.To == r.Code {
			add(f+".to", "a record cannot link to itself")
		}
	}
	r.validateAttrs(add)
	r.validateFiles(add)
	if len(errs) > 0 {
		return errs
	}
	return nil
}

func (r *Record) validateAttrs(add func(field, format string, args ...any)) {
	a := r.Attrs
	set := map[string]bool{
		"level": a.Level != "", "parent": a.Parent != "", "pcode": a.PCode != "",
		"lat": a.Lat != nil, "lon": a.Lon != nil, "aliases": len(a.Aliases) > 0,
		"born": a.Born != "", "died": a.Died != "", "url": a.URL != "",
		"duration": a.Duration != "", "segments": len(a.Segments) > 0,
	}
	for _, name := range []string{"level", "parent", "pcode", "lat", "lon", "aliases", "born", "died", "url", "duration", "segments"} {
		if !set[name] || !r.Kind.Valid() {
			continue
		}
		allowed := false
		for _, k := range attrKinds[name] {
			allowed = allowed || k == r.Kind
		}
		if !allowed {
			add("attrs."+name, "not an attribute of a %s", r.Kind)
		}
	}
	if a.Level != "" && r.Kind == KindPlace {
		ok := false
		for _, l := range PlaceLevels {
			ok = ok || l == a.Level
		}
		if !ok {
			add("attrs.level", "unknown level %q (want governorate, district, subdistrict, community or site)", a.Level)
		}
	}
	if a.Parent != "" {
		if msg := checkCode(a.Parent); msg != "" {
			add("attrs.parent", "%s", msg)
		} else if a.Parent == r.Code {
			add("attrs.parent", "a record cannot be its own parent")
		}
	}
	if a.Lat != nil && (*a.Lat < -90 || *a.Lat > 90) {
		add("attrs.lat", "%v is not a latitude", *a.Lat)
	}
	if a.Lon != nil && (*a.Lon < -180 || *a.Lon > 180) {
		add("attrs.lon", "%v is not a longitude", *a.Lon)
	}
	for i, al := range a.Aliases {
		if strings.TrimSpace(al.Value) == "" {
			add(fmt.Sprintf("attrs.aliases[%d].value", i), "required")
		} else if msg := checkLine(al.Value); msg != "" {
			add(fmt.Sprintf("attrs.aliases[%d].value", i), "%s", msg)
		}
		if msg := checkLine(al.Lang); msg != "" {
			add(fmt.Sprintf("attrs.aliases[%d].lang", i), "%s", msg)
		}
	}
	for name, v := range map[string]string{"born": a.Born, "died": a.Died} {
		if _, err := ParseDate(v); err != nil {
			add("attrs."+name, "%q: %v", v, err)
		}
	}
	if a.URL != "" {
		if msg := checkURL(a.URL); msg != "" {
			add("attrs.url", "%q: %s", a.URL, msg)
		}
	}
	if a.Duration != "" && !durationRE.MatchString(a.Duration) {
		add("attrs.duration", "%q: want MM:SS or H:MM:SS", a.Duration)
	}
	for i, s := range a.Segments {
		f := fmt.Sprintf("attrs.segments[%d]", i)
		for _, t := range [...]struct{ lang, v string }{{"ar", s.Title.AR}, {"en", s.Title.EN}} {
			if msg := checkLine(t.v); msg != "" {
				add(f+".title."+t.lang, "%s", msg)
			}
		}
		if !timecodeRE.MatchString(s.Start) {
			add(f+".start", "%q: want HH:MM:SS", s.Start)
		}
		if s.End != "" {
			if !timecodeRE.MatchString(s.End) {
				add(f+".end", "%q: want HH:MM:SS", s.End)
			} else if timecodeRE.MatchString(s.Start) && seconds(s.End) < seconds(s.Start) {
				add(f+".end", "%q is before the start %q", s.End, s.Start)
			}
		}
	}
}

// checkLine explains why s cannot be a code, a title or a name: a control
// character (a NUL, a tab, a line break, an escape…), which has no place in
// one line and breaks the formats it is written to, or a bidirectional
// override or isolate (U+202A–U+202E, U+2066–U+2069), which reorders
// what follows it on a page: a title could show another text than it holds.
// Long texts keep them; every format strips them on output (Printable).
func checkLine(s string) string {
	for i, r := range s {
		switch {
		case r < 0x20 || r == 0x7f:
			return fmt.Sprintf("control character U+%04X at byte %d", r, i)
		case isBidiControl(r):
			return fmt.Sprintf("bidirectional control U+%04X at byte %d (text direction is the page's business)", r, i)
		}
	}
	return ""
}

func isBidiControl(r rune) bool { return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 }

// BidiControl reports whether r is a bidirectional embedding, override or
// isolate (U+202A–U+202E, U+2066–U+2069): what Printable takes out.
func BidiControl(r rune) bool { return isBidiControl(r) }

// Printable returns s without the characters that must never reach a page
// or a file raw: C0 controls other than tab and line feed (a NUL or an
// escape ends or breaks XML, BibTeX and terminals; a carriage return
// becomes a line feed) and bidirectional overrides and isolates. Long texts
// may hold them, as given; everything written out of the archive goes
// through this.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f || isBidiControl(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f || isBidiControl(r):
			return -1
		}
		return r
	}, s)
}

// checkURL explains why s is not a web address the archive will link to.
// Only http and https are allowed: a javascript: URL must never become a link.
func checkURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return "not a URL"
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "only http and https addresses are allowed"
	}
	if u.Host == "" {
		return "no host"
	}
	return ""
}

// SafeURL returns s when it is an http(s) address, else "".
func SafeURL(s string) string {
	if checkURL(s) != "" {
		return ""
	}
	return strings.TrimSpace(s)
}

// seconds converts a validated H:MM:SS[.fff] time code to seconds.
func seconds(tc string) float64 {
	var total float64
	for _, p := range strings.Split(tc, ":") {
		var f float64
		fmt.Sscanf(p, "%g", &f)
		total = total*60 + f
	}
	return total
}

// ChangedFields names the top-level fields that differ between two versions
// of a record, in JSON order; a new record (old == nil) changed everything
// it has.
func ChangedFields(old, new *Record) []string {
	if old == nil {
		old = &Record{}
	}
	var out []string
	cmp := func(name string, a, b any) {
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if !bytes.Equal(ja, jb) {
			out = append(out, name)
		}
	}
	cmp("kind", old.Kind, new.Kind)
	cmp("title", old.Title, new.Title)
	cmp("text", old.Text, new.Text)
	cmp("type", old.Type, new.Type)
	cmp("date", old.Date, new.Date)
	cmp("places", old.Places, new.Places)
	cmp("reliability", old.Reliability, new.Reliability)
	cmp("status", old.Status, new.Status)
	cmp("source", old.Source, new.Source)
	cmp("links", old.Links, new.Links)
	cmp("attrs", old.Attrs, new.Attrs)
	cmp("files", old.Files, new.Files)
	return out
}

// Revision is one saved version of a record.
type Revision struct {
	Code    string
	N       int       // 1 for the first version
	Author  string    // who saved it
	At      time.Time // when
	Note    string
	Changed []string // top-level fields changed from the version before
	Record  *Record
}
