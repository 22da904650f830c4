package csvrec_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/csvrec"
	"github.com/dhakira/dhakira/demo"
	"github.com/dhakira/dhakira/gazetteer"
	"github.com/dhakira/dhakira/ingest"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/jsonl"
	"github.com/dhakira/dhakira/sqlite"
)

func writeFile(t testing.TB, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func exportCSV(t testing.TB, db *sqlite.DB, k dhakira.Kind) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := csvrec.Export(context.Background(), db, &buf, k); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func exportJSONL(t testing.TB, db *sqlite.DB) string {
	t.Helper()
	var buf bytes.Buffer
	if _, err := jsonl.Export(context.Background(), db, &buf, ""); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func importInputs(t testing.TB, db *sqlite.DB, inputs ...ingest.Input) (*ingest.Summary, error) {
	t.Helper()
	return ingest.Import(context.Background(), db, inputs, ingest.Options{Author: "test"})
}

// demoArchive is the gazetteer and the demo archive, loaded as serve --demo
// loads them.
func demoArchive(t testing.TB) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db := sqlitetest.Open(t)
	if _, err := ingest.Import(ctx, db, []ingest.Input{jsonl.Bytes(gazetteer.SyriaFile, gazetteer.SyriaJSONL)}, ingest.Options{SkipExisting: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Import(ctx, db, []ingest.Input{jsonl.Bytes(demo.File, demo.JSONL)}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestDemoArchiveRoundTripIsByteIdentical(t *testing.T) {
	a := demoArchive(t)
	first := exportCSV(t, a, "")
	if !bytes.HasPrefix(first, []byte("\xef\xbb\xbf\"code\",\"kind\",\"title_ar\",\"title_en\",")) {
		t.Fatalf("export does not start with a BOM and the header: %q", first[:60])
	}
	rows, err := csv.NewReader(bytes.NewReader(first[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+348+218 {
		t.Fatalf("export has %d rows, want the header and %d records", len(rows), 348+218)
	}
	for i := 2; i < len(rows); i++ {
		if rows[i-1][0] >= rows[i][0] {
			t.Fatalf("rows not ordered by code at row %d: %s, %s", i+1, rows[i-1][0], rows[i][0])
		}
	}
	b := sqlitetest.Open(t)
	sum, err := importInputs(t, b, csvrec.File(writeFile(t, "export.csv", first)))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Created != 348+218 || sum.ByKind[dhakira.KindTestimony] == 0 {
		t.Fatalf("import of the export: %+v", sum)
	}
	if second := exportCSV(t, b, ""); !bytes.Equal(first, second) {
		t.Fatal("CSV export of the re-imported archive differs from the first export")
	}
	// CSV loses nothing of the demo archive: the JSON is the same too.
	if exportJSONL(t, a) != exportJSONL(t, b) {
		t.Fatal("the demo archive changed going through CSV")
	}
	// --kind keeps one kind.
	people, err := csv.NewReader(bytes.NewReader(exportCSV(t, b, dhakira.KindPerson)[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range people[1:] {
		if row[1] != "person" {
			t.Fatalf("--kind person exported a %s", row[1])
		}
	}
}

// tricky holds what CSV has to escape: Arabic with commas and quotes,
// line breaks, bars and backslashes in list items, colons in notes,
// aliases that look like language prefixes, every kind's attributes.
const tricky = `{"kind":"place","code":"SY04","title":{"ar":"حمص","en":"Homs"},"type":"governorate","attrs":{"level":"governorate","lat":34.73084111122345,"lon":-0.5,"aliases":[{"value":"Hims","lang":"en"},{"value":"ar:not a language","lang":""},{"value":":-)"},{"value":"a|b\\c","lang":"ku-Latn"}]}}
{"kind":"entity","code":"ENT-000001","title":{"ar":"الائتلاف الوطني، الدائرة الإعلامية","en":"Coalition, \"Media\" Department"},"type":"political","status":"draft","attrs":{"aliases":[{"value":"الائتلاف","lang":"ar"}]}}
{"kind":"entity","code":"ENT-000002","title":{"en":"Child"},"attrs":{"parent":"ENT-000001"}}
{"kind":"person","code":"PER-000001","title":{"ar":"شخص"},"text":{"ar":"سطر أول،\nسطر \"ثانٍ\"\n\nوفقرة ثالثة, with a comma"},"attrs":{"born":"1965-09","died":"2020"}}
{"kind":"document","code":"DOC-000001","title":{"ar":"بيان حول محاولات النظام اقتحام سجن حمص المركزي","en":"On the regime's attempts"},"text":{"ar":"نص | مع خط عمودي \\ وشرطة مائلة","en":" leading and trailing spaces "},"type":"press-release","date":"2017-10-19","places":["SY04"],"reliability":"unverified","status":"review","source":{"name":"Syrian Coalition, Media Department","url":"https://example.org/a?b=1,2&c=\"3\"","note":"page 2; see: archive"},"links":[{"rel":"issued-by","to":"ENT-000001"},{"rel":"related","to":"PER-000001","note":"cited: twice | once \\ in full"},{"rel":"mentions","to":"DIA-000001"}]}
{"kind":"diary","code":"DIA-000001","title":{"en":"Event"},"type":"civil","date":"2017-10/2017-11-02","places":["SY04"],"reliability":"correct","status":"withdrawn"}
{"kind":"video","code":"VID-000001","title":{"en":"Clip"},"source":{"note":"only a note"},"attrs":{"url":"https://example.org/v.mp4","duration":"1:02:03"}}
{"kind":"testimony","code":"TST-000001","title":{"ar":"شهادة"},"attrs":{"segments":[{"start":"00:00:00","end":"00:04:30","title":{"ar":"افتتاح، \"الجلسة\""},"text":{"en":"line one\nline two, with | bar"}},{"start":"00:04:30"}]}}
{"kind":"document","code":"0012","title":{"en":"A code a spreadsheet would take for a number"},"date":"2017"}
`

func TestTrickyRecordsRoundTrip(t *testing.T) {
	a := sqlitetest.Open(t)
	if _, err := importInputs(t, a, jsonl.Bytes("tricky.jsonl", []byte(tricky))); err != nil {
		t.Fatal(err)
	}
	first := exportCSV(t, a, "")
	b := sqlitetest.Open(t)
	if _, err := importInputs(t, b, csvrec.Bytes("tricky.csv", first)); err != nil {
		t.Fatal(err)
	}
	if second := exportCSV(t, b, ""); !bytes.Equal(first, second) {
		t.Fatalf("CSV round trip differs:\n%s\n----\n%s", first, second)
	}
	if ja, jb := exportJSONL(t, a), exportJSONL(t, b); ja != jb {
		t.Fatalf("records changed going through CSV:\n%s\n----\n%s", ja, jb)
	}
	for _, want := range []string{
		`"SY04","place","حمص","Homs"`,
		`"en:Hims|:ar:not a language|::-)|ku-Latn:a\|b\\c"`,
		`"issued-by:ENT-000001|related:PER-000001:cited: twice \| once \\ in full|mentions:DIA-000001"`,
		`"الائتلاف الوطني، الدائرة الإعلامية","Coalition, ""Media"" Department"`,
		"\"سطر أول،\nسطر \"\"ثانٍ\"\"\n\nوفقرة ثالثة, with a comma\"",
		`"34.73084111122345","-0.5"`,
		`"0012","document"`,
	} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("export lacks %s", want)
		}
	}
}

func TestLineBreaksBecomeLF(t *testing.T) {
	a := sqlitetest.Open(t)
	if _, err := importInputs(t, a, jsonl.Bytes("cr.jsonl", []byte(`{"kind":"document","code":"D1","title":{"en":"CR"},"text":{"en":"one\r\ntwo\rthree\r\r\nfour"}}`))); err != nil {
		t.Fatal(err)
	}
	first := exportCSV(t, a, "")
	if bytes.Contains(bytes.ReplaceAll(first, []byte("\"\r\n"), nil), []byte("\r")) {
		t.Fatalf("a CR inside a field was written: %q", first)
	}
	b := sqlitetest.Open(t)
	if _, err := importInputs(t, b, csvrec.Bytes("cr.csv", first)); err != nil {
		t.Fatal(err)
	}
	if second := exportCSV(t, b, ""); !bytes.Equal(first, second) {
		t.Fatalf("round trip differs:\n%q\n%q", first, second)
	}
	r, _, err := b.Record(context.Background(), "D1", dhakira.Staff)
	if err != nil || r.Text.EN != "one\ntwo\nthree\n\nfour" {
		t.Fatalf("text %q %v", r.Text.EN, err)
	}
}

// The same records written by hand: columns in another order, optional
// ones left out, header names in any case, spaces around list items, a
// bare code as a link, with and without a BOM, with CRLF or LF.
func TestHeaderOrderOptionalColumnsBOMAndLineEnds(t *testing.T) {
	lines := []string{
		`Title_EN , kind,code,places,links,date,text_ar`,
		`Homs,place,SY04,,,,`,
		`"Statement, with ""quotes""",document,D1, SY04 | ,"E1 | issued-by:E1:first, then | related:SY04",2017-1-5,"سطر
سطر ثانٍ"`,
		`,,,,,,`,
		``,
		`Coalition,entity,E1,,,,`,
	}
	want := `{"kind":"document","code":"D1","title":{"en":"Statement, with \"quotes\""},"text":{"ar":"سطر\nسطر ثانٍ"},"date":"2017-01-05","places":["SY04"],"reliability":"unspecified","status":"published","links":[{"rel":"related","to":"E1"},{"rel":"issued-by","to":"E1","note":"first, then"},{"rel":"related","to":"SY04"}]}
{"kind":"entity","code":"E1","title":{"en":"Coalition"},"reliability":"unspecified","status":"published"}
{"kind":"place","code":"SY04","title":{"en":"Homs"},"reliability":"unspecified","status":"published"}
`
	for _, c := range []struct {
		name, bom, eol string
	}{{"bom-crlf", "\xef\xbb\xbf", "\r\n"}, {"bom-lf", "\xef\xbb\xbf", "\n"}, {"crlf", "", "\r\n"}, {"lf", "", "\n"}} {
		t.Run(c.name, func(t *testing.T) {
			db := sqlitetest.Open(t)
			data := c.bom + strings.Join(lines, c.eol) + c.eol
			sum, err := importInputs(t, db, csvrec.File(writeFile(t, "hand.CSV", []byte(data))))
			if err != nil {
				t.Fatal(err)
			}
			if sum.Created != 3 {
				t.Fatalf("created %d records, want 3 (empty rows are skipped)", sum.Created)
			}
			if got := exportJSONL(t, db); got != want {
				t.Fatalf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// problems imports inputs into a fresh archive, which must fail and stay
// empty, and returns the problems.
func problems(t *testing.T, db *sqlite.DB, inputs ...ingest.Input) []string {
	t.Helper()
	ctx := context.Background()
	before := exportJSONL(t, db)
	_, err := ingest.Import(ctx, db, inputs, ingest.Options{})
	var ie *ingest.Error
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want *ingest.Error", err)
	}
	if after := exportJSONL(t, db); after != before {
		t.Fatalf("a failed import changed the archive:\n%s", after)
	}
	return strings.Split(err.Error(), "\n")
}

func TestProblemsNameLineColumnAndField(t *testing.T) {
	db := sqlitetest.Open(t)
	path := writeFile(t, "bad.csv", []byte("\xef\xbb\xbf"+`kind,code,title_en,date,links,lat,segments,title_ar
entity,E1,Coalition,,,,,
document,D1,"Two
lines",2017-13-01,issued-by:E1|mentions:E9,,,
document,D2,x,,"related:E1",north,"[{""strt"":""0:1""}]",
document,D3,He said "hi",,,,,
document,D4,"closed "badly,,,,,
document,D5,short
place,P1,"too",,,,,,,many
document,,,,,,,
document,E1,dup,,,,,
document,D6,"bytes `+"\xff"+`",,,,,
`))
	got := problems(t, db, csvrec.File(path))
	want := []string{
		path + `:3:3: title.en: control character U+000A at byte 3`,
		path + `:3:4: date: "2017-13-01": month 13`,
		path + `:3:5: links[1].to: no record "E9" in this import or the archive`,
		path + `:5:6: attrs.lat: "north" is not a number`,
		path + `:5:7: attrs.segments: want a JSON list of {"start","end","title","text"}: unknown field "strt"`,
		path + `:6:3: malformed CSV: a " in a field that does not start with one (put the whole field in quotes and double the quote: "say ""hi""")`,
		path + `:7:3: malformed CSV: a quoted field has a stray " or is never closed (a quote inside quotes is written "")`,
		path + `:8:4: the row has 3 fields; the header has 8`,
		path + `:9:9: the row has 10 fields; the header has 8`,
		path + `:10:3: title: required in Arabic or English`,
		path + `:11:2: code "E1" is already used at ` + path + `:2`,
		path + `:12:3: title.en: not valid UTF-8 (save the file as UTF-8)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestHeaderProblemsEndTheFile(t *testing.T) {
	db := sqlitetest.Open(t)
	cases := []struct{ header, want string }{
		{"kind,title_en,colour,Date", `h.csv:1:3: unknown column "colour" (the columns are code, kind, title_ar, title_en, text_ar, text_en, type, date, places, reliability, status, source_name, source_url, links, source_note, aliases, level, parent, pcode, lat, lon, born, died, url, duration, segments, files)`},
		{"kind,title_en,date,DATE", `h.csv:1:4: column "date" is also column 3`},
		{"code,title_en,date,type", `h.csv:1: the header has no "kind" column (is the first row a header?)`},
		{"kind,code,date,type", `h.csv:1: the header has neither a "title_ar" nor a "title_en" column`},
		{`kind,"title_en"s,date,type`, `h.csv:1:2: malformed CSV: a quoted field has a stray " or is never closed (a quote inside quotes is written "")`},
	}
	for _, c := range cases {
		// The rows below are wrong too, but a file whose header is wrong
		// is not read further.
		got := problems(t, db, csvrec.Bytes("h.csv", []byte(c.header+"\ndocument,x,2017-13-01,\"\n")))
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("header %s:\n got %s\nwant %s", c.header, strings.Join(got, "\n     "), c.want)
		}
	}
}

// Spreadsheets may end rows with empty columns of no name: they are
// ignored while they are empty.
func TestUnnamedEmptyColumns(t *testing.T) {
	db := sqlitetest.Open(t)
	got := problems(t, db, csvrec.Bytes("u.csv", []byte("kind,title_en,,\ndocument,a,,\ndocument,b,,oops\n")))
	if want := "u.csv:3:4: a value in column 4, which has no name in the header"; len(got) != 1 || got[0] != want {
		t.Fatalf("got %s\nwant %s", got, want)
	}
	if sum, err := importInputs(t, db, csvrec.Bytes("u.csv", []byte("kind,title_en,,\ndocument,a,,\n"))); err != nil || sum.Created != 1 {
		t.Fatalf("%+v %v", sum, err)
	}
}

func TestCSVAndJSONLinesInOneImport(t *testing.T) {
	db := sqlitetest.Open(t)
	docs := jsonl.Bytes("a.jsonl", []byte(`{"kind":"document","code":"D1","title":{"en":"x"},"links":[{"to":"E1"}],"places":["S1"]}`+"\n"))
	rest := csvrec.Bytes("b.csv", []byte("kind,code,title_en,level\r\nentity,E1,later in the import,\r\nplace,S1,site,site\r\nentity,D1,dup,\r\n"))
	if got := problems(t, db, docs, rest); strings.Join(got, "\n") != `b.csv:4:2: code "D1" is already used at a.jsonl:1` {
		t.Fatalf("problems: %s", got)
	}
	rest = csvrec.Bytes("b.csv", []byte("kind,code,title_en,level\r\nentity,E1,later in the import,\r\nplace,S1,site,site\r\n"))
	sum, err := importInputs(t, db, docs, rest)
	if err != nil || sum.Created != 3 || sum.ByKind[dhakira.KindPlace] != 1 {
		t.Fatalf("mixed import: %+v %v", sum, err)
	}
	// Problems with what the archive holds name the column too; those of
	// JSON Lines keep their form.
	got := problems(t, db,
		jsonl.Bytes("c.jsonl", []byte(`{"kind":"document","code":"D2","title":{"en":"x"},"places":["E1"]}`)),
		csvrec.Bytes("d.csv", []byte("title_en,code,kind,places\nagain,E1,entity,\nplaced,D3,document,D1\n")))
	want := []string{
		`c.jsonl:1: places[0]: "E1" is a entity, not a place`,
		`d.csv:2:2: code "E1" already exists in the archive (use --update to replace it)`,
		`d.csv:3:4: places[0]: "D1" is a document, not a place`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestOverlongRow(t *testing.T) {
	db := sqlitetest.Open(t)
	var data bytes.Buffer
	data.WriteString("kind,title_en\ndocument,fine\ndocument,\"a quote left open\n")
	line := strings.Repeat("x", 1023) + "\n"
	for data.Len() < dhakira.MaxRecordBytes+1<<20 {
		data.WriteString(line)
	}
	got := problems(t, db, csvrec.Bytes("long.csv", data.Bytes()))
	if want := "long.csv:3: row longer than 16777216 bytes (is a quote left open?)"; len(got) != 1 || got[0] != want {
		t.Fatalf("got %s\nwant %s", got, want)
	}
}

// Lists: "|" separates items, `\|` and `\\` escape, a backslash before
// anything else is itself, spaces around items go, empty items too.
func TestListCells(t *testing.T) {
	db := sqlitetest.Open(t)
	in := "kind,code,title_en,aliases\n" +
		`place,P1,x,"en: a\|b | ar:c\\d|e\f||  | :en:g"` + "\n"
	if _, err := importInputs(t, db, csvrec.Bytes("l.csv", []byte(in))); err != nil {
		t.Fatal(err)
	}
	r, _, err := db.Record(context.Background(), "P1", dhakira.Staff)
	if err != nil {
		t.Fatal(err)
	}
	want := []dhakira.Alias{{Value: "a|b", Lang: "en"}, {Value: `c\d`, Lang: "ar"}, {Value: `e\f`}, {Value: "en:g"}}
	if len(r.Attrs.Aliases) != len(want) {
		t.Fatalf("aliases %+v, want %+v", r.Attrs.Aliases, want)
	}
	for i := range want {
		if r.Attrs.Aliases[i] != want[i] {
			t.Errorf("alias %d = %+v, want %+v", i, r.Attrs.Aliases[i], want[i])
		}
	}
	if row := exportCSV(t, db, ""); !bytes.Contains(row, []byte(`"en:a\|b|ar:c\\d|e\\f|:en:g"`)) {
		t.Errorf("export: %s", row)
	}
}

// An alias in a language CSV cannot name is refused by name, not lost.
func TestExportRefusesWhatItCannotCarry(t *testing.T) {
	db := sqlitetest.Open(t)
	if _, err := importInputs(t, db, jsonl.Bytes("x.jsonl", []byte(`{"kind":"person","code":"PER-1","title":{"en":"x"},"attrs":{"aliases":[{"value":"y","lang":"Old Syriac"}]}}`))); err != nil {
		t.Fatal(err)
	}
	_, err := csvrec.Export(context.Background(), db, &bytes.Buffer{}, "")
	if err == nil || !strings.HasPrefix(err.Error(), `PER-1: attrs.aliases[0].lang: "Old Syriac" is not a language tag`) {
		t.Fatalf("err = %v", err)
	}
}
