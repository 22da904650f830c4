package search

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/dhakira/dhakira"
)

// TypeLabel returns the label of a type slug in a language ("بيان صحفي" for
// document press-release in ar), or "" when it has none. The archive's
// translations (package locale) provide it, so a reader's words for a type
// find its records.
type TypeLabel func(k dhakira.Kind, slug, lang string) string

// builder makes search documents from the store. It caches place paths for
// the length of one batch: places are few and shared by many records.
type builder struct {
	store    dhakira.RecordService
	label    TypeLabel
	fileText FileText
	places   map[string][]dhakira.Summary
}

// FileText returns the text read from a file, page by page ("" for a
// page without text), or nil when none has been read.
type FileText func(ctx context.Context, sha string) ([]string, error)

func newBuilder(store dhakira.RecordService, label TypeLabel, fileText FileText) *builder {
	return &builder{store: store, label: label, fileText: fileText, places: map[string][]dhakira.Summary{}}
}

func (b *builder) placePath(ctx context.Context, code string) ([]dhakira.Summary, error) {
	if p, ok := b.places[code]; ok {
		return p, nil
	}
	p, err := b.store.PlacePath(ctx, code, dhakira.Public)
	if err != nil {
		return nil, err
	}
	b.places[code] = p
	return p, nil
}

// build returns the search document of code, or nil when the public may not
// see it (so it must not be in the index).
func (b *builder) build(ctx context.Context, code string) (map[string]any, error) {
	r, _, err := b.store.Record(ctx, code, dhakira.Public)
	if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return b.doc(ctx, r)
}

func (b *builder) doc(ctx context.Context, r *dhakira.Record) (map[string]any, error) {
	var texts, names, places []string
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
			add(&names, b.label(r.Kind, r.Type, "ar"), b.label(r.Kind, r.Type, "en"))
		}
	}
	// A place is in its own subtree; a record is in the subtrees of its places.
	placeCodes := r.Places
	if r.Kind == dhakira.KindPlace {
		placeCodes = []string{r.Code}
	}
	seen := map[string]bool{}
	for _, pc := range placeCodes {
		path, err := b.placePath(ctx, pc)
		if err != nil {
			return nil, err
		}
		for _, p := range path {
			if seen[p.Code] {
				continue
			}
			seen[p.Code] = true
			places = append(places, p.Code)
			if p.Code != r.Code {
				add(&names, p.Title.AR, p.Title.EN)
				add(&names, p.Aliases...)
			}
		}
	}
	related, err := b.store.Related(ctx, r.Code, dhakira.Public)
	if err != nil {
		return nil, err
	}
	for _, rel := range related {
		if !rel.Inverse {
			add(&names, rel.Title.AR, rel.Title.EN)
			add(&names, rel.Aliases...)
		}
	}
	d := map[string]any{
		fKind:        string(r.Kind),
		fCode:        r.Code,
		fReliability: string(r.Reliability),
		fTitle:       []string{r.Title.AR, r.Title.EN},
		fTitleX:      []string{r.Title.AR, r.Title.EN},
		fText:        texts,
		fTextX:       texts,
		fNames:       names,
		fNamesX:      append(names, r.Code),
		fPlaces:      places,
	}
	facets := []string{"k:" + string(r.Kind), "r:" + string(r.Reliability)}
	for _, p := range places {
		facets = append(facets, "p:"+p)
	}
	if r.Type != "" {
		d[fType] = r.Type
		facets = append(facets, "t:"+r.Type)
	}
	if date := r.ParsedDate(); !date.IsZero() {
		d[fDateFirst] = float64(date.First())
		d[fDateLast] = float64(date.Last())
		var years []string
		for y := date.First() / 10000; y <= date.Last()/10000 && len(years) < 100; y++ {
			years = append(years, strconv.Itoa(y))
		}
		d[fYears] = years
		for _, y := range years {
			facets = append(facets, "y:"+y)
		}
	}
	d[fFacets] = facets
	return d, nil
}
