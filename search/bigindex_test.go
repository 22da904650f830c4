package search

import (
	"bufio"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/gazetteer"
	"github.com/dhakira/dhakira/internal/corpus"
)

// BenchmarkBuildBigIndex builds, without a store, an index of the bench's
// corpus of DHAKIRA_BUILD records (seed 1, as the bench generates it)
// into DHAKIRA_INDEX (-bench BuildBigIndex -benchtime 1x), for BenchmarkIndexMix to time the index alone at a
// million records. Documents hold what the store would give them but the
// names of linked records.
func BenchmarkBuildBigIndex(t *testing.B) {
	dir, n := os.Getenv("DHAKIRA_INDEX"), os.Getenv("DHAKIRA_BUILD")
	if dir == "" || n == "" {
		t.Skip("DHAKIRA_INDEX and DHAKIRA_BUILD not set")
	}
	count, err := strconv.Atoi(n)
	if err != nil {
		t.Fatal(err)
	}
	places, err := gazetteer.Syria()
	if err != nil {
		t.Fatal(err)
	}
	parent := map[string]string{}
	title := map[string]dhakira.Text{}
	var codes []string
	var names []dhakira.Text
	for _, p := range places {
		codes = append(codes, p.Code)
		parent[p.Code] = p.Parent()
		title[p.Code] = p.Title
		names = append(names, dhakira.Text{AR: strings.TrimPrefix(p.Title.AR, "محافظة "), EN: strings.TrimSuffix(p.Title.EN, " Governorate")})
	}
	ix, _, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(corpus.Write(pw, corpus.Options{N: count, Seed: 1, Places: codes, Names: names, NoCodes: 50, Drafts: 20}))
	}()
	lines := make(chan []byte, 256)
	var mu sync.Mutex
	var wg sync.WaitGroup
	var built []*segment
	flush := func(b *segmentBuilder) {
		s, err := ix.writeSegment(b)
		if err != nil {
			t.Error(err)
			return
		}
		mu.Lock()
		built = append(built, s)
		mu.Unlock()
	}
	var pmu sync.Mutex
	for range 2 {
		wg.Go(func() {
			var b *segmentBuilder
			for line := range lines {
				r, err := dhakira.DecodeRecord(line)
				if err != nil || r.Status == dhakira.Draft {
					continue
				}
				if r.Code == "" {
					r.Code = "GEN-" + strconv.Itoa(len(line)) + "-" + strconv.Itoa(int(line[len(line)/2]))
				}
				d := &Document{Code: r.Code, Kind: string(r.Kind), Type: r.Type, Reliability: string(r.Reliability),
					Title: []string{r.Title.AR, r.Title.EN}, Text: []string{r.Text.AR, r.Text.EN}}
				pmu.Lock()
				if r.Kind == dhakira.KindPlace {
					parent[r.Code] = r.Parent()
					title[r.Code] = r.Title
				}
				pcs := r.Places
				if r.Kind == dhakira.KindPlace {
					pcs = []string{r.Code}
				}
				seen := map[string]bool{}
				for _, pc := range pcs {
					for c := pc; c != "" && !seen[c]; c = parent[c] {
						seen[c] = true
						d.Places = append(d.Places, c)
						if c != r.Code {
							d.Names = append(d.Names, title[c].AR, title[c].EN)
						}
					}
				}
				pmu.Unlock()
				if date := r.ParsedDate(); !date.IsZero() {
					d.DateFirst, d.DateLast = int32(date.First()), int32(date.Last())
					for y := date.First() / 10000; y <= date.Last()/10000 && len(d.Years) < 100; y++ {
						d.Years = append(d.Years, strconv.Itoa(y))
					}
				}
				if b == nil {
					b = newSegmentBuilder(ix.reserve(rebuildSegment))
				}
				b.add(d)
				if b.n == rebuildSegment {
					flush(b)
					b = nil
				}
			}
			if b != nil {
				flush(b)
			}
		})
	}
	sc := bufio.NewScanner(pr)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		lines <- append([]byte(nil), sc.Bytes()...)
	}
	close(lines)
	wg.Wait()
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if err := ix.commit(built, nil, nil, 1); err != nil {
		t.Fatal(err)
	}
	docs, _ := ix.DocCount()
	t.Logf("%d documents in %d segments", docs, len(built))
}
