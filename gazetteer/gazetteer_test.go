package gazetteer

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
)

// openSyriaDir is the OpenSyria data the embedded gazetteer is made from; CI
// has shared/ beside the repository.
const openSyriaDir = "../../shared/data/syria-geography"

func needOpenSyria(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(openSyriaDir, "governorates.json")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI has no OpenSyria data beside the repository: %v", err)
		}
		t.Skipf("no OpenSyria data: %v", err)
	}
}

// The embedded file is exactly what go generate makes from the data, so the
// shipped gazetteer can always be rebuilt from its source.
func TestEmbeddedIsGenerated(t *testing.T) {
	needOpenSyria(t)
	recs, err := LoadOpenSyria(openSyriaDir)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	for _, r := range recs {
		line, err := r.Encode()
		if err != nil {
			t.Fatal(err)
		}
		want.Write(line)
	}
	if !bytes.Equal(SyriaJSONL, want.Bytes()) {
		t.Fatal("syria.jsonl differs from what LoadOpenSyria makes of the data: run go generate ./gazetteer")
	}
	attr, err := os.ReadFile("ATTRIBUTION.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{Attribution, AttributionAR} {
		if !bytes.Contains(attr, []byte(s)) {
			t.Errorf("ATTRIBUTION.md lacks %q: run go generate ./gazetteer", s)
		}
	}
}

// Every source the data cites is credited.
func TestAttributionNamesSources(t *testing.T) {
	needOpenSyria(t)
	names := map[string]string{
		"wikidata":                 "Wikidata",
		"geonames-sy":              "GeoNames",
		"geoboundaries-syr":        "geoBoundaries",
		"hdx-syr-admin-boundaries": "administrative boundaries",
		"hdx-syr-populated-places": "populated places",
		"uscb-syria-population":    "U.S. Census Bureau",
	}
	for _, f := range []string{"governorates.json", "districts.json", "subdistricts.json"} {
		data, err := os.ReadFile(filepath.Join(openSyriaDir, f))
		if err != nil {
			t.Fatal(err)
		}
		var entries []struct {
			ID        string   `json:"id"`
			SourceIDs []string `json:"sourceIds"`
		}
		if err := json.Unmarshal(data, &entries); err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			for _, s := range e.SourceIDs {
				name, ok := names[s]
				if !ok {
					t.Errorf("%s: %s cites source %q, which the attribution does not name", f, e.ID, s)
				} else if !strings.Contains(Attribution, name) {
					t.Errorf("Attribution does not name %s (%s)", name, s)
				}
			}
		}
	}
	for _, s := range []string{Attribution, AttributionAR} {
		for _, want := range []string{"OpenSyria data-geography", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"} {
			if !strings.Contains(s, want) {
				t.Errorf("attribution %q lacks %q", s, want)
			}
		}
	}
}

func syria(t *testing.T) (recs []*dhakira.Record, byCode map[string]*dhakira.Record) {
	t.Helper()
	recs, err := Syria()
	if err != nil {
		t.Fatal(err)
	}
	byCode = map[string]*dhakira.Record{}
	for _, r := range recs {
		if byCode[r.Code] != nil {
			t.Fatalf("code %s appears twice", r.Code)
		}
		byCode[r.Code] = r
	}
	return recs, byCode
}

func TestSyria(t *testing.T) {
	recs, byCode := syria(t)
	counts := map[string]int{}
	depth := map[string]int{"governorate": 0, "district": 1, "subdistrict": 2}
	lines := bytes.Split(bytes.TrimSuffix(SyriaJSONL, []byte("\n")), []byte("\n"))
	if len(lines) != len(recs) {
		t.Fatalf("%d lines, %d records", len(lines), len(recs))
	}
	for i, r := range recs {
		if i > 0 && recs[i-1].Code >= r.Code {
			t.Errorf("line %d: %s after %s: not ordered by code", i+1, r.Code, recs[i-1].Code)
		}
		// Canonical: normalizing and encoding gives back the line.
		r.Normalize()
		line, err := r.Encode()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(bytes.TrimSuffix(line, []byte("\n")), lines[i]) {
			t.Errorf("line %d is not in canonical form:\n got %s\nwant %s", i+1, lines[i], line)
		}
		if err := r.Validate(); err != nil {
			t.Errorf("%s: %v", r.Code, err)
		}
		lv := r.Level()
		counts[lv]++
		if r.Kind != dhakira.KindPlace || r.Type != lv || r.Attrs.PCode != r.Code {
			t.Errorf("%s: kind %s, type %q, level %q, pcode %q", r.Code, r.Kind, r.Type, lv, r.Attrs.PCode)
		}
		if r.Status != dhakira.Published || r.Reliability != dhakira.Correct {
			t.Errorf("%s: status %s, reliability %s", r.Code, r.Status, r.Reliability)
		}
		if r.Source == nil || r.Source.Name != SourceName {
			t.Errorf("%s: source %+v", r.Code, r.Source)
		}
		if r.Title.AR == "" || r.Title.EN == "" {
			t.Errorf("%s: title %+v lacks a language", r.Code, r.Title)
		}
		if r.Attrs.Lat == nil || r.Attrs.Lon == nil || *r.Attrs.Lat < 32 || *r.Attrs.Lat > 37.5 || *r.Attrs.Lon < 35.5 || *r.Attrs.Lon > 42.5 {
			t.Errorf("%s: centroid %v,%v is not in Syria", r.Code, r.Attrs.Lat, r.Attrs.Lon)
		}
		seen := map[dhakira.Alias]bool{}
		for _, a := range r.Attrs.Aliases {
			if seen[a] {
				t.Errorf("%s: alias %+v twice", r.Code, a)
			}
			seen[a] = true
			if a.Value == r.Title.AR || a.Value == r.Title.EN {
				t.Errorf("%s: alias %q is the title", r.Code, a.Value)
			}
		}
		if lv == "governorate" {
			if r.Parent() != "" {
				t.Errorf("%s: a governorate with parent %s", r.Code, r.Parent())
			}
			continue
		}
		p := byCode[r.Parent()]
		if p == nil {
			t.Errorf("%s: parent %q is not in the gazetteer", r.Code, r.Parent())
		} else if depth[p.Level()] != depth[lv]-1 {
			t.Errorf("%s (%s): parent %s is a %s", r.Code, lv, p.Code, p.Level())
		}
	}
	want := map[string]int{"governorate": 14, "district": 62, "subdistrict": 272}
	for lv, n := range want {
		if counts[lv] != n {
			t.Errorf("%d %ss, want %d", counts[lv], lv, n)
		}
	}
	if len(recs) != 348 {
		t.Errorf("%d records, want 348", len(recs))
	}
}

