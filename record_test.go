package dhakira_test

import (
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
)

func TestValidCode(t *testing.T) {
	for _, c := range []string{"DOC-000123", "SY04", "PLC-homs-central-prison", "a.b_c-1", strings.Repeat("x", 64)} {
		if !dhakira.ValidCode(c) {
			t.Errorf("%q should be valid", c)
		}
	}
	for _, c := range []string{"", "DOC 1", "وثيقة", "a/b", strings.Repeat("x", 65), "x\n"} {
		if dhakira.ValidCode(c) {
			t.Errorf("%q should be invalid", c)
		}
	}
	if got := dhakira.FormatCode(dhakira.KindDocument, 123); got != "DOC-000123" {
		t.Errorf("FormatCode = %s", got)
	}
	if got := dhakira.FormatCode(dhakira.KindPlace, 1234567); got != "PLC-1234567" {
		t.Errorf("FormatCode past six digits = %s", got)
	}
	if n, ok := dhakira.AssignedNumber(dhakira.KindVideo, "VID-000042"); !ok || n != 42 {
		t.Errorf("AssignedNumber = %d %v", n, ok)
	}
	if _, ok := dhakira.AssignedNumber(dhakira.KindVideo, "DOC-000042"); ok {
		t.Error("AssignedNumber took another kind's prefix")
	}
}

