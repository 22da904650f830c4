// Package content is the demo archive as the people who wrote it keep it:
// Go values, checked by the compiler, from which go generate writes
// demo/archive.jsonl. The records describe documented, widely reported public
// events and public figures of 2011–2024; each is graded honestly.
package content

import (
	"sort"
	"strings"

	"github.com/dhakira/dhakira"
)

// Records returns every record of the demo archive, normalized and ordered
// by code.
func Records() []*dhakira.Record {
	var all []*dhakira.Record
	for _, part := range [][]*dhakira.Record{documents, videos, testimonies, diaries, persons, entities, places} {
		all = append(all, part...)
	}
	for _, r := range all {
		r.Normalize()
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Code < all[j].Code })
	return all
}

const (
	document  = dhakira.KindDocument
	video     = dhakira.KindVideo
	testimony = dhakira.KindTestimony
	diary     = dhakira.KindDiary
	person    = dhakira.KindPerson
	entity    = dhakira.KindEntity
	place     = dhakira.KindPlace

	correct     = dhakira.Correct
	incorrect   = dhakira.Incorrect
	unverified  = dhakira.Unverified
	unspecified = dhakira.Unspecified

	draft = dhakira.Draft
)

// tx is a text in Arabic and English.
func tx(ar, en string) dhakira.Text {
	return dhakira.Text{AR: strings.TrimSpace(ar), EN: strings.TrimSpace(en)}
}

// links reads "rel CODE" or "rel CODE | note".
func links(specs ...string) []dhakira.Link {
	var ls []dhakira.Link
	for _, s := range specs {
		s, note, _ := strings.Cut(s, "|")
		rel, to, _ := strings.Cut(strings.TrimSpace(s), " ")
		ls = append(ls, dhakira.Link{Rel: dhakira.Rel(rel), To: strings.TrimSpace(to), Note: strings.TrimSpace(note)})
	}
	return ls
}

// at lists place codes.
func at(codes ...string) []string { return codes }

func src(name, url string) *dhakira.Source { return &dhakira.Source{Name: name, URL: url} }

func srcNote(name, url, note string) *dhakira.Source {
	return &dhakira.Source{Name: name, URL: url, Note: note}
}

// aka reads "ar:value" or "en:value".
func aka(specs ...string) []dhakira.Alias {
	var as []dhakira.Alias
	for _, s := range specs {
		lang, v, _ := strings.Cut(s, ":")
		as = append(as, dhakira.Alias{Value: v, Lang: lang})
	}
	return as
}

func seg(start, end string, title, text dhakira.Text) dhakira.Segment {
	return dhakira.Segment{Start: start, End: end, Title: title, Text: text}
}

func num(f float64) *float64 { return &f }
