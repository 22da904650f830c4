// Package dhakira holds the domain of a national memory archive: records and
// their kinds, memory codes, dates with precision, reliability grades, typed
// links, validation, and the service interfaces the rest of the program
// implements. It imports nothing of the project, so every other package can
// depend on it and on nothing else.
package dhakira

// Kind is what a record describes. The set is fixed by the product contract.
type Kind string

const (
	KindDocument  Kind = "document"
	KindVideo     Kind = "video"
	KindTestimony Kind = "testimony"
	KindDiary     Kind = "diary"
	KindPerson    Kind = "person"
	KindEntity    Kind = "entity"
	KindPlace     Kind = "place"
)

// Kinds lists every kind in the order the site presents them.
var Kinds = []Kind{KindDocument, KindVideo, KindTestimony, KindDiary, KindPerson, KindEntity, KindPlace}

var kindPrefix = map[Kind]string{
	KindDocument:  "DOC",
	KindVideo:     "VID",
	KindTestimony: "TST",
	KindDiary:     "DIA",
	KindPerson:    "PER",
	KindEntity:    "ENT",
	KindPlace:     "PLC",
}

// Valid reports whether k is one of the seven kinds.
func (k Kind) Valid() bool { _, ok := kindPrefix[k]; return ok }

// Prefix is the memory-code prefix the archive uses when it assigns a code.
func (k Kind) Prefix() string { return kindPrefix[k] }

// IsWork reports whether records of kind k are works the archive holds
// (documents, videos, testimonies: schema.org CreativeWorks, with an issuer
// and a publisher) rather than its own entries (diary events, persons,
// organizations, places).
func (k Kind) IsWork() bool {
	return k == KindDocument || k == KindVideo || k == KindTestimony
}

// ParseKind returns the kind named s, or an error listing the valid ones.
func ParseKind(s string) (Kind, error) {
	k := Kind(s)
	if !k.Valid() {
		return "", Errorf(EINVALID, "unknown kind %q (want one of document, video, testimony, diary, person, entity, place)", s)
	}
	return k, nil
}

// Types is the controlled vocabulary of the type field per kind, in display
// order. Other slugs are accepted and shown as given: real archives grow their
// vocabularies faster than software does.
var Types = map[Kind][]string{
	KindDocument:  {"press-release", "statement", "report", "letter", "leaflet", "periodical-issue", "decree", "book", "other"},
	KindVideo:     {"news", "interview", "demonstration", "speech", "documentary", "other"},
	KindTestimony: {"audio", "video", "written"},
	KindDiary:     {"civil", "military", "political"},
	KindPerson:    {"activist", "journalist", "politician", "military", "artist", "writer", "victim", "other"},
	KindEntity:    {"military", "civil", "governmental", "political", "media", "international", "religious", "other"},
	KindPlace:     {"governorate", "district", "subdistrict", "community", "site"},
}

// PlaceLevels orders place levels from the widest to the narrowest.
var PlaceLevels = []string{"governorate", "district", "subdistrict", "community", "site"}
