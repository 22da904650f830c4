package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dhakira/dhakira/internal/sqlitetest"
)

// A list goes maxBrowsePage pages deep: its deepest page says how to
// reach the others and links no further; a page beyond lists nothing,
// says the same and links back to the deepest.
func TestBrowseDepth(t *testing.T) {
	defer func(n int) { maxBrowsePage = n }(maxBrowsePage)
	maxBrowsePage = 2
	db := sqlitetest.Open(t)
	var lines []string
	for i := 1; i <= 120; i++ {
		lines = append(lines, fmt.Sprintf(`{"kind":"diary","code":"DIA-%06d","title":{"en":"Event %d"},"date":"2015-01-%02d"}`, i, i, i%28+1))
	}
	putRecords(t, db, decodeFixture(t, lines, true))
	s := serve(t, db, testSettings())
	const depth = "Lists show their first 100 events (2 pages)"

	first := s.page(t, "/en/browse/diary?sort=code", 200)
	contains(t, "page 1", first, "120 events", "Page 1 of 3", `rel="next" href="/en/browse/diary?page=2&amp;sort=code"`)
	lacks(t, "page 1", first, depth)
	deepest := s.page(t, "/en/browse/diary?sort=code&page=2", 200)
	contains(t, "page 2", deepest, "DIA-000051", "DIA-000100", depth, `rel="prev" href="/en/browse/diary?sort=code"`)
	lacks(t, "page 2", deepest, `rel="next"`)
	beyond := s.page(t, "/en/browse/diary?sort=code&page=3", 200)
	contains(t, "page 3", beyond, depth, `rel="prev" href="/en/browse/diary?page=2&amp;sort=code"`)
	lacks(t, "page 3", beyond, "DIA-000101", "No records match.", `rel="next"`)
	if n := strings.Count(beyond, `class="item item-diary"`); n != 0 {
		t.Errorf("page 3 lists %d records", n)
	}
	ar := s.page(t, "/ar/browse/diary?sort=code&page=3", 200)
	contains(t, "ar page 3", ar, "تعرض القوائم أول")
}
