package archival

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
	"github.com/dhakira/dhakira/demo"
	"github.com/dhakira/dhakira/gazetteer"
	"github.com/dhakira/dhakira/ingest"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/jsonl"
	"github.com/dhakira/dhakira/sqlite"
)

func excerpt(s string) string {
	if len(s) > 4000 {
		return s[:4000] + "…"
	}
	return s
}

// load imports JSON Lines into db, failing the test on any problem.
func load(t testing.TB, db *sqlite.DB, opt ingest.Options, inputs ...ingest.Input) {
	t.Helper()
	if opt.Author == "" {
		opt.Author = "archival-test (alice@example.org)"
	}
	if _, err := ingest.Import(context.Background(), db, inputs, opt); err != nil {
		t.Fatal(err)
	}
}

func lines(name string, ls ...string) ingest.Input {
	return jsonl.Bytes(name, []byte(strings.Join(ls, "\n")+"\n"))
}

// demoStore is the bundled demo archive over the Syrian gazetteer, as
// serve --demo loads it.
func demoStore(t testing.TB) *sqlite.DB {
	t.Helper()
	db := sqlitetest.Open(t)
	load(t, db, ingest.Options{SkipExisting: true, Author: "gazetteer"}, jsonl.Bytes(gazetteer.SyriaFile, gazetteer.SyriaJSONL))
	load(t, db, ingest.Options{Author: "demo"}, jsonl.Bytes(demo.File, demo.JSONL))
	return db
}

// demoRecords decodes the demo archive.
func demoRecords(t testing.TB) []*dhakira.Record {
	t.Helper()
	var out []*dhakira.Record
	for _, line := range bytes.Split(demo.JSONL, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		r, err := dhakira.DecodeRecord(line)
		if err != nil {
			t.Fatal(err)
		}
		r.Normalize()
		out = append(out, r)
	}
	return out
}

func testSettings() config.Settings {
	s := config.Default()
	s.Name = config.Bilingual{AR: "الذاكرة السورية", EN: "Syrian Memory"}
	s.BaseURL = "https://archive.example.org"
	s.Contact = "editors@example.org"
	return s
}

// elem is a parsed XML element, for looking into the output.
type elem struct {
	Name  string
	Attr  map[string]string
	Text  string
	Kids  []*elem
	Space string
}

func parseXML(t testing.TB, data []byte) *elem {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []*elem
	var root *elem
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("output is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			e := &elem{Name: tok.Name.Local, Space: tok.Name.Space, Attr: map[string]string{}}
			for _, a := range tok.Attr {
				e.Attr[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.Kids = append(p.Kids, e)
			} else {
				root = e
			}
			stack = append(stack, e)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(tok)
			}
		}
	}
	if root == nil {
		t.Fatal("no root element")
	}
	return root
}

// all lists e's descendants named name, depth first.
func (e *elem) all(name string) []*elem {
	var out []*elem
	for _, k := range e.Kids {
		if k.Name == name {
			out = append(out, k)
		}
		out = append(out, k.all(name)...)
	}
	return out
}

// kids lists e's children named name.
func (e *elem) kids(name string) []*elem {
	var out []*elem
	for _, k := range e.Kids {
		if k.Name == name {
			out = append(out, k)
		}
	}
	return out
}

// kid is e's first child named name, or nil.
func (e *elem) kid(name string) *elem {
	for _, k := range e.Kids {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// byLang maps the lang (or languageOfElement) of each element to its text.
func byLang(es []*elem) map[string]string {
	out := map[string]string{}
	for _, e := range es {
		l := e.Attr["lang"]
		if l == "" {
			l = e.Attr["languageOfElement"]
		}
		out[l] = e.Text
	}
	return out
}

// items maps each item component's memory code to the component.
func items(root *elem) map[string]*elem {
	out := map[string]*elem{}
	for _, c := range root.all("c") {
		if c.Attr["level"] != "item" {
			continue
		}
		if id := c.kid("did").kid("unitid"); id != nil {
			out[id.Text] = c
		}
	}
	return out
}

func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