func TestKnownPlaces(t *testing.T) {
	_, byCode := syria(t)
	has := func(r *dhakira.Record, value, lang string) bool {
		for _, a := range r.Attrs.Aliases {
			if a.Value == value && a.Lang == lang {
				return true
			}
		}
		return false
	}

	hasakah := byCode["SY08"]
	if hasakah == nil {
		t.Fatal("no SY08")
	}
	if hasakah.Title.AR != "محافظة الحسكة" || hasakah.Title.EN != "Al-Hasakah Governorate" {
		t.Errorf("SY08 title %+v", hasakah.Title)
	}
	for _, a := range [][2]string{{"Hasaka", "en"}, {"Hasakah", "en"}, {"الحسكة", "ar"}, {"Al-Hasakah", "en"}} {
		if !has(hasakah, a[0], a[1]) {
			t.Errorf("SY08 lacks alias %+v: %+v", a, hasakah.Attrs.Aliases)
		}
	}

	homs := byCode["SY04"]
	if homs.Title.AR != "محافظة حمص" || homs.Title.EN != "Homs Governorate" || !has(homs, "حمص", "ar") {
		t.Errorf("SY04: %+v %+v", homs.Title, homs.Attrs.Aliases)
	}

	// A subdistrict's chain up to its governorate, as a place path shows it.
	var path []string
	for c := "SY030401"; c != ""; c = byCode[c].Parent() {
		path = append([]string{byCode[c].Title.EN}, path...)
	}
	if got := strings.Join(path, " › "); got != "Rif Dimashq Governorate › Al-Tall › Sidnaya" {
		t.Errorf("Sidnaya path %q", got)
	}
	city := byCode["SY040100"]
	if city.Title.AR != "مركز حمص" || city.Parent() != "SY0401" || byCode["SY0401"].Parent() != "SY04" {
		t.Errorf("SY040100: %+v parent %s", city.Title, city.Parent())
	}
	if lat := *byCode["SY08"].Attrs.Lat; lat != 36.51667 {
		t.Errorf("SY08 lat %v", lat)
	}
}

func TestLoadErrors(t *testing.T) {
	needOpenSyria(t)
	dir := t.TempDir()
	for _, f := range []string{"governorates.json", "subdistricts.json"} {
		data, err := os.ReadFile(filepath.Join(openSyriaDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write := func(s string) {
		if err := os.WriteFile(filepath.Join(dir, "districts.json"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ districts, want string }{
		{`[{"id":"sy-x","governorateId":"sy-nowhere","name":{"en":"X","ar":"س"},"externalIds":{"ochaPcode":"SY9900"}}]`,
			`districts.json: record "sy-x": parent "sy-nowhere" is not in the level above`},
		{`[{"id":"sy-x","governorateId":"sy-homs","name":{"en":"X","ar":"س"},"externalIds":{}}]`,
			`districts.json: record "sy-x": no externalIds.ochaPcode`},
		{`[{"id":"sy-x","governorateId":"sy-homs","name":{"en":"X"},"externalIds":{"ochaPcode":"SY 04"}}]`,
			`districts.json: record "sy-x": code: code "SY 04" may hold only`},
		{`{"id":"sy-x"}`, `districts.json: json: cannot unmarshal`},
	} {
		write(tc.districts)
		_, err := LoadOpenSyria(dir)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:\n got %v\nwant …%s…", tc.districts, err, tc.want)
		}
	}
}
