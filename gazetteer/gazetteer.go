// Package gazetteer ships the Syrian gazetteer — 14 governorates, 62
// districts and 272 subdistricts coded by their OCHA p-codes — as place
// records, so that a new archive can place its records without typing a map
// in first. The data comes from OpenSyria data-geography under CC BY 4.0:
// wherever it ships or shows, Attribution must go with it.
package gazetteer

import (
	"bytes"
	_ "embed"
	"fmt"

	"github.com/dhakira/dhakira"
)

//go:generate go run ./internal/gen -src ../../shared/data/syria-geography

// SyriaJSONL is the Syrian gazetteer as JSON Lines, one record per line in
// canonical form, ordered by code: what the importer reads as the file
// "gazetteer:syria".
//
//go:embed syria.jsonl
var SyriaJSONL []byte

// SyriaFile is the name under which errors in SyriaJSONL are reported.
const SyriaFile = "gazetteer:syria"

// Attribution credits the gazetteer's sources as CC BY 4.0 requires, for
// the site's about page.
const Attribution = "Syrian governorates, districts and subdistricts (names, OCHA p-codes, centroids) from OpenSyria data-geography, " +
	"which draws on Wikidata, GeoNames, geoBoundaries, OCHA's administrative boundaries and populated places on HDX, and U.S. Census Bureau data. " +
	"Licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); adapted for dhakira as place records."

// AttributionAR is Attribution in Arabic.
const AttributionAR = "المحافظات والمناطق والنواحي السورية (الأسماء ورموز OCHA والمراكز الجغرافية) من مشروع OpenSyria data-geography، " +
	"المستند إلى ويكي بيانات (Wikidata) وGeoNames وgeoBoundaries والحدود الإدارية والتجمعات السكانية الصادرة عن مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية (OCHA) على منصة HDX، وبيانات مكتب الإحصاء الأمريكي. " +
	"مرخّصة بموجب رخصة المشاع الإبداعي نَسب المُصنَّف 4.0 \u200f(CC BY 4.0) \u200f(https://creativecommons.org/licenses/by/4.0/)، ومُكيَّفة لمنصة ذاكرة على هيئة سجلات أماكن."

// Syria decodes the embedded gazetteer. Each call returns fresh records the
// caller may change.
func Syria() ([]*dhakira.Record, error) {
	var recs []*dhakira.Record
	for n, line := range bytes.Split(SyriaJSONL, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		r, err := dhakira.DecodeRecord(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", SyriaFile, n+1, err)
		}
		recs = append(recs, r)
	}
	return recs, nil
}
