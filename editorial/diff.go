package editorial

import (
	"encoding/json"
	"strings"

	"github.com/dhakira/dhakira"
)

// Op is one piece of a word-level difference.
type Op struct {
	Kind string // "same", "del" or "ins"
	Text string // words with the spaces between them
}

// FieldDiff is how one field differs between two revisions.
type FieldDiff struct {
	Field    string // e.g. "title.ar", "text.en", "links"
	Old, New string // the values as text
	Words    []Op   // for texts: the word-level difference
}

// Diff compares two versions of a record field by field; texts are compared
// word by word.
func Diff(a, b *dhakira.Record) []FieldDiff {
	var out []FieldDiff
	text := func(field, x, y string) {
		if x != y {
			out = append(out, FieldDiff{Field: field, Old: x, New: y, Words: DiffWords(x, y)})
		}
	}
	value := func(field string, x, y any) {
		jx, jy := asText(x), asText(y)
		if jx != jy {
			out = append(out, FieldDiff{Field: field, Old: jx, New: jy})
		}
	}
	text("title.ar", a.Title.AR, b.Title.AR)
	text("title.en", a.Title.EN, b.Title.EN)
	text("text.ar", a.Text.AR, b.Text.AR)
	text("text.en", a.Text.EN, b.Text.EN)
	value("type", a.Type, b.Type)
	value("date", a.Date, b.Date)
	value("places", a.Places, b.Places)
	value("reliability", a.Reliability, b.Reliability)
	value("status", a.Status, b.Status)
	value("source", a.Source, b.Source)
	value("links", a.Links, b.Links)
	value("attrs", a.Attrs, b.Attrs)
	value("files", a.Files, b.Files)
	return out
}

func asText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case dhakira.Status:
		return string(x)
	case dhakira.Reliability:
		return string(x)
	}
	b, _ := json.Marshal(v)
	if s := string(b); s != "null" && s != "{}" && s != `""` {
		return s
	}
	return ""
}

// maxDiffCells bounds the work of one word diff (words × words); past it,
// the texts are shown as deleted and inserted whole.
const maxDiffCells = 4_000_000

// DiffWords returns the word-level difference between two texts: the
// longest common subsequence of their words, with the deleted and inserted
// runs between.
func DiffWords(a, b string) []Op {
	x, y := strings.Fields(a), strings.Fields(b)
	if len(x)*len(y) > maxDiffCells {
		return merge([]Op{{"del", a}, {"ins", b}})
	}
	// lcs[i][j] is the length of the common subsequence of x[i:] and y[j:].
	lcs := make([][]int32, len(x)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []Op
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			ops = append(ops, Op{"same", x[i]})
			i, j = i+1, j+1
		case i < len(x) && (j == len(y) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, Op{"del", x[i]}) // deletions first, then insertions
			i++
		default:
			ops = append(ops, Op{"ins", y[j]})
			j++
		}
	}
	return merge(ops)
}

// merge joins neighbouring ops of the same kind, with spaces.
func merge(ops []Op) []Op {
	var out []Op
	for _, op := range ops {
		if op.Text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Kind == op.Kind {
			out[n-1].Text += " " + op.Text
			continue
		}
		out = append(out, op)
	}
	return out
}
