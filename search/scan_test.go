package search

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
)

// read is what scanRecord reads of a decoded record.
func read(r *dhakira.Record) *dhakira.Record {
	out := &dhakira.Record{Kind: r.Kind, Code: r.Code, Title: r.Title, Text: r.Text, Type: r.Type, Date: r.Date,
		Places: r.Places, Reliability: r.Reliability, Status: r.Status, Source: r.Source, Links: r.Links}
	out.Attrs = dhakira.Attrs{Parent: r.Attrs.Parent, Level: r.Attrs.Level, Aliases: r.Attrs.Aliases, Segments: r.Attrs.Segments}
	for _, f := range r.Files {
		out.Files = append(out.Files, dhakira.File{SHA256: f.SHA256, Name: f.Name, Type: f.Type, Lang: f.Lang})
	}
	return out
}

// TestScanRecord holds scanRecord to encoding/json's decoding, on stored
// lines (Record.Encode) of random records whose strings hold what JSON
// escapes, and on lines written by hand.
func TestScanRecord(t *testing.T) {
	lines := []string{
		`{"kind":"document","code":"D1","title":{"en":"press release"},"links":[{"rel":"issued-by","to":"E1"},{"to":"P1","note":"quoted"}]}`,
		`{"kind":"place","code":"SY04","type":"governorate","title":{"ar":"محافظة حمص","en":"Homs Governorate"},"attrs":{"pcode":"SY04","lat":34.7,"lon":36.7,"level":"governorate","aliases":[{"value":"Hims","lang":"en"}]}}`,
		`{"kind":"testimony","code":"T1","title":{"ar":"شهادة"},"attrs":{"segments":[{"start":"0:00:00","end":"0:01:00","title":{"en":"a"},"text":{"ar":"نص \"مقتبس\" \u2028 و\\ \/ \b\f\n\r\t \u0041\u00e9\ud83d\ude00 x"}}]},"files":[{"sha256":"ab","name":"a.pdf","type":"application/pdf","size":12,"role":"original","label":{"en":"x"}}]}`,
		` { "kind" : "video" , "code" : "V1" , "title" : { } , "source" : { "name" : "s" , "url" : "u" } , "attrs" : { "lat" : -2.5e3 , "lon" : 1 , "duration" : "1:00" } } `,
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"سجن", "Homs", "\"", "\\", "\n", "\t", "\u2028", "\u2029", "<b>&", "\x01", "\u00e9", "😀", " ", "/", "\ufffd"}
	str := func() string {
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	text := func() dhakira.Text { return dhakira.Text{AR: str(), EN: str()} }
	for i := range 500 {
		r := &dhakira.Record{Kind: dhakira.KindDocument, Code: fmt.Sprintf("D%d%s", i, str()), Title: text(), Text: text(), Type: str(), Date: str(),
			Reliability: dhakira.Reliability(str()), Status: dhakira.Status(str())}
		for range rng.IntN(3) {
			r.Places = append(r.Places, str())
			r.Links = append(r.Links, dhakira.Link{Rel: dhakira.Rel(str()), To: str(), Note: str()})
			r.Attrs.Aliases = append(r.Attrs.Aliases, dhakira.Alias{Value: str(), Lang: str()})
			r.Attrs.Segments = append(r.Attrs.Segments, dhakira.Segment{Start: str(), End: str(), Title: text(), Text: text()})
			r.Files = append(r.Files, dhakira.File{SHA256: str(), Name: str(), Size: 3, Label: text()})
		}
		if rng.IntN(2) == 0 {
			r.Source = &dhakira.Source{Name: str(), URL: str(), Note: str()}
		}
		lat := 1.5
		r.Attrs.Lat, r.Attrs.Parent, r.Attrs.Born = &lat, str(), str()
		line, err := r.Encode()
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.TrimSuffix(string(line), "\n"))
	}
	for _, line := range lines {
		want, err := dhakira.DecodeRecord([]byte(line))
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		got, err := scanRecord([]byte(line))
		if err != nil {
			t.Errorf("%s: %v", line, err)
			continue
		}
		if !reflect.DeepEqual(got, read(want)) {
			t.Errorf("%s:\nscanned %+v\ndecoded %+v", line, got, read(want))
		}
	}
}

// TestScanRecordRefuses: what is not a well-formed JSON object is left to
// dhakira.DecodeRecord, which says what is wrong.
func TestScanRecordRefuses(t *testing.T) {
	for _, line := range []string{``, `{`, `{"kind":"document"`, `{"kind":"document"}x`, `{"kind":3}`, `{"title":{"ar":"\x"}}`,
		`{"title":"a` + "\n" + `"}`, `{"kind":"a",}`, `[]`, `{"x":}`, `{"title":{"ar":"\u12"}}`, "{\"kind\":\"\xff\"}", `{"kind":null}`, `{"kind":"\ud800"}`, `{"kind":"\udc00\ud800"}`,
		// Bytes that are not UTF-8: in a value read, a key, a value skipped,
		// after an escape, outside a string.
		"{\"title\":{\"ar\":\"\xd8\"}}", "{\"title\":{\"ar\":\"\xd8 \"}}", "{\"code\":\"\xc0\x80\"}", "{\"code\":\"\xed\xa0\x80\"}",
		"{\"co\xffde\":\"x\"}", "{\"x\":\"a\xe2\x80\"}", "{\"x\":[1,2\xff]}", "{\"x\":1\u00e9}", "{\"code\":\"\\n\xff\"}", "{\"code\":\"x\"\xa0}"} {
		if r, err := scanRecord([]byte(line)); err == nil {
			t.Errorf("%q scanned as %+v", line, r)
		}
	}
}

// TestPlain8: plain8 says what jsonPlain says of each of eight bytes, for
// every byte in every place among plain ones, and for random words.
func TestPlain8(t *testing.T) {
	want := func(w uint64) bool {
		for k := range 8 {
			if !jsonPlain[byte(w>>(8*k))] {
				return false
			}
		}
		return true
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for c := range 256 {
		for k := range 8 {
			w := uint64(0x6161616161616161)&^(0xff<<(8*k)) | uint64(c)<<(8*k)
			if plain8(w) != want(w) {
				t.Errorf("plain8(%#x) = %v", w, plain8(w))
			}
		}
	}
	for range 100000 {
		w := rng.Uint64()
		if rng.IntN(2) == 0 {
			w &^= 0x8080808080808080
		}
		if plain8(w) != want(w) {
			t.Errorf("plain8(%#x) = %v", w, plain8(w))
		}
	}
}
