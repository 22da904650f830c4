package demo

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/demo/internal/content"
	"github.com/dhakira/dhakira/gazetteer"
)

// archive decodes JSONL strictly, line by line, and checks that each line is
// in canonical form and valid on its own.
func archive(t *testing.T) []*dhakira.Record {
	t.Helper()
	if len(JSONL) == 0 || JSONL[len(JSONL)-1] != '\n' {
		t.Fatal("archive.jsonl is empty or does not end with a newline")
	}
	var recs []*dhakira.Record
	for i, line := range bytes.Split(bytes.TrimSuffix(JSONL, []byte("\n")), []byte("\n")) {
		at := fmt.Sprintf("%s:%d", File, i+1)
		r, err := dhakira.DecodeRecord(line)
		if err != nil {
			t.Fatalf("%s: %v", at, err)
		}
		r.Normalize()
		again, err := r.Encode()
		if err != nil {
			t.Fatalf("%s: %v", at, err)
		}
		if !bytes.Equal(bytes.TrimSuffix(again, []byte("\n")), line) {
			t.Errorf("%s: not in canonical form:\n got %s\nwant %s", at, line, again)
		}
		if err := r.Validate(); err != nil {
			t.Errorf("%s: %s: %v", at, r.Code, err)
		}
		recs = append(recs, r)
	}
	return recs
}

// The embedded file is what go generate makes of the content package.
func TestGenerated(t *testing.T) {
	var want bytes.Buffer
	for _, r := range content.Records() {
		line, err := r.Encode()
		if err != nil {
			t.Fatal(err)
		}
		want.Write(line)
	}
	if !bytes.Equal(JSONL, want.Bytes()) {
		t.Fatal("archive.jsonl differs from demo/internal/content: run go generate ./demo")
	}
	if len(JSONL) > 400<<10 {
		t.Errorf("archive.jsonl is %d bytes, more than 400 KB", len(JSONL))
	}
}

var codeForm = regexp.MustCompile(`^[A-Z]{3}-\d{6}$`)

