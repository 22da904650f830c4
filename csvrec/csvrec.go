// Package csvrec maps records to CSV rows and back, for archivists who work
// in spreadsheets: one row per record, one column per field and language.
// Importing CSV goes through package ingest's all-or-nothing import (the same
// checks, problems and single transaction as JSON Lines); this package only
// reads rows into records (Format) and writes records as rows (Export).
//
// Lists (places, links, aliases) sit in one cell, their items separated by
// "|"; inside an item, `\|` is a literal bar and `\\` a literal backslash.
// A link is `rel:code` or `rel:code:note`; an alias is `lang:value`, or
// `value` (or `:value`) for an alias without a language. Testimony segments
// are a JSON list in their cell. Files are paths (relative to the CSV
// file) or hashes of files in the archive separated by "|", or a JSON list
// of the record JSON's files, which export writes to keep names and labels.
package csvrec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/dhakira/dhakira"
)

// column is one CSV column: its name in the header, the JSON path of the
// field it holds, and how a record's value is read from and written to a
// cell.
type column struct {
	name  string
	field string
	get   func(r *dhakira.Record) (string, error)
	set   func(r *dhakira.Record, v string) []dhakira.FieldError
}

// columns are every column, in the order Export writes them: the fourteen
// of the contract's fields first, then the source's note and the kinds'
// attributes, which a spreadsheet may leave out.
var columns = []column{
	text("code", "code", func(r *dhakira.Record) *string { return &r.Code }),
	{name: "kind", field: "kind",
		get: func(r *dhakira.Record) (string, error) { return string(r.Kind), nil },
		set: func(r *dhakira.Record, v string) []dhakira.FieldError {
			r.Kind = dhakira.Kind(strings.TrimSpace(v))
			return nil
		}},
	text("title_ar", "title.ar", func(r *dhakira.Record) *string { return &r.Title.AR }),
	text("title_en", "title.en", func(r *dhakira.Record) *string { return &r.Title.EN }),
	text("text_ar", "text.ar", func(r *dhakira.Record) *string { return &r.Text.AR }),
	text("text_en", "text.en", func(r *dhakira.Record) *string { return &r.Text.EN }),
	text("type", "type", func(r *dhakira.Record) *string { return &r.Type }),
	text("date", "date", func(r *dhakira.Record) *string { return &r.Date }),
	{name: "places", field: "places",
		get: func(r *dhakira.Record) (string, error) { return joinList(r.Places), nil },
		set: func(r *dhakira.Record, v string) []dhakira.FieldError {
			r.Places = splitList(v)
			return nil
		}},
	{name: "reliability", field: "reliability",
		get: func(r *dhakira.Record) (string, error) { return string(r.Reliability), nil },
		set: func(r *dhakira.Record, v string) []dhakira.FieldError {
			r.Reliability = dhakira.Reliability(strings.TrimSpace(v))
			return nil
		}},
	{name: "status", field: "status",
		get: func(r *dhakira.Record) (string, error) { return string(r.Status), nil },
		set: func(r *dhakira.Record, v string) []dhakira.FieldError {
			r.Status = dhakira.Status(strings.TrimSpace(v))
			return nil
		}},
	source("source_name", "source.name", func(s *dhakira.Source) *string { return &s.Name }),
	source("source_url", "source.url", func(s *dhakira.Source) *string { return &s.URL }),
	{name: "links", field: "links", get: getLinks, set: setLinks},
	source("source_note", "source.note", func(s *dhakira.Source) *string { return &s.Note }),
	{name: "aliases", field: "attrs.aliases", get: getAliases, set: setAliases},
	text("level", "attrs.level", func(r *dhakira.Record) *string { return &r.Attrs.Level }),
	text("parent", "attrs.parent", func(r *dhakira.Record) *string { return &r.Attrs.Parent }),
	text("pcode", "attrs.pcode", func(r *dhakira.Record) *string { return &r.Attrs.PCode }),
	number("lat", "attrs.lat", func(r *dhakira.Record) **float64 { return &r.Attrs.Lat }),
	number("lon", "attrs.lon", func(r *dhakira.Record) **float64 { return &r.Attrs.Lon }),
	text("born", "attrs.born", func(r *dhakira.Record) *string { return &r.Attrs.Born }),
	text("died", "attrs.died", func(r *dhakira.Record) *string { return &r.Attrs.Died }),
	text("url", "attrs.url", func(r *dhakira.Record) *string { return &r.Attrs.URL }),
	text("duration", "attrs.duration", func(r *dhakira.Record) *string { return &r.Attrs.Duration }),
	{name: "segments", field: "attrs.segments", get: getSegments, set: setSegments},
	{name: "files", field: "files", get: getFiles, set: setFiles},
}

