package archival

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/internal/xmlschema"
	"github.com/dhakira/dhakira/storetest"
)

// TestFindingAidFiles: a record's files are dao elements of its
// component, with their address and hash; the finding aid stays valid.
func TestFindingAidFiles(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	sha := strings.Repeat("ab", 32)
	storetest.Put(t, db, false, storetest.Rec(t, `{"kind":"document","code":"DOC-1","title":{"en":"A scanned statement"},
		"files":[{"sha256":"`+sha+`","name":"scan & co.pdf","type":"application/pdf","size":1234,"label":{"en":"Scan"}}]}`))
	settings := testSettings()
	var buf bytes.Buffer
	if err := FindingAid(ctx, &buf, db, settings); err != nil {
		t.Fatal(err)
	}
	xmlschema.ValidateBytes(t, "ead3.xsd", "files.ead3.xml", buf.Bytes())
	var dao *elem
	for _, d := range items(parseXML(t, buf.Bytes()))["DOC-1"].kid("did").kids("dao") {
		if d.Attr["identifier"] == sha {
			dao = d
		}
	}
	if dao == nil || dao.Attr["href"] != settings.BaseURL+"/files/"+sha || dao.Attr["linktitle"] != "scan & co.pdf" || dao.Attr["localtype"] != "original" {
		t.Errorf("dao of the file: %+v", dao)
	}
	buf.Reset()
	if err := DocumentFindingAid(ctx, &buf, db, settings, "DOC-1"); err != nil {
		t.Fatal(err)
	}
	xmlschema.ValidateBytes(t, "ead3.xsd", "doc.ead3.xml", buf.Bytes())
	if !strings.Contains(buf.String(), `identifier="`+sha+`"`) {
		t.Error("the record's own finding aid lists no file")
	}
}
