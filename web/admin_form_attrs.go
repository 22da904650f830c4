package web

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/dhakira/dhakira"
)

// attrsForms read the fields of the editor that one kind has, into its
// attrs: one reader per kind that has any.
var attrsForms = map[dhakira.Kind]func(e *formReader, a *dhakira.Attrs){
	dhakira.KindPlace:     readPlaceForm,
	dhakira.KindPerson:    readPersonForm,
	dhakira.KindEntity:    readEntityForm,
	dhakira.KindVideo:     readVideoForm,
	dhakira.KindTestimony: readTestimonyForm,
}

func readPlaceForm(e *formReader, a *dhakira.Attrs) {
	a.Level = e.val("level")
	a.Parent = e.parent()
	a.PCode = e.val("pcode")
	a.Lat = e.number("attrs.lat", "lat")
	a.Lon = e.number("attrs.lon", "lon")
	a.Aliases = e.aliases()
}

func readPersonForm(e *formReader, a *dhakira.Attrs) {
	a.Born, a.Died = e.val("born"), e.val("died")
	a.Aliases = e.aliases()
}

func readEntityForm(e *formReader, a *dhakira.Attrs) {
	a.Parent = e.parent()
	a.Aliases = e.aliases()
}

func readVideoForm(e *formReader, a *dhakira.Attrs) {
	a.URL, a.Duration = e.val("video_url"), e.val("duration")
}

// readTestimonyForm reads the segments' rows, less those ticked for
// removal and those left empty.
func readTestimonyForm(e *formReader, a *dhakira.Attrs) {
	gone := e.indexes("seg_remove")
	for i := range e.pf["seg_start"] {
		sg := dhakira.Segment{
			Start: e.row("seg_start", i), End: e.row("seg_end", i),
			Title: dhakira.Text{AR: e.row("seg_title_ar", i), EN: e.row("seg_title_en", i)},
			Text:  dhakira.Text{AR: textValue(e.row("seg_text_ar", i)), EN: textValue(e.row("seg_text_en", i))},
		}
		if gone[i] || (sg.Start == "" && sg.End == "" && sg.Title.IsZero() && sg.Text.IsZero()) {
			continue
		}
		a.Segments = append(a.Segments, sg)
	}
}

// number reads a coordinate (with an Arabic decimal separator allowed); a
// value that is no number is a problem of field.
func (e *formReader) number(field, name string) *float64 {
	s := strings.ReplaceAll(e.val(name), "٫", ".")
	if s == "" {
		return nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		e.f.problems = append(e.f.problems, dhakira.FieldError{Field: field, Message: "form: not a number"})
		return nil
	}
	return &x
}

// parent is the parent typed, or the one picked.
func (e *formReader) parent() string {
	if c := e.val("parent_pick"); c != "" {
		return c
	}
	return e.val("parent")
}

var aliasLangRE = regexp.MustCompile(`^([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?):\s*(.+)$`)

// aliases are the other names, one a line: Arabic, English, and others as
// "lang: name" (or a bare name without a language).
func (e *formReader) aliases() []dhakira.Alias {
	var out []dhakira.Alias
	for _, l := range lines(e.pf.Get("aliases_ar")) {
		out = append(out, dhakira.Alias{Value: l, Lang: "ar"})
	}
	for _, l := range lines(e.pf.Get("aliases_en")) {
		out = append(out, dhakira.Alias{Value: l, Lang: "en"})
	}
	for _, l := range lines(e.pf.Get("aliases_other")) {
		if m := aliasLangRE.FindStringSubmatch(l); m != nil {
			out = append(out, dhakira.Alias{Value: m[2], Lang: m[1]})
		} else {
			out = append(out, dhakira.Alias{Value: l})
		}
	}
	return out
}
