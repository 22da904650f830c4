package web

import "github.com/dhakira/dhakira/gazetteer"

// gazetteerAttribution credits the sources of the bundled gazetteer, as its
// licence (CC BY 4.0) requires wherever its place names show.
func gazetteerAttribution(lang string) string {
	if lang == "ar" {
		return gazetteer.AttributionAR
	}
	return gazetteer.Attribution
}
