package search

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/dhakira/dhakira"
)

// TypeLabel returns the label of a type slug in a language ("بيان صحفي" for
// document press-release in ar), or "" when it has none. The archive's
// translations (package locale) provide it, so a reader's words for a type
// find its records.
type TypeLabel func(k dhakira.Kind, slug, lang string) string

// Document is what the index holds of a record: the values it filters and
// counts by, and the texts it finds it by, in three weights (titles rank
// above names, names above texts). Building documents is kept apart from
// the index: a new kind of text (extracted pages of a file) is a new field
// here and a line in the indexer.
type Document struct {
	Code, Kind, Type, Reliability string
	Places                        []string // the record's places and all their ancestors
	Years                         []string // the years its date spans
	DateFirst, DateLast           int32    // YYYYMMDD; 0 when undated
	Title, Names, Text            []string // values, each its own run of words
}

// builder makes search documents from the store. It caches the names of
// linked records for the length of one batch of a catch-up: entities that
// issue many records are linked to by many. Place paths are cached for as
// long as the builder's places cache lives: places are few and shared by
// many records.
type builder struct {
	store    dhakira.RecordService
	label    TypeLabel
	fileText FileText
	places   *placeCache
	links    map[string][]string   // a linked record's names
	labels   map[typeKey][2]string // the labels of a type, in ar and en
}

// typeKey is a kind and a type slug.
type typeKey struct {
	kind dhakira.Kind
	slug string
}

// FileText returns the text read from a file, page by page ("" for a
// page without text), or nil when none has been read.
type FileText func(ctx context.Context, sha string) ([]string, error)

// maxCachedNames bounds the names of linked records a builder keeps.
const maxCachedNames = 200000

func newBuilder(store dhakira.RecordService, label TypeLabel, fileText FileText) *builder {
	return &builder{store: store, label: label, fileText: fileText, places: &placeCache{}, links: map[string][]string{}}
}

// placeCache holds place paths, shared by the builders of a rebuild.
type placeCache struct {
	mu    sync.Mutex
	paths map[string][]dhakira.Summary
}

// maxCachedPlaces bounds the place paths a cache keeps.
const maxCachedPlaces = 100000

// preload fills the cache with the path of every place the public may
// see, from the store's list of places, a thousand a page: a rebuild
// asked the store for each place's path, a recursive query each (a
// twentieth of the time of a rebuild of a million records). A path that
// leaves the list (a parent the public may not see, or not a place) is
// left to the store's PlacePath.
func (c *placeCache) preload(ctx context.Context, store dhakira.RecordService) error {
	byCode := map[string]dhakira.Summary{}
	for len(byCode) < maxCachedPlaces {
		list, total, err := store.Records(ctx, dhakira.RecordFilter{Kind: dhakira.KindPlace, Sort: dhakira.SortCode, Offset: len(byCode), Limit: 1000})
		if err != nil {
			return err
		}
		for _, p := range list {
			byCode[p.Code] = p
		}
		if len(list) == 0 || len(byCode) >= total {
			break
		}
	}
	paths := make(map[string][]dhakira.Summary, len(byCode))
	for code := range byCode {
		var path []dhakira.Summary
		for c, n := code, 0; n < 33; n++ { // as deep as PlacePath goes
			p, ok := byCode[c]
			if !ok {
				break
			}
			path = append(path, p)
			if c = p.Parent; c == "" {
				slices.Reverse(path)
				paths[code] = path
				break
			}
		}
	}
	c.mu.Lock()
	c.paths = paths
	c.mu.Unlock()
	return nil
}

func (b *builder) placePath(ctx context.Context, code string) ([]dhakira.Summary, error) {
	c := b.places
	c.mu.Lock()
	p, ok := c.paths[code]
	c.mu.Unlock()
	if ok {
		return p, nil
	}
	p, err := b.store.PlacePath(ctx, code, dhakira.Public)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.paths == nil || len(c.paths) >= maxCachedPlaces {
		c.paths = map[string][]dhakira.Summary{}
	}
	c.paths[code] = p
	c.mu.Unlock()
	return p, nil
}

// build returns the search document of code, or nil when the public may not
// see it (so it must not be in the index).
func (b *builder) build(ctx context.Context, code string) (*Document, error) {
	r, _, err := b.store.Record(ctx, code, dhakira.Public)
	if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	names, err := b.linkNames(ctx, r)
	if err != nil {
		return nil, err
	}
	return b.doc(ctx, r, names)
}

// typeLabels returns the labels of a type in ar and en, from the cache:
// asking the translations took a sixth of the making of a document.
func (b *builder) typeLabels(k dhakira.Kind, slug string) [2]string {
	key := typeKey{k, slug}
	l, ok := b.labels[key]
	if !ok {
		if b.labels == nil || len(b.labels) > 1000 {
			b.labels = map[typeKey][2]string{}
		}
		l = [2]string{b.label(k, slug, "ar"), b.label(k, slug, "en")}
		key = typeKey{dhakira.Kind(strings.Clone(string(k))), strings.Clone(slug)}
		b.labels[key] = l
	}
	return l
}

