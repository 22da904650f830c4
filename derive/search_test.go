package derive_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/derive"
	"github.com/dhakira/dhakira/internal/mediatest"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/search"
	"github.com/dhakira/dhakira/storetest"
)

// TestSearchFindsFileText: a word that is only in a PDF's text layer, and
// an Arabic word that is only in a scan, find their records once the
// worker has read them, and the snippet names the file and page.
func TestSearchFindsFileText(t *testing.T) {
	needOCR(t)
	ctx := context.Background()
	dir := t.TempDir()
	db := sqlitetest.Open(t)
	fs := openFiles(t, dir)
	pdfPath := filepath.Join(dir, "statement.pdf")
	os.WriteFile(pdfPath, mediatest.PDF(mediatest.PDFPage{Lines: []string{"A first page."}}, mediatest.PDFPage{Lines: []string{"The second page names the quarry of Wadi Zanzibarite."}}), 0o644)
	pdf := put(t, fs, pdfPath)
	scan := put(t, fs, mediatest.Scan(t, dir, "scan", "الاعتقال في سجن تدمر الصحراوي"))
	file := func(i dhakira.FileInfo, name string) string {
		return `{"sha256":"` + i.SHA256 + `","name":"` + name + `","type":"` + i.Type + `","size":1}`
	}
	storetest.Put(t, db, false,
		storetest.Rec(t, `{"kind":"document","code":"DOC-1","title":{"en":"A statement"},"files":[`+file(pdf, "statement.pdf")+`]}`),
		storetest.Rec(t, `{"kind":"document","code":"DOC-2","title":{"ar":"صحيفة"},"files":[`+file(scan, "issue-3.png")+`]}`),
		storetest.Rec(t, `{"kind":"document","code":"DOC-3","status":"draft","title":{"en":"A draft with the same PDF"},"files":[`+file(pdf, "statement.pdf")+`]}`),
	)
	engine, err := search.New(filepath.Join(dir, "index"), db, search.Options{FileText: func(ctx context.Context, sha string) ([]string, error) {
		pages, err := derive.ReadText(ctx, fs, sha)
		out := make([]string, len(pages))
		for i, p := range pages {
			out[i] = p.Text
		}
		return out, err
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer engine.Close()
	if _, err := engine.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	find := func(q string) *dhakira.SearchResult {
		t.Helper()
		res, err := engine.Search(ctx, dhakira.SearchRequest{Q: q, Lang: "en"})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if res := find("zanzibarite"); res.Total != 0 {
		t.Fatalf("found before the text was read: %+v", res.Hits)
	}
	w := &derive.Worker{Queue: db, Files: fs, Done: func(ctx context.Context, sha string) {
		codes, _ := db.FileCarriers(ctx, sha, dhakira.Staff)
		if _, err := engine.Refresh(ctx, codes); err != nil {
			t.Error(err)
		}
	}}
	for {
		did, err := w.Once(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !did {
			break
		}
	}
	res := find("zanzibarite")
	if res.Total != 1 || res.Hits[0].Code != "DOC-1" || !strings.Contains(res.Hits[0].Snippet, "statement.pdf p. 2") {
		t.Errorf("PDF word: %d hits %+v", res.Total, res.Hits)
	}
	res = find("تدمر")
	if res.Total != 1 || res.Hits[0].Code != "DOC-2" || !strings.Contains(res.Hits[0].Snippet, "issue-3.png p. 1") {
		t.Errorf("scan word: %d hits %+v", res.Total, res.Hits)
	}
}
