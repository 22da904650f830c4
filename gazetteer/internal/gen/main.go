// Command gen writes the gazetteer's embedded files: syria.jsonl, the Syrian
// gazetteer as place records read from an OpenSyria data-geography folder,
// and ATTRIBUTION.md, the credit CC BY 4.0 asks for. go generate runs it in
// the gazetteer folder.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/dhakira/dhakira/gazetteer"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gazetteer gen: ")
	src := flag.String("src", "../../shared/data/syria-geography", "OpenSyria data-geography `folder` (governorates.json, districts.json, subdistricts.json)")
	out := flag.String("out", ".", "`folder` to write syria.jsonl and ATTRIBUTION.md into")
	flag.Parse()

	recs, err := gazetteer.LoadOpenSyria(*src)
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	for _, r := range recs {
		line, err := r.Encode()
		if err != nil {
			log.Fatalf("%s: %v", r.Code, err)
		}
		buf.Write(line)
	}
	if err := os.WriteFile(filepath.Join(*out, "syria.jsonl"), buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*out, "ATTRIBUTION.md"), []byte(attribution()), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "gazetteer gen: %d places from %s\n", len(recs), *src)
}

func attribution() string {
	return `# Attribution

syria.jsonl — the Syrian gazetteer bundled with dhakira (14 governorates,
62 districts, 272 subdistricts) — is derived from the data of the OpenSyria
"data-geography" project, released under the Creative Commons Attribution 4.0
International licence (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/).
Attribution to OpenSyria and its source datasets must be kept wherever this
file is shipped or shown.

OpenSyria data-geography compiles its records from these sources, as each
record's sourceIds name them: Wikidata (wikidata), GeoNames (geonames-sy),
geoBoundaries (geoboundaries-syr), OCHA's common operational datasets on the
Humanitarian Data Exchange — administrative boundaries (hdx-syr-admin-boundaries)
and populated places (hdx-syr-populated-places) — and the U.S. Census Bureau's
Syria population tables (uscb-syria-population).

Changes made for dhakira: each governorate, district and subdistrict became one
place record coded by its OCHA p-code, with its parent's p-code, its centroid
and its aliases; a governorate's formal name ("Homs Governorate", "محافظة حمص")
is its title and its plain name an alias; areas, populations and the other
identifiers were left out.

The site shows this credit on its about page:

> ` + gazetteer.Attribution + `

> ` + gazetteer.AttributionAR + `
`
}