// Columns lists the names of every column, in the order Export writes
// them.
func Columns() []string {
	out := make([]string, len(columns))
	for i, c := range columns {
		out[i] = c.name
	}
	return out
}

// text is a column holding one string field as it is.
func text(name, field string, at func(*dhakira.Record) *string) column {
	return column{name: name, field: field,
		get: func(r *dhakira.Record) (string, error) { return *at(r), nil },
		set: func(r *dhakira.Record, v string) []dhakira.FieldError {
			*at(r) = v
			return nil
		}}
}

// source is a column holding one field of the record's source.
func source(name, field string, at func(*dhakira.Source) *string) column {
	return column{name: name, field: field,
		get: func(r *dhakira.Record) (string, error) {
			if r.Source == nil {
				return "", nil
			}
			return *at(r.Source), nil
		},
		set: func(r *dhakira.Record, v string) []dhakira.FieldError {
			if v == "" {
				return nil
			}
			if r.Source == nil {
				r.Source = &dhakira.Source{}
			}
			*at(r.Source) = v
			return nil
		}}
}

// number is a column holding an optional number (a latitude, a
// longitude).
func number(name, field string, at func(*dhakira.Record) **float64) column {
	return column{name: name, field: field,
		get: func(r *dhakira.Record) (string, error) {
			if p := *at(r); p != nil {
				return strconv.FormatFloat(*p, 'f', -1, 64), nil
			}
			return "", nil
		},
		set: func(r *dhakira.Record, v string) []dhakira.FieldError {
			v = strings.TrimSpace(v)
			if v == "" {
				return nil
			}
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
				return []dhakira.FieldError{{Field: field, Message: fmt.Sprintf("%q is not a number", v)}}
			}
			*at(r) = &f
			return nil
		}}
}

func getLinks(r *dhakira.Record) (string, error) {
	items := make([]string, len(r.Links))
	for i, l := range r.Links {
		items[i] = string(l.Rel) + ":" + strings.TrimSpace(l.To)
		if note := strings.TrimSpace(l.Note); note != "" {
			items[i] += ":" + note
		}
	}
	return joinList(items), nil
}

// setLinks reads `rel:code`, `rel:code:note` or a bare `code` (a related
// link). Neither a link type nor a code has a colon, so the note may.
func setLinks(r *dhakira.Record, v string) []dhakira.FieldError {
	r.Links = nil
	for _, item := range splitList(v) {
		parts := strings.SplitN(item, ":", 3)
		var l dhakira.Link
		switch len(parts) {
		case 1:
			l.To = parts[0]
		case 2:
			l.Rel, l.To = dhakira.Rel(strings.TrimSpace(parts[0])), strings.TrimSpace(parts[1])
		case 3:
			l.Rel, l.To, l.Note = dhakira.Rel(strings.TrimSpace(parts[0])), strings.TrimSpace(parts[1]), strings.TrimSpace(parts[2])
		}
		r.Links = append(r.Links, l)
	}
	return nil
}

// langTag is a language as an alias's prefix: ar, en, ku-Latn.
var (
	langTag    = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
	langPrefix = regexp.MustCompile(`^([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*):`)
)

func getAliases(r *dhakira.Record) (string, error) {
	items := make([]string, len(r.Attrs.Aliases))
	for i, a := range r.Attrs.Aliases {
		v := strings.TrimSpace(a.Value)
		switch {
		case a.Lang == "" && (strings.HasPrefix(v, ":") || langPrefix.MatchString(v)):
			items[i] = ":" + v // would read as a language otherwise
		case a.Lang == "":
			items[i] = v
		case langTag.MatchString(a.Lang):
			items[i] = a.Lang + ":" + v
		default:
			return "", fmt.Errorf("attrs.aliases[%d].lang: %q is not a language tag such as ar, en or ku-Latn, which CSV cannot carry (export JSON Lines)", i, a.Lang)
		}
	}
	return joinList(items), nil
}