func TestParseDate(t *testing.T) {
	cases := []struct {
		in, canon   string
		first, last int
		prec        dhakira.Precision
	}{
		{"2017", "2017", 20170101, 20171231, dhakira.PrecisionYear},
		{"2017-10", "2017-10", 20171001, 20171031, dhakira.PrecisionMonth},
		{"2016-02", "2016-02", 20160201, 20160229, dhakira.PrecisionMonth},
		{"2017-10-19", "2017-10-19", 20171019, 20171019, dhakira.PrecisionDay},
		{" 2017-1-5 ", "2017-01-05", 20170105, 20170105, dhakira.PrecisionDay},
		{"٢٠١٧-١٠-١٩", "2017-10-19", 20171019, 20171019, dhakira.PrecisionDay},
		{"2012-02-03/2012-02-28", "2012-02-03/2012-02-28", 20120203, 20120228, dhakira.PrecisionDay},
		{"2011/2013-06", "2011/2013-06", 20110101, 20130630, dhakira.PrecisionYear},
	}
	for _, c := range cases {
		d, err := dhakira.ParseDate(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if d.String() != c.canon || d.First() != c.first || d.Last() != c.last || d.Start.Precision() != c.prec {
			t.Errorf("%q = %s [%d, %d] precision %d; want %s [%d, %d] %d", c.in, d, d.First(), d.Last(), d.Start.Precision(), c.canon, c.first, c.last, c.prec)
		}
	}
	bad := map[string]string{
		"2017-13-01":            "month 13",
		"2017-02-29":            "day 29 of 2017-02",
		"17-10-19":              `year "17" must have four digits`,
		"2017-10-19T00:00":      "want YYYY",
		"October 2017":          "want YYYY",
		"2018/2017":             "interval ends (2017) before it starts (2018)",
		"2017/":                 "empty date",
		"2017-10-19/2017-10-18": "interval ends",
		"0000":                  "year 0000",
		"2017-001":              "want YYYY",
	}
	for in, want := range bad {
		if _, err := dhakira.ParseDate(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want it to say %q", in, err, want)
		}
	}
	if d, err := dhakira.ParseDate(""); err != nil || !d.IsZero() {
		t.Errorf("empty date: %v %v", d, err)
	}
	if _, err := dhakira.ParseDay("2017-10"); err == nil {
		t.Error("ParseDay took a month")
	}
}

func TestDecodeAndValidate(t *testing.T) {
	r, err := dhakira.DecodeRecord([]byte(`{"kind":"document","title":{"en":"x"},"date":"2017-1-5","links":[{"to":"E1"}],"type":" report "}`))
	if err != nil {
		t.Fatal(err)
	}
	r.Normalize()
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	if r.Date != "2017-01-05" || r.Links[0].Rel != dhakira.RelRelated || r.Status != dhakira.Published || r.Reliability != dhakira.Unspecified || r.Type != "report" {
		t.Errorf("defaults not filled: %+v", r)
	}
	line, _ := r.Encode()
	want := `{"kind":"document","title":{"en":"x"},"type":"report","date":"2017-01-05","reliability":"unspecified","status":"published","links":[{"rel":"related","to":"E1"}]}` + "\n"
	if string(line) != want {
		t.Errorf("canonical form\n got %s\nwant %s", line, want)
	}
	// Every problem of one record is listed, each under its field.
	r, err = dhakira.DecodeRecord([]byte(`{"kind":"video","code":"V 1","title":{},"reliability":"sure","links":[{"rel":"likes","to":"V 1"}],
		"attrs":{"url":"javascript:alert(1)","duration":"1h","born":"1990","segments":[{"start":"00:10:00","end":"00:05:00"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	r.Normalize()
	err = r.Validate()
	for _, want := range []string{
		`code: code "V 1" may hold only`, "title: required", `reliability: unknown grade "sure"`,
		`links[0].rel: unknown link type "likes"`, "links[0].to: code", `attrs.url: "javascript:alert(1)": only http and https`,
		`attrs.duration: "1h"`, "attrs.born: not an attribute of a video", "attrs.segments: not an attribute of a video",
		`attrs.segments[0].end: "00:05:00" is before the start`,
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("validation error %v\nshould say %q", err, want)
		}
	}
	if _, err := dhakira.DecodeRecord([]byte("{\"kind\":\"document\",\"title\":{\"en\":\"\xff\"}}")); err == nil {
		t.Error("invalid UTF-8 accepted")
	}
	if _, err := dhakira.DecodeRecord([]byte(`[1,2]`)); err == nil || !strings.Contains(err.Error(), "expected a JSON object") {
		t.Errorf("array: %v", err)
	}
}

func TestPlaceReferences(t *testing.T) {
	r := &dhakira.Record{Kind: dhakira.KindPlace, Code: "S1", Title: dhakira.Text{EN: "s"}, Type: "site", Attrs: dhakira.Attrs{Parent: "SY0400"}}
	r.Normalize()
	if r.Level() != "site" || r.Attrs.Level != "site" {
		t.Errorf("level from type: %q", r.Attrs.Level)
	}
	refs := r.References()
	if len(refs) != 1 || refs[0].Field != "attrs.parent" || refs[0].Kind != dhakira.KindPlace {
		t.Errorf("references %+v", refs)
	}
	r.Attrs.Parent = "S1"
	if err := r.Validate(); err == nil || !strings.Contains(err.Error(), "own parent") {
		t.Errorf("own parent: %v", err)
	}
}

func TestTextFallback(t *testing.T) {
	txt := dhakira.Text{EN: "only English"}
	if s, lang := txt.In("ar"); s != "only English" || lang != "en" {
		t.Errorf("fallback = %q %q", s, lang)
	}
	if s, lang := (dhakira.Text{AR: "عربي", EN: "en"}).In("ar"); s != "عربي" || lang != "ar" {
		t.Errorf("own language = %q %q", s, lang)
	}
}

func TestChangedFields(t *testing.T) {
	a := &dhakira.Record{Kind: dhakira.KindDocument, Title: dhakira.Text{EN: "a"}}
	b := &dhakira.Record{Kind: dhakira.KindDocument, Title: dhakira.Text{EN: "b"}, Places: []string{"SY04"}}
	if got := strings.Join(dhakira.ChangedFields(a, b), ","); got != "title,places" {
		t.Errorf("changed %s", got)
	}
	if got := dhakira.ChangedFields(b, b); len(got) != 0 {
		t.Errorf("unchanged: %v", got)
	}
}

// A key given twice is an error, never the last one silently winning: the
// file looks published to a person and would be stored as a draft.
func TestDecodeDuplicateKeys(t *testing.T) {
	for in, want := range map[string]string{
		`{"kind":"document","title":{"en":"x"},"status":"published","status":"draft"}`:  `status: duplicate key "status"`,
		`{"kind":"document","title":{"en":"x"},"status":"published","Status":"draft"}`:  `Status: duplicate key "Status"`,
		`{"kind":"document","title":{"en":"x","en":"y"}}`:                               `title.en: duplicate key "en"`,
		`{"kind":"document","title":{"en":"x"},"st\u0061tus":"draft","status":"draft"}`: `status: duplicate key "status"`,
		`{"kind":"document","title":{"en":"x"},"links":[{"to":"A","to":"B"}]}`:          `links[0].to: duplicate key "to"`,
		`{"kind":"document","title":{"en":"x\ud800"}}`:                                  `title.en: a lone surrogate (\ud800): not a character`,
		`{"kind":"document","title":{"en":"x\udc00y"}}`:                                 `title.en: a lone surrogate (\udc00): not a character`,
	} {
		_, err := dhakira.DecodeRecord([]byte(in))
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %s", in, err, want)
		}
	}
	for _, in := range []string{
		`{"kind":"document","title":{"en":"x","ar":"y"},"text":{"en":"a \"status\": b"},"status":"draft"}`,
		`{"kind":"document","title":{"en":"\ud83d\ude00 \\ud800"},"links":[{"to":"A"},{"to":"B"}]}`,
	} {
		if _, err := dhakira.DecodeRecord([]byte(in)); err != nil {
			t.Errorf("%s: %v", in, err)
		}
	}
}

// Controls and bidirectional overrides are errors in codes, titles and
// names; long texts keep them, and Printable takes them out on the way out.
func TestValidateControls(t *testing.T) {
	base := func() *dhakira.Record {
		return &dhakira.Record{Kind: dhakira.KindPerson, Title: dhakira.Text{EN: "Name"}, Reliability: dhakira.Unspecified, Status: dhakira.Published}
	}
	cases := map[string]func(r *dhakira.Record){
		"title.en":                func(r *dhakira.Record) { r.Title.EN = "a\x00b" },
		"title.ar":                func(r *dhakira.Record) { r.Title.AR = "\u202eابc" },
		"type":                    func(r *dhakira.Record) { r.Type = "x\ty" },
		"code":                    func(r *dhakira.Record) { r.Code = "PER-1\x1b" },
		"source.name":             func(r *dhakira.Record) { r.Source = &dhakira.Source{Name: "a\u2067b"} },
		"attrs.aliases[0].value":  func(r *dhakira.Record) { r.Attrs.Aliases = []dhakira.Alias{{Value: "a\nb"}} },
		"attrs.aliases[0].lang":   func(r *dhakira.Record) { r.Attrs.Aliases = []dhakira.Alias{{Value: "ab", Lang: "e\x07n"}} },
		"title.en (bidi isolate)": func(r *dhakira.Record) { r.Title.EN = "a\u2066b\u2069" },
	}
	for name, set := range cases {
		r := base()
		set(r)
		err := r.Validate()
		field := strings.Fields(name)[0]
		if err == nil || !strings.HasPrefix(err.Error(), field+": ") {
			t.Errorf("%s: %v", name, err)
		}
	}
	r := base()
	r.Text = dhakira.Text{EN: "kept:\x00\u202e\tline\nend"}
	r.Source = &dhakira.Source{Name: "ok", Note: "note \u202e"}
	if err := r.Validate(); err != nil {
		t.Errorf("controls in long texts: %v", err)
	}
	if got := dhakira.Printable("a\x00b\u202ec\u2066d\u2069\te\r\nf\rg\x1b"); got != "abcd\te\nf\ng" {
		t.Errorf("Printable = %q", got)
	}
	if s := "نص عربي\tand English\n"; dhakira.Printable(s) != s {
		t.Errorf("Printable changed a clean text")
	}
}
