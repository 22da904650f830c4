package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/editorial"
	"github.com/dhakira/dhakira/locale"
)

// adminRevRow is one revision in a record's history.
type adminRevRow struct {
	N       int
	Author  string
	When    string
	Note    string
	Changed string
	Current bool
	A, B    bool // chosen for the comparison
}

type adminHistoryView struct {
	Code       string
	KindLabel  string
	Title      LText
	Status     string
	Revisions  []adminRevRow // newest first
	EditURL    string
	PublicURL  string
	CompareURL string
	RestoreURL string
	CanRestore bool
	Notice     string
	Message    string
}

func (s *Server) handleAdminHistory(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User) {
	s.adminHistory(w, r, lang, u, "")
}

// adminHistory shows a record's history, with a message when a restore
// could not be made.
func (s *Server) adminHistory(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User, message string) {
	ctx := r.Context()
	code := r.PathValue("code")
	if !dhakira.ValidCode(code) {
		s.notFound(w, r, lang)
		return
	}
	rec, _, err := s.bo.Record(ctx, code)
	if err != nil {
		s.adminFail(w, r, lang, err)
		return
	}
	revs, err := s.bo.Revisions(ctx, code)
	if err != nil {
		s.adminFail(w, r, lang, err)
		return
	}
	p := s.adminPage(r, lang, "admin_history", u)
	esc := url.PathEscape(code)
	v := &adminHistoryView{
		Code:       code,
		KindLabel:  p.KindLabel(rec.Kind),
		Title:      p.Text(rec.Title),
		Status:     p.StatusLabel(rec.Status),
		EditURL:    p.EditorURL(code),
		CompareURL: p.AdminURL("/records/" + esc + "/compare"),
		RestoreURL: p.AdminURL("/records/" + esc + "/restore"),
		CanRestore: u.Can(dhakira.PermPublish) || rec.Status == dhakira.Draft || rec.Status == dhakira.Review,
	}
	if rec.Status == dhakira.Published {
		v.PublicURL = p.RecordURL(code)
	}
	p.Title = p.T("history_title", "Title", v.Title.Text)
	for i := len(revs) - 1; i >= 0; i-- {
		rv := revs[i]
		v.Revisions = append(v.Revisions, adminRevRow{
			N: rv.N, Author: rv.Author, When: p.When(rv.At), Note: rv.Note, Changed: p.fieldList(rv.Changed),
			Current: i == len(revs)-1, B: i == len(revs)-1, A: i == len(revs)-2 || (len(revs) == 1 && i == 0),
		})
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("restored")); err == nil && n > 0 {
		v.Notice = p.T("history_restored", "N", n)
	}
	if message != "" {
		v.Message = message
		p.Status = http.StatusUnprocessableEntity
	}
	p.Data = v
	s.render(w, r, p)
}

// adminDiffRow is how one field differs between two versions: texts word
// by word, other values whole.
type adminDiffRow struct {
	Label string
	Lang  string // texts: the text's language
	Dir   string
	Words []editorial.Op
	Old   string
	New   string
}

// adminDiffs are the differences between two versions of a record, with
// the page for their labels.
type adminDiffs struct {
	P    *page
	Rows []adminDiffRow
}

// diffRows labels the differences for people.
func (p *page) diffRows(diffs []editorial.FieldDiff) adminDiffs {
	out := make([]adminDiffRow, 0, len(diffs))
	for _, d := range diffs {
		row := adminDiffRow{Label: p.fieldLabel(d.Field), Words: d.Words, Old: d.Old, New: d.New}
		switch d.Field {
		case "status":
			row.Old, row.New = p.StatusLabel(dhakira.Status(d.Old)), p.StatusLabel(dhakira.Status(d.New))
		case "reliability":
			row.Old, row.New = p.Grade(dhakira.Reliability(d.Old)), p.Grade(dhakira.Reliability(d.New))
		}
		if lang, ok := strings.CutPrefix(d.Field, "title."); ok {
			row.Lang = lang
		} else if lang, ok := strings.CutPrefix(d.Field, "text."); ok {
			row.Lang = lang
		}
		if row.Lang != "" {
			row.Dir = locale.Dir(row.Lang)
		}
		out = append(out, row)
	}
	return adminDiffs{P: p, Rows: out}
}