func setAliases(r *dhakira.Record, v string) []dhakira.FieldError {
	r.Attrs.Aliases = nil
	for _, item := range splitList(v) {
		var a dhakira.Alias
		if rest, ok := strings.CutPrefix(item, ":"); ok {
			a.Value = strings.TrimSpace(rest)
		} else if m := langPrefix.FindStringSubmatch(item); m != nil {
			a.Lang, a.Value = m[1], strings.TrimSpace(item[len(m[0]):])
		} else {
			a.Value = item
		}
		r.Attrs.Aliases = append(r.Attrs.Aliases, a)
	}
	return nil
}

func getSegments(r *dhakira.Record) (string, error) {
	if len(r.Attrs.Segments) == 0 {
		return "", nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r.Attrs.Segments); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// setSegments reads a testimony's segments as a JSON list, as strictly as
// the record's own JSON.
func setSegments(r *dhakira.Record, v string) []dhakira.FieldError {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(v))
	dec.DisallowUnknownFields()
	var segs []dhakira.Segment
	err := dec.Decode(&segs)
	if err == nil {
		if _, end := dec.Token(); end != io.EOF {
			err = errors.New("unexpected data after the list")
		}
	}
	if err != nil {
		var se *json.SyntaxError
		msg := strings.TrimPrefix(err.Error(), "json: ")
		if errors.As(err, &se) {
			msg = fmt.Sprintf("invalid JSON at byte %d: %s", se.Offset, msg)
		}
		return []dhakira.FieldError{{Field: "attrs.segments", Message: `want a JSON list of {"start","end","title","text"}: ` + msg}}
	}
	r.Attrs.Segments = segs
	return nil
}

// joinList writes a list cell: items separated by "|", with "|" and "\"
// inside an item escaped by a backslash. Items are trimmed, as splitList
// reads them.
func joinList(items []string) string {
	var b strings.Builder
	for i, item := range items {
		if i > 0 {
			b.WriteByte('|')
		}
		for _, c := range []byte(strings.TrimSpace(item)) {
			if c == '|' || c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// splitList reads a list cell: it splits at each "|" that no backslash
// escapes, undoes `\|` and `\\` (a backslash before anything else is kept
// as it is), trims each item and drops empty ones.
func splitList(s string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if item := strings.TrimSpace(b.String()); item != "" {
			out = append(out, item)
		}
		b.Reset()
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s) && (s[i+1] == '|' || s[i+1] == '\\'):
			b.WriteByte(s[i+1])
			i++
		case c == '|':
			flush()
		default:
			b.WriteByte(c)
		}
	}
	flush()
	return out
}

// getFiles writes a record's files as the JSON list of the record's
// JSON, so that names, roles and captions make the round trip.
func getFiles(r *dhakira.Record) (string, error) {
	if len(r.Files) == 0 {
		return "", nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r.Files); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// setFiles reads paths and hashes separated by "|", or a JSON list of
// files.
func setFiles(r *dhakira.Record, v string) []dhakira.FieldError {
	r.Files = nil
	if strings.HasPrefix(strings.TrimSpace(v), "[") {
		dec := json.NewDecoder(strings.NewReader(v))
		dec.DisallowUnknownFields()
		err := dec.Decode(&r.Files)
		if err == nil {
			if _, end := dec.Token(); end != io.EOF {
				err = errors.New("unexpected data after the list")
			}
		}
		if err != nil {
			return []dhakira.FieldError{{Field: "files", Message: `want paths separated by | or a JSON list of {"sha256","name","role","lang","label"}: ` + strings.TrimPrefix(err.Error(), "json: ")}}
		}
		return nil
	}
	for _, item := range splitList(v) {
		item = strings.TrimSpace(item)
		if dhakira.ValidSHA256(item) {
			r.Files = append(r.Files, dhakira.File{SHA256: item})
		} else {
			r.Files = append(r.Files, dhakira.File{Path: item})
		}
	}
	return nil
}
