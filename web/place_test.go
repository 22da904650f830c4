package web

import (
	"fmt"
	"testing"

	"github.com/dhakira/dhakira/internal/sqlitetest"
)

// A place's page lists its own children however many places are inside
// it: a governorate with 1,200 sites in one subdistrict, whose codes sort
// before its districts', still lists its districts (the page once took
// them from the first 1,000 places inside it, which were all sites), and
// counts every place inside it.
func TestPlaceChildrenAmongManyPlaces(t *testing.T) {
	db := sqlitetest.Open(t)
	lines := []string{
		`{"kind":"place","code":"SY04","title":{"en":"Homs Governorate"},"type":"governorate"}`,
		`{"kind":"place","code":"SY0400","title":{"en":"Homs District"},"type":"district","attrs":{"parent":"SY04"}}`,
		`{"kind":"place","code":"SY0401","title":{"en":"Rastan District"},"type":"district","attrs":{"parent":"SY04"}}`,
		`{"kind":"place","code":"SY040000","title":{"en":"Homs Center"},"type":"subdistrict","attrs":{"parent":"SY0400"}}`,
		`{"kind":"place","code":"PLC-draft","status":"draft","title":{"en":"Draft site"},"type":"site","attrs":{"parent":"SY04"}}`,
	}
	for i := range 1200 {
		lines = append(lines, fmt.Sprintf(`{"kind":"place","code":"PLC-%06d","title":{"en":"Site %d"},"type":"site","attrs":{"parent":"SY040000"}}`, i, i))
	}
	putRecords(t, db, decodeFixture(t, lines, true))
	s := serve(t, db, testSettings())
	body := s.page(t, "/en/records/SY04", 200)
	children := section(t, body, "children-h")
	contains(t, "SY04's children", children, `href="/en/records/SY0400"`, `href="/en/records/SY0401"`)
	lacks(t, "SY04's children", children, "SY040000", "PLC-000000", "Draft site")
	contains(t, "SY04's counts", section(t, body, "in-place-h"), "1203 places")
	sub := section(t, s.page(t, "/en/records/SY040000", 200), "children-h")
	contains(t, "SY040000's children", sub, `href="/en/records/PLC-000000"`, `href="/en/records/PLC-000999"`)
}