type adminCompareView struct {
	Code       string
	Title      LText
	A, B       adminRevRow
	Choices    []int
	Diffs      adminDiffs
	HistoryURL string
	Action     string
}

// Sides are the two revisions compared, the older first.
func (v *adminCompareView) Sides() []adminRevRow { return []adminRevRow{v.A, v.B} }

func (s *Server) handleAdminCompare(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User) {
	ctx := r.Context()
	code := r.PathValue("code")
	if !dhakira.ValidCode(code) {
		s.notFound(w, r, lang)
		return
	}
	revs, err := s.bo.Revisions(ctx, code)
	if err != nil {
		s.adminFail(w, r, lang, err)
		return
	}
	if len(revs) == 0 {
		s.notFound(w, r, lang)
		return
	}
	q := r.URL.Query()
	last := revs[len(revs)-1].N
	a, errA := strconv.Atoi(q.Get("a"))
	b, errB := strconv.Atoi(q.Get("b"))
	if errB != nil {
		b = last
	}
	if errA != nil {
		a = max(b-1, 1)
	}
	if a > b {
		a, b = b, a
	}
	find := func(n int) *dhakira.Revision {
		i := slices.IndexFunc(revs, func(rv dhakira.Revision) bool { return rv.N == n })
		if i < 0 {
			return nil
		}
		return &revs[i]
	}
	ra, rb := find(a), find(b)
	if ra == nil || rb == nil {
		s.notFound(w, r, lang)
		return
	}
	diffs, err := s.bo.Compare(ctx, code, a, b)
	if err != nil {
		s.adminFail(w, r, lang, err)
		return
	}
	p := s.adminPage(r, lang, "admin_compare", u)
	v := &adminCompareView{
		Code:       code,
		Title:      p.Text(revs[len(revs)-1].Record.Title),
		A:          adminRevRow{N: a, Author: ra.Author, When: p.When(ra.At), Note: ra.Note},
		B:          adminRevRow{N: b, Author: rb.Author, When: p.When(rb.At), Note: rb.Note},
		Diffs:      p.diffRows(diffs),
		HistoryURL: p.HistoryURL(code),
		Action:     p.AdminURL("/records/" + url.PathEscape(code) + "/compare"),
	}
	for _, rv := range revs {
		v.Choices = append(v.Choices, rv.N)
	}
	p.Title = p.T("compare_title", "A", a, "B", b)
	p.Data = v
	s.render(w, r, p)
}

func (s *Server) handleAdminRestore(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User) {
	code := r.PathValue("code")
	n, err := strconv.Atoi(r.PostFormValue("n"))
	if err != nil || n < 1 || !dhakira.ValidCode(code) {
		s.notFound(w, r, lang)
		return
	}
	rev, err := s.bo.Restore(r.Context(), code, n)
	var verr dhakira.ValidationError
	if errors.As(err, &verr) {
		// The revision points to records that are gone: say so, and which.
		p := s.newPage(lang, "admin_history", r.URL)
		msgs := []string{p.T("history_restore_invalid", "N", n)}
		for _, fe := range verr {
			msgs = append(msgs, p.problemLabel(fe.Field)+": "+p.fieldMessage(fe))
		}
		s.adminHistory(w, r, lang, u, strings.Join(msgs, " "))
		return
	}
	if err != nil {
		s.adminFail(w, r, lang, err)
		return
	}
	p := s.adminPage(r, lang, "admin_history", u)
	seeOther(w, r, p.HistoryURL(code), "restored", strconv.Itoa(rev))
}
