package gazetteer

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dhakira/dhakira"
)

// SourceName is the provenance every gazetteer record carries.
const SourceName = "OpenSyria data-geography (CC BY 4.0)"

// osPlace is one entry of an OpenSyria data-geography file, reduced to the
// fields the gazetteer uses.
type osPlace struct {
	ID            string `json:"id"`
	GovernorateID string `json:"governorateId"`
	DistrictID    string `json:"districtId"`
	Name          struct {
		EN string `json:"en"`
		AR string `json:"ar"`
	} `json:"name"`
	Aliases []struct {
		Value    string `json:"value"`
		Language string `json:"language"`
		Type     string `json:"type"`
	} `json:"aliases"`
	Centroid *struct {
		Latitude  *float64 `json:"latitude"`
		Longitude *float64 `json:"longitude"`
	} `json:"centroid"`
	ExternalIDs struct {
		OCHAPcode string `json:"ochaPcode"`
	} `json:"externalIds"`
}

// level is one of the three files, from the widest to the narrowest.
type level struct {
	name   string // the place level, also the record's type
	file   string
	parent func(p *osPlace) string // the id of the entry one level up
}

var levels = []level{
	{"governorate", "governorates.json", nil},
	{"district", "districts.json", func(p *osPlace) string { return p.GovernorateID }},
	{"subdistrict", "subdistricts.json", func(p *osPlace) string { return p.DistrictID }},
}

// LoadOpenSyria reads governorates.json, districts.json and subdistricts.json
// of an OpenSyria data-geography release in dir and returns them as place
// records coded by their OCHA p-codes, ordered by code. Each record names its
// parent by p-code, so the p-code hierarchy is the place hierarchy.
func LoadOpenSyria(dir string) ([]*dhakira.Record, error) {
	var recs []*dhakira.Record
	pcodes := map[string]string{} // OpenSyria id of the level above → p-code
	seen := map[string]string{}   // p-code → "file: record id", to report duplicates
	govOf := map[string]string{}  // district id → governorate id
	for _, lv := range levels {
		path := filepath.Join(dir, lv.file)
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var places []*osPlace
		if err := json.Unmarshal(data, &places); err != nil {
			return nil, fmt.Errorf("%s: %v", path, err)
		}
		ids := map[string]string{}
		for i, p := range places {
			if p == nil || strings.TrimSpace(p.ID) == "" {
				return nil, fmt.Errorf("%s: entry %d: no id", path, i+1)
			}
			fail := func(format string, args ...any) error {
				return fmt.Errorf("%s: record %q: %s", path, p.ID, fmt.Sprintf(format, args...))
			}
			if _, dup := ids[p.ID]; dup {
				return nil, fail("id appears twice")
			}
			r, err := placeRecord(p, lv.name)
			if err != nil {
				return nil, fail("%v", err)
			}
			if lv.parent != nil {
				pid := lv.parent(p)
				parent, ok := pcodes[pid]
				if pid == "" || !ok {
					return nil, fail("parent %q is not in the level above", pid)
				}
				r.Attrs.Parent = parent
			}
			if lv.name == "district" {
				govOf[p.ID] = p.GovernorateID
			}
			if lv.name == "subdistrict" && p.GovernorateID != "" && govOf[p.DistrictID] != p.GovernorateID {
				return nil, fail("governorateId %q, but district %q is in governorate %q", p.GovernorateID, p.DistrictID, govOf[p.DistrictID])
			}
			if prev, dup := seen[r.Code]; dup {
				return nil, fail("p-code %s is also used by %s", r.Code, prev)
			}
			seen[r.Code] = fmt.Sprintf("%s: record %q", lv.file, p.ID)
			r.Normalize()
			if err := r.Validate(); err != nil {
				return nil, fail("%v", err)
			}
			ids[p.ID] = r.Code
			recs = append(recs, r)
		}
		pcodes = ids
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].Code < recs[j].Code })
	return recs, nil
}

// placeRecord turns one OpenSyria entry into a place record without its
// parent, which the caller resolves.
func placeRecord(p *osPlace, lv string) (*dhakira.Record, error) {
	code := strings.TrimSpace(p.ExternalIDs.OCHAPcode)
	if code == "" {
		return nil, fmt.Errorf("no externalIds.ochaPcode")
	}
	name := dhakira.Text{AR: strings.TrimSpace(p.Name.AR), EN: strings.TrimSpace(p.Name.EN)}
	if name.IsZero() {
		return nil, fmt.Errorf("no name")
	}
	title := name
	var plain []dhakira.Alias
	if lv == "governorate" {
		// The archive names a governorate formally ("محافظة حمص"), so a
		// place path reads "Homs Governorate › Homs › …"; the plain name
		// stays searchable as an alias.
		if f := formalName(p, "ar", name.AR); f != "" {
			title.AR = f
			plain = append(plain, dhakira.Alias{Value: name.AR, Lang: "ar"})
		}
		if f := formalName(p, "en", name.EN); f != "" {
			title.EN = f
			plain = append(plain, dhakira.Alias{Value: name.EN, Lang: "en"})
		}
	}
	r := &dhakira.Record{
		Kind:        dhakira.KindPlace,
		Code:        code,
		Title:       title,
		Type:        lv,
		Reliability: dhakira.Correct,
		Status:      dhakira.Published,
		Source:      &dhakira.Source{Name: SourceName, Note: "OpenSyria id " + p.ID},
		Attrs: dhakira.Attrs{
			Level: lv,
			PCode: code,
		},
	}
	if c := p.Centroid; c != nil && c.Latitude != nil && c.Longitude != nil {
		lat, lon := *c.Latitude, *c.Longitude
		r.Attrs.Lat, r.Attrs.Lon = &lat, &lon
	}
	seen := map[dhakira.Alias]bool{}
	add := func(a dhakira.Alias) {
		a.Value = strings.TrimSpace(a.Value)
		a.Lang = strings.ToLower(strings.TrimSpace(a.Lang))
		if a.Value == "" || a.Value == title.AR || a.Value == title.EN || seen[a] {
			return
		}
		seen[a] = true
		r.Attrs.Aliases = append(r.Attrs.Aliases, a)
	}
	for _, a := range plain {
		add(a)
	}
	for _, a := range p.Aliases {
		add(dhakira.Alias{Value: a.Value, Lang: a.Language})
	}
	return r, nil
}

// formalName returns p's formal alias in lang of the form "محافظة X" or
// "X Governorate", preferring the one whose X is the plain name, or "".
func formalName(p *osPlace, lang, plain string) string {
	var first string
	for _, a := range p.Aliases {
		v := strings.TrimSpace(a.Value)
		if a.Type != "formal" || strings.ToLower(strings.TrimSpace(a.Language)) != lang {
			continue
		}
		var x string
		var ok bool
		if lang == "ar" {
			x, ok = strings.CutPrefix(v, "محافظة ")
		} else {
			x, ok = strings.CutSuffix(v, " Governorate")
		}
		if !ok || strings.TrimSpace(x) == "" {
			continue
		}
		if strings.TrimSpace(x) == plain {
			return v
		}
		if first == "" {
			first = v
		}
	}
	return first
}
