package sqlite

import (
	"context"
	"testing"

	"github.com/dhakira/dhakira"
)

// BenchmarkRecord reads a page of 20 records as search results show them.
func BenchmarkRecord(b *testing.B) {
	db := planArchive(b)
	ctx := context.Background()
	list, _, err := db.Records(ctx, dhakira.RecordFilter{Audience: dhakira.Public, Kind: dhakira.KindDocument, Sort: dhakira.SortCode, Limit: 20})
	if err != nil || len(list) < 20 {
		b.Fatal(len(list), err)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, s := range list {
			if _, _, err := db.Record(ctx, s.Code, dhakira.Public); err != nil {
				b.Fatal(err)
			}
		}
	}
}