// linkNames returns the names of the records r links to, in the order of
// its links: from the cache when every target is in it, else from the
// store, which answers for all of them (a target the public may not see
// has no names to give).
func (b *builder) linkNames(ctx context.Context, r *dhakira.Record) ([]string, error) {
	missing := false
	for _, l := range r.Links {
		if _, ok := b.links[l.To]; !ok {
			missing = true
		}
	}
	if missing {
		related, err := b.store.Related(ctx, r.Code, dhakira.Public)
		if err != nil {
			return nil, err
		}
		if len(b.links) > maxCachedNames {
			clear(b.links)
		}
		for _, l := range r.Links {
			b.links[l.To] = nil
		}
		for _, rel := range related {
			if !rel.Inverse {
				b.links[rel.Code] = namesOf(rel.Title, rel.Aliases)
			}
		}
	}
	var names []string
	for _, l := range r.Links {
		names = append(names, b.links[l.To]...)
	}
	return names, nil
}

// linkedNames is linkNames from what the store's DumpLinked gave with r.
func linkedNames(r *dhakira.Record, linked []dhakira.LinkedName) []string {
	var names []string
	for _, l := range r.Links {
		for _, n := range linked {
			if n.Code == l.To {
				names = appendNames(names, n.Title, n.Aliases)
				break
			}
		}
	}
	return names
}

// namesOf returns a linked record's names: its titles and aliases that are
// not blank.
func namesOf(title dhakira.Text, aliases []string) []string {
	return appendNames(nil, title, aliases)
}

// appendNames appends namesOf(title, aliases) to dst.
func appendNames(dst []string, title dhakira.Text, aliases []string) []string {
	for _, v := range [2]string{title.AR, title.EN} {
		if strings.TrimSpace(v) != "" {
			dst = append(dst, v)
		}
	}
	for _, v := range aliases {
		if strings.TrimSpace(v) != "" {
			dst = append(dst, v)
		}
	}
	return dst
}

// doc returns the search document of r; linkNames are the names of the
// records it links to, in the order of its links.
func (b *builder) doc(ctx context.Context, r *dhakira.Record, linkNames []string) (*Document, error) {
	// The lists are made as long as they may grow (names one longer: the
	// segment builder reads the code after them), rather than grown by
	// appends, a third of the allocations of a rebuild.
	texts := make([]string, 0, 2+4*len(r.Attrs.Segments))
	// A place is in its own subtree; a record is in the subtrees of its places.
	placeCodes := r.Places
	if r.Kind == dhakira.KindPlace {
		placeCodes = []string{r.Code}
	}
	names := make([]string, 0, len(r.Attrs.Aliases)+4+8*len(placeCodes)+len(linkNames)+1)
	places := make([]string, 0, 4*len(placeCodes)) // a place and its ancestors
	add := func(list *[]string, s ...string) {
		for _, v := range s {
			if strings.TrimSpace(v) != "" {
				*list = append(*list, v)
			}
		}
	}
	add(&texts, r.Text.AR, r.Text.EN)
	for _, s := range r.Attrs.Segments {
		add(&texts, s.Title.AR, s.Title.EN, s.Text.AR, s.Text.EN)
	}
	// The text read from the record's files (a PDF's text layer, a scan's
	// OCR), each page led by the file's name and its number, so that a
	// snippet says where it comes from.
	for _, f := range r.Files {
		if b.fileText == nil {
			break
		}
		pages, err := b.fileText(ctx, f.SHA256)
		if err != nil {
			return nil, err
		}
		for i, p := range pages {
			if strings.TrimSpace(p) != "" {
				add(&texts, fmt.Sprintf("[%s p. %d] %s", f.Name, i+1, p))
			}
		}
	}
	for _, a := range r.Attrs.Aliases {
		add(&names, a.Value)
	}
	if r.Source != nil {
		add(&names, r.Source.Name)
	}
	if r.Type != "" {
		add(&names, strings.ReplaceAll(r.Type, "-", " "))
		if b.label != nil {
			l := b.typeLabels(r.Kind, r.Type)
			add(&names, l[0], l[1])
		}
	}
	for _, pc := range placeCodes {
		path, err := b.placePath(ctx, pc)
		if err != nil {
			return nil, err
		}
		for _, p := range path {
			if slices.Contains(places, p.Code) { // a few: no map
				continue
			}
			places = append(places, p.Code)
			if p.Code != r.Code {
				add(&names, p.Title.AR, p.Title.EN)
				add(&names, p.Aliases...)
			}
		}
	}
	// The names of the records it links to.
	names = append(names, linkNames...)
	d := &Document{
		Code:        r.Code,
		Kind:        string(r.Kind),
		Type:        r.Type,
		Reliability: string(r.Reliability),
		Places:      places,
		Title:       []string{r.Title.AR, r.Title.EN},
		Names:       names,
		Text:        texts,
	}
	if date := r.ParsedDate(); !date.IsZero() {
		d.DateFirst, d.DateLast = int32(date.First()), int32(date.Last())
		for y := date.First() / 10000; y <= date.Last()/10000 && len(d.Years) < 100; y++ {
			d.Years = append(d.Years, strconv.Itoa(y))
		}
	}
	return d, nil
}