func TestRecords(t *testing.T) {
	recs := archive(t)
	gaz, err := gazetteer.Syria()
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]*dhakira.Record{}
	for _, r := range gaz {
		all[r.Code] = r
	}
	counts := map[dhakira.Kind]int{}
	rels := map[dhakira.Rel]int{}
	grades := map[dhakira.Reliability]int{}
	var drafts []string
	for i, r := range recs {
		if i > 0 && recs[i-1].Code >= r.Code {
			t.Errorf("%s after %s: not ordered by code", r.Code, recs[i-1].Code)
		}
		if all[r.Code] != nil {
			t.Errorf("code %s is used twice (demo or gazetteer)", r.Code)
		}
		all[r.Code] = r
		if !codeForm.MatchString(r.Code) || !strings.HasPrefix(r.Code, r.Kind.Prefix()+"-") {
			t.Errorf("%s: a %s's code should be %s-NNNNNN", r.Code, r.Kind, r.Kind.Prefix())
		}
		counts[r.Kind]++
		grades[r.Reliability]++
		for _, l := range r.Links {
			rels[l.Rel]++
		}
		switch r.Status {
		case dhakira.Draft:
			drafts = append(drafts, r.Code)
		case dhakira.Published:
		default:
			t.Errorf("%s: status %s", r.Code, r.Status)
		}
		if strings.TrimSpace(r.Text.AR) == "" && strings.TrimSpace(r.Text.EN) == "" {
			t.Errorf("%s: no text", r.Code)
		}
		if (r.Title.AR == "") != (r.Text.AR == "") || (r.Title.EN == "") != (r.Text.EN == "") {
			t.Errorf("%s: title and text are not in the same languages", r.Code)
		}
	}

	for _, r := range recs {
		for _, ref := range r.References() {
			target := all[ref.Code]
			switch {
			case target == nil:
				t.Errorf("%s: %s: %s is neither a demo nor a gazetteer record", r.Code, ref.Field, ref.Code)
			case ref.Kind != "" && target.Kind != ref.Kind:
				t.Errorf("%s: %s: %s is a %s, want a %s", r.Code, ref.Field, ref.Code, target.Kind, ref.Kind)
			}
		}
		for _, l := range r.Links {
			if l.Rel == dhakira.RelWitness && (r.Kind != dhakira.KindTestimony || all[l.To] == nil || all[l.To].Kind != dhakira.KindPerson) {
				t.Errorf("%s: witness link to %s: want a testimony pointing at a person", r.Code, l.To)
			}
		}
		if r.Kind == dhakira.KindTestimony {
			if len(r.Attrs.Segments) < 2 {
				t.Errorf("%s: %d segments", r.Code, len(r.Attrs.Segments))
			}
			witness := false
			for _, l := range r.Links {
				witness = witness || l.Rel == dhakira.RelWitness
			}
			if !witness {
				t.Errorf("%s: a testimony without a witness", r.Code)
			}
		}
		if r.Kind == dhakira.KindVideo && (r.Attrs.URL == "" || r.Attrs.Duration == "") {
			t.Errorf("%s: a video without url or duration", r.Code)
		}
		if r.Kind == dhakira.KindPlace {
			p := all[r.Parent()]
			if p == nil || p.Level() != "subdistrict" || (r.Level() != "site" && r.Level() != "community") || r.Attrs.Lat == nil || r.Attrs.Lon == nil {
				t.Errorf("%s: a %s under %s: want a site or community with lat/lon under a gazetteer subdistrict", r.Code, r.Level(), r.Parent())
			}
		}
	}

	for kind, min := range map[dhakira.Kind]int{
		dhakira.KindDocument: 27, dhakira.KindVideo: 18, dhakira.KindTestimony: 13, dhakira.KindDiary: 42,
		dhakira.KindPerson: 22, dhakira.KindEntity: 22, dhakira.KindPlace: 18,
	} {
		if counts[kind] < min {
			t.Errorf("%d %s records, want at least %d", counts[kind], kind, min)
		}
	}
	t.Logf("counts: %v", counts)
	for _, rel := range dhakira.Rels {
		if rels[rel] == 0 {
			t.Errorf("no link of type %s", rel)
		}
	}
	for _, g := range dhakira.Grades {
		if grades[g] == 0 {
			t.Errorf("no record graded %s", g)
		}
	}
	if strings.Join(drafts, " ") != "DIA-000062 DOC-000018 PER-000029" {
		t.Errorf("drafts %v, want exactly one diary, one document and one person", drafts)
	}
}

// governorate returns the governorate a place code lies in, following
// parents up the gazetteer.
func governorate(all map[string]*dhakira.Record, code string) string {
	for r := all[code]; r != nil; r = all[r.Parent()] {
		if r.Level() == "governorate" {
			return r.Code
		}
	}
	return ""
}

// The chronicle has days with several events across governorates, runs of
// consecutive days, every diary type and every date form.
func TestChronicle(t *testing.T) {
	recs := archive(t)
	gaz, err := gazetteer.Syria()
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]*dhakira.Record{}
	for _, r := range append(gaz, recs...) {
		all[r.Code] = r
	}
	byDay := map[string][]*dhakira.Record{}
	types := map[string]bool{}
	forms := map[string]bool{}
	for _, r := range recs {
		d := r.ParsedDate()
		switch {
		case d.IsZero():
		case d.IsInterval():
			forms["interval"] = true
		default:
			forms[fmt.Sprint(d.Start.Precision())] = true
		}
		if r.Kind != dhakira.KindDiary {
			continue
		}
		if d.IsZero() {
			t.Errorf("%s: a diary without a date", r.Code)
		}
		types[r.Type] = true
		if !d.IsInterval() && d.Start.Precision() == dhakira.PrecisionDay {
			byDay[r.Date] = append(byDay[r.Date], r)
		}
	}
	for _, ty := range dhakira.Types[dhakira.KindDiary] {
		if !types[ty] {
			t.Errorf("no diary of type %s", ty)
		}
	}
	for _, f := range []string{"interval", fmt.Sprint(dhakira.PrecisionYear), fmt.Sprint(dhakira.PrecisionMonth), fmt.Sprint(dhakira.PrecisionDay)} {
		if !forms[f] {
			t.Errorf("no date of form %s", f)
		}
	}
	busy := 0
	for day, events := range byDay {
		govs := map[string]bool{}
		for _, r := range events {
			for _, p := range r.Places {
				if g := governorate(all, p); g != "" {
					govs[g] = true
				}
			}
		}
		if len(events) >= 3 && len(govs) >= 2 {
			busy++
			t.Logf("%s: %d events in %d governorates", day, len(events), len(govs))
		}
	}
	if busy == 0 {
		t.Error("no day with 3 or more diaries in 2 or more governorates")
	}
	run := 0
	for day := range byDay {
		d, _ := dhakira.ParseDay(day)
		next := dhakira.DayOf(d.Time().AddDate(0, 0, 1)).String()
		if byDay[next] != nil {
			run++
		}
	}
	if run < 2 {
		t.Errorf("%d pairs of consecutive days in the chronicle, want runs of days", run)
	}
}

