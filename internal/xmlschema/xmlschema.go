// Package xmlschema validates XML documents against the official schemas
// in ../shared/schemas (beside the repository) with xmllint, offline, for
// the tests of every package that writes XML.
//
// Without xmllint or the schemas a test is skipped, except on CI
// (CI=true), where that fails: a validation that silently does not run
// checks nothing.
package xmlschema

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Path returns the path of schema (a file name of ../shared/schemas),
// found from the module's root above the test's working folder.
func Path(t testing.TB, schema string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
	path := filepath.Join(dir, "..", "shared", "schemas", schema)
	if _, err := os.Stat(path); err != nil {
		missing(t, "schema not found: "+path)
	}
	return path
}

func missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; CI=true, so the schema validation may not be skipped", what)
	}
	t.Skip(what)
}

// Doc is one document to validate, with a label for the messages.
type Doc struct {
	Label string
	Data  []byte
}

// Validate checks files against schema, a few hundred per xmllint run, and
// fails the test with xmllint's messages when one does not validate.
func Validate(t testing.TB, schema string, files ...string) {
	t.Helper()
	validate(t, schema, files, nil)
}

// ValidateDocs writes docs to files and validates them; messages name the
// documents by their labels.
func ValidateDocs(t testing.TB, schema string, docs ...Doc) {
	t.Helper()
	dir := t.TempDir()
	labels := map[string]string{}
	var files []string
	for i, d := range docs {
		f := filepath.Join(dir, fmt.Sprintf("doc%05d.xml", i))
		if err := os.WriteFile(f, d.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		labels[f] = d.Label
		files = append(files, f)
	}
	validate(t, schema, files, labels)
}

// ValidateBytes validates one document.
func ValidateBytes(t testing.TB, schema, label string, data []byte) {
	t.Helper()
	ValidateDocs(t, schema, Doc{Label: label, Data: data})
}

func validate(t testing.TB, schema string, files []string, labels map[string]string) {
	t.Helper()
	if len(files) == 0 {
		t.Fatal("no documents to validate")
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		missing(t, "xmllint not found on PATH (install Debian's libxml2-utils)")
	}
	path := Path(t, schema)
	for len(files) > 0 {
		n := min(len(files), 200)
		out, err := exec.Command(xmllint, append([]string{"--nonet", "--noout", "--schema", path}, files[:n]...)...).CombinedOutput()
		valid := strings.Count(string(out), " validates\n")
		if err != nil || valid != n {
			msg := string(out)
			for f, l := range labels {
				msg = strings.ReplaceAll(msg, f, l)
			}
			if len(msg) > 8000 {
				msg = msg[:8000] + "…"
			}
			t.Fatalf("xmllint --schema %s: %v; %d of %d valid\n%s", schema, err, valid, n, msg)
		}
		files = files[n:]
	}
}
