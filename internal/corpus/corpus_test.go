package corpus

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
)

func write(t *testing.T, opt Options) []*dhakira.Record {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, opt); err != nil {
		t.Fatal(err)
	}
	var recs []*dhakira.Record
	for i, line := range bytes.Split(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), []byte("\n")) {
		r, err := dhakira.DecodeRecord(line)
		if err == nil {
			err = r.Validate()
		}
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		recs = append(recs, r)
	}
	return recs
}

func TestRecordsAreValidAndLinked(t *testing.T) {
	places := []string{"SY01", "SY02", "SY0200"}
	const n = 3000
	recs := write(t, Options{N: n, Seed: 5, Places: places, NoCodes: 100, Drafts: 50,
		Names: []dhakira.Text{{AR: "منبج", EN: "Manbij"}, {AR: "ناحية الغندورة", EN: "Al-Ghandoura"}}})
	if len(recs) != n {
		t.Fatalf("%d records, want %d", len(recs), n)
	}
	codes := map[string]bool{}
	for _, p := range places {
		codes[p] = true
	}
	drafts := 0
	for _, r := range recs {
		if r.Code == "" && r.Kind != dhakira.KindDocument && r.Kind != dhakira.KindVideo {
			t.Errorf("a %s without a code", r.Kind)
		}
		codes[r.Code] = true
		if r.Status == dhakira.Draft {
			drafts++
		}
	}
	if drafts < n*50/1000/2 || drafts > n*50/1000*2 {
		t.Errorf("%d drafts in %d records, want about 5%%", drafts, n)
	}
	forward := 0
	seen := map[string]bool{}
	for _, r := range recs {
		seen[r.Code] = true
		targets := append(slices.Clone(r.Places), r.Attrs.Parent)
		for _, l := range r.Links {
			targets = append(targets, l.To)
			if !seen[l.To] {
				forward++
			}
		}
		for _, c := range targets {
			if c != "" && !codes[c] {
				t.Errorf("%s points to %s, which is not in the corpus", r.Code, c)
			}
		}
	}
	if forward == 0 {
		t.Error("no link points forward in the file")
	}
}

func TestSameSeedSameCorpus(t *testing.T) {
	var a, b, c bytes.Buffer
	Write(&a, Options{N: 500, Seed: 9})
	Write(&b, Options{N: 500, Seed: 9})
	Write(&c, Options{N: 500, Seed: 10})
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same seed made two corpora")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("two seeds made one corpus")
	}
}

// TestRealisticTexts checks the shape of the texts: lengths by kind, a few
// words in most records and most words in few, Arabic written several ways.
func TestRealisticTexts(t *testing.T) {
	recs := write(t, Options{N: 5000, Seed: 1})
	lengths := map[dhakira.Kind][]int{}
	in := map[string]int{} // records holding each word
	for _, r := range recs {
		text := r.Text.AR
		for _, s := range r.Attrs.Segments {
			text += " " + s.Text.AR
		}
		words := strings.Fields(text)
		lengths[r.Kind] = append(lengths[r.Kind], len(words))
		set := map[string]bool{}
		for _, w := range words {
			set[strings.Trim(w, ".،")] = true
		}
		for w := range set {
			in[w]++
		}
	}
	median := func(k dhakira.Kind) int {
		l := slices.Sorted(slices.Values(lengths[k]))
		return l[len(l)/2]
	}
	for _, c := range []struct {
		kind     dhakira.Kind
		min, max int
	}{
		{dhakira.KindDiary, 20, 120}, {dhakira.KindDocument, 200, 450}, {dhakira.KindPerson, 100, 250},
		{dhakira.KindPlace, 10, 40}, {dhakira.KindTestimony, 500, 2500},
	} {
		if m := median(c.kind); m < c.min || m > c.max {
			t.Errorf("median %s: %d words, want %d to %d", c.kind, m, c.min, c.max)
		}
	}
	if l := slices.Max(lengths[dhakira.KindDocument]); l < 1500 {
		t.Errorf("the longest document has %d words; want some of thousands", l)
	}
	v := Vocabulary("ar")
	common, rare := in[v[0]], in[v[len(v)-1]]
	if common < len(recs)/4 || rare == 0 || rare > common/50 {
		t.Errorf("%s in %d records, %s in %d: want a Zipf tail", v[0], common, v[len(v)-1], rare)
	}
	for _, w := range []string{"والقصف", "بالقصف", "الامن", "للمعتقلين"} {
		if in[w] == 0 {
			t.Errorf("no text has %s", w)
		}
	}
}
