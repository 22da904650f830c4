package dhakira

// Reliability is a record's reliability grade (درجة الموثوقية).
type Reliability string

const (
	Correct     Reliability = "correct"     // صحيحة
	Incorrect   Reliability = "incorrect"   // غير صحيحة
	Unverified  Reliability = "unverified"  // لم يتم التأكد من صحتها
	Unspecified Reliability = "unspecified" // غير محدد
)

// Grades lists the four grades in the order the record page shows them.
var Grades = []Reliability{Correct, Incorrect, Unverified, Unspecified}

// Valid reports whether g is one of the four grades.
func (g Reliability) Valid() bool {
	switch g {
	case Correct, Incorrect, Unverified, Unspecified:
		return true
	}
	return false
}

// Status is where a record stands in the editorial workflow. Only published
// records are ever shown to the public.
type Status string

const (
	Draft     Status = "draft"
	Review    Status = "review"
	Published Status = "published"
	Withdrawn Status = "withdrawn"
)

// Statuses lists the statuses in workflow order.
var Statuses = []Status{Draft, Review, Published, Withdrawn}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	switch s {
	case Draft, Review, Published, Withdrawn:
		return true
	}
	return false
}

// Rel is the type of a link between two records.
type Rel string

const (
	RelRelated  Rel = "related"
	RelIssuedBy Rel = "issued-by"
	RelMentions Rel = "mentions"
	RelPartOf   Rel = "part-of"
	RelMemberOf Rel = "member-of"
	RelWitness  Rel = "witness"
	RelSource   Rel = "source"
)

// Rels lists the link types.
var Rels = []Rel{RelRelated, RelIssuedBy, RelMentions, RelPartOf, RelMemberOf, RelWitness, RelSource}

// Valid reports whether r is a known link type.
func (r Rel) Valid() bool {
	for _, x := range Rels {
		if r == x {
			return true
		}
	}
	return false
}
