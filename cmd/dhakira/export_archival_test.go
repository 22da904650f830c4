package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/demo"
	"github.com/dhakira/dhakira/gazetteer"
	"github.com/dhakira/dhakira/internal/xmlschema"
)

// TestExportArchival runs export --format ead3 and --format eac-cpf over
// the demo archive, as a user does, and validates what they write.
func TestExportArchival(t *testing.T) {
	data := t.TempDir()
	dir := t.TempDir()
	gaz := filepath.Join(dir, "gazetteer.jsonl")
	dem := filepath.Join(dir, "demo.jsonl")
	os.WriteFile(gaz, gazetteer.SyriaJSONL, 0o644)
	os.WriteFile(dem, demo.JSONL, 0o644)
	if _, stderr, code := runBin(t, nil, nil, "import", "--data", data, gaz, dem); code != 0 {
		t.Fatalf("import exit %d: %s", code, stderr)
	}
	// The published persons and entities of the demo, and what the public
	// must not see.
	var persons, entities, hidden []string
	docs := 0
	for _, line := range bytes.Split(demo.JSONL, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		r, err := dhakira.DecodeRecord(line)
		if err != nil {
			t.Fatal(err)
		}
		r.Normalize()
		switch {
		case r.Status != dhakira.Published:
			hidden = append(hidden, r.Code)
		case r.Kind == dhakira.KindPerson:
			persons = append(persons, r.Code)
		case r.Kind == dhakira.KindEntity:
			entities = append(entities, r.Code)
		case r.Kind == dhakira.KindDocument:
			docs++
		}
	}
	if len(hidden) == 0 || len(persons) == 0 || len(entities) == 0 {
		t.Fatal("the demo has no unpublished record, person or entity: this test tests nothing")
	}
	env := []string{"DHAKIRA_BASE_URL=https://memory.example.org"}

	t.Run("ead3", func(t *testing.T) {
		stdout, stderr, code := runBin(t, nil, env, "export", "--data", data, "--format", "ead3")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		file := filepath.Join(t.TempDir(), "finding-aid.xml")
		if _, stderr, code := runBin(t, nil, env, "export", "--data", data, "--format", "ead3", "--out", file); code != 0 {
			t.Fatalf("--out: exit %d: %s", code, stderr)
		}
		written, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if string(written) != stdout {
			t.Error("--out wrote other bytes than standard output")
		}
		xmlschema.Validate(t, "ead3.xsd", file)
		for _, want := range []string{`<ead xmlns="http://ead3.archivists.org/schema/">`, "<unitid localtype=\"memory-code\">DOC-000001</unitid>",
			`href="https://memory.example.org/records/DOC-000001"`, `<c level="series" id="series-video">`} {
			if !strings.Contains(stdout, want) {
				t.Errorf("the finding aid lacks %s", want)
			}
		}
		if n := strings.Count(stdout, `<c level="item"`); n < docs {
			t.Errorf("%d items, fewer than the %d published documents", n, docs)
		}
		for _, h := range hidden {
			if strings.Contains(stdout, ">"+h+"<") || strings.Contains(stdout, "/"+h+`"`) {
				t.Errorf("the finding aid has the unpublished %s", h)
			}
		}

		docsOnly, _, code := runBin(t, nil, env, "export", "--data", data, "--format", "ead3", "--kind", "document")
		if code != 0 || strings.Contains(docsOnly, "VID-") || !strings.Contains(docsOnly, "DOC-000001") {
			t.Errorf("--kind document: exit %d, videos in it: %v", code, strings.Contains(docsOnly, "VID-"))
		}
		if _, stderr, code := runBin(t, nil, nil, "export", "--data", data, "--format", "ead3", "--kind", "person"); code != 2 || !strings.Contains(stderr, "documents, videos and testimonies") {
			t.Errorf("--kind person: exit %d, %s", code, stderr)
		}
	})

	t.Run("eac-cpf folder", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "eac")
		if _, stderr, code := runBin(t, nil, env, "export", "--data", data, "--format", "eac-cpf", "--out", out); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		entries, err := os.ReadDir(out)
		if err != nil {
			t.Fatal(err)
		}
		var names, files []string
		for _, e := range entries {
			names = append(names, e.Name())
			files = append(files, filepath.Join(out, e.Name()))
		}
		var want []string
		for _, c := range append(append([]string(nil), entities...), persons...) {
			want = append(want, c+".xml")
		}
		slices.Sort(want)
		if strings.Join(names, " ") != strings.Join(want, " ") {
			t.Errorf("files %v\nwant %v", names, want)
		}
		xmlschema.Validate(t, "eac-cpf-2.0.xsd", files...)
		body, _ := os.ReadFile(filepath.Join(out, persons[0]+".xml"))
		if !strings.Contains(string(body), "<recordId>"+persons[0]+"</recordId>") {
			t.Errorf("%s.xml is not its record", persons[0])
		}

		// A folder with files in it is refused: a record withdrawn since
		// must not stay behind.
		_, stderr, code := runBin(t, nil, env, "export", "--data", data, "--format", "eac-cpf", "--out", out)
		if code == 0 || !strings.Contains(stderr, "not empty") {
			t.Errorf("into a full folder: exit %d, %s", code, stderr)
		}
	})

	t.Run("eac-cpf zip", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "persons.zip")
		if _, stderr, code := runBin(t, nil, env, "export", "--data", data, "--format", "eac-cpf", "--kind", "person", "--out", file); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		zr, err := zip.OpenReader(file)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		dir := t.TempDir()
		var names, files []string
		for _, f := range zr.File {
			names = append(names, strings.TrimSuffix(f.Name, ".xml"))
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(rc)
			rc.Close()
			path := filepath.Join(dir, f.Name)
			os.WriteFile(path, body, 0o644)
			files = append(files, path)
		}
		if strings.Join(names, " ") != strings.Join(persons, " ") {
			t.Errorf("entries %v\nwant %v", names, persons)
		}
		xmlschema.Validate(t, "eac-cpf-2.0.xsd", files...)
	})

	t.Run("eac-cpf refusals", func(t *testing.T) {
		for _, args := range [][]string{
			{"--format", "eac-cpf"},
			{"--format", "eac-cpf", "--kind", "document", "--out", filepath.Join(t.TempDir(), "x.zip")},
		} {
			_, stderr, code := runBin(t, nil, nil, append([]string{"export", "--data", data}, args...)...)
			if code != 2 || !strings.Contains(stderr, "eac-cpf") {
				t.Errorf("%v: exit %d, %s", args, code, stderr)
			}
		}
	})
}