// The archive's reference record is there as the record page shows it.
func TestReferenceRecord(t *testing.T) {
	recs := archive(t)
	gaz, err := gazetteer.Syria()
	if err != nil {
		t.Fatal(err)
	}
	all := map[string]*dhakira.Record{}
	for _, r := range append(gaz, recs...) {
		all[r.Code] = r
	}
	var doc *dhakira.Record
	for _, r := range recs {
		if r.Kind == dhakira.KindDocument && strings.HasPrefix(r.Title.EN, "On Regime’s Attempts to Storm Homs Central Prison") {
			doc = r
		}
	}
	if doc == nil {
		t.Fatal("no reference press release")
	}
	if doc.Date != "2017-10-19" || doc.Type != "press-release" || doc.Title.AR == "" || doc.Status != dhakira.Published {
		t.Errorf("%s: date %s, type %s, status %s, title %+v", doc.Code, doc.Date, doc.Type, doc.Status, doc.Title)
	}
	for _, s := range []string{"over 500 detainees", "Amnesty International issued last February", "will not be subject to negotiations or bargaining"} {
		if !strings.Contains(doc.Text.EN, s) {
			t.Errorf("English text lacks %q", s)
		}
	}
	for _, s := range []string{"سجن حمص المركزي", "صيدنايا", "منظمة العفو الدولية"} {
		if !strings.Contains(doc.Text.AR, s) {
			t.Errorf("Arabic text lacks %q", s)
		}
	}

	var path []string
	for _, p := range doc.Places {
		for r := all[p]; r != nil; r = all[r.Parent()] {
			path = append([]string{r.Title.EN}, path...)
		}
	}
	if got := strings.Join(path, " › "); got != "Homs Governorate › Homs › Homs › Homs Central Prison" {
		t.Errorf("place path %q", got)
	}

	has := func(r *dhakira.Record, rel dhakira.Rel, pred func(*dhakira.Record) bool) bool {
		for _, l := range r.Links {
			if l.Rel == rel && all[l.To] != nil && pred(all[l.To]) {
				return true
			}
		}
		return false
	}
	titled := func(en string) func(*dhakira.Record) bool {
		return func(r *dhakira.Record) bool { return strings.Contains(r.Title.EN, en) }
	}
	if !has(doc, dhakira.RelIssuedBy, func(r *dhakira.Record) bool {
		return r.Kind == dhakira.KindEntity && strings.Contains(r.Title.EN, "Media Department") &&
			all[r.Parent()] != nil && strings.Contains(all[r.Parent()].Title.EN, "Coalition") &&
			has(r, dhakira.RelPartOf, func(p *dhakira.Record) bool { return p.Code == r.Parent() })
	}) {
		t.Error("not issued by the Coalition's Media Department, part of the Coalition")
	}
	if !has(doc, dhakira.RelMentions, titled("Sednaya")) || !has(doc, dhakira.RelMentions, titled("Amnesty International")) {
		t.Error("does not mention Sednaya Prison and Amnesty International")
	}
	if !has(doc, dhakira.RelRelated, func(r *dhakira.Record) bool { return r.Kind == dhakira.KindDiary }) {
		t.Error("no related diary")
	}
}

// A handful of records exist in one language only, so the site's fallback
// has something to show.
func TestOneLanguage(t *testing.T) {
	var ar, en int
	for _, r := range archive(t) {
		switch {
		case r.Title.EN == "":
			ar++
		case r.Title.AR == "":
			en++
		}
	}
	if ar < 2 || en < 2 {
		t.Errorf("%d records only in Arabic, %d only in English; want a handful of each", ar, en)
	}
}
