package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/editorial"
)

// adminEditorView is the record editor: every field of one kind, the
// values as typed, the problems next to the fields they concern.
type adminEditorView struct {
	New        bool
	Kind       dhakira.Kind
	KindLabel  string
	Code       string
	Action     string // the form's URL
	PickURL    string // the pickers' JSON endpoint
	Base       int
	Title      dhakira.Text
	Text       dhakira.Text
	Types      []option
	TypeOther  string
	Date       string
	Places     []adminPlaceRow
	Links      []adminLinkRow
	Rels       []option
	Source     dhakira.Source
	Statuses   []option
	Status     dhakira.Status
	CanGrade   bool
	SavedGrade dhakira.Reliability
	Grades     []option
	Grade      string // the current grade's label, for those who may not change it
	Reason     string
	Note       string

	// Kind-specific attributes.
	Levels       []option
	Parent       string
	ParentTitle  string
	PCode        string
	Lat, Lon     string
	AliasesAR    string
	AliasesEN    string
	AliasesOther string
	Born, Died   string
	VideoURL     string
	Duration     string
	Segments     []adminSegmentRow
	Files        []adminFileRow
	UploadError  string

	PickPlace  adminPick
	PickLink   adminPick
	PickParent adminPick
	PickRel    []option
	PickNote   string

	p       *page
	errs    map[string][]string
	Summary []adminProblem
	Message string // a problem of the whole form
	Notice  string
	Stale   *adminStaleView

	Editable     bool
	ReadOnly     string
	ShowSubmit   bool
	ShowPublish  bool
	ShowWithdraw bool
	HistoryURL   string
	PublicURL    string
	DuplicateURL string
	Revision     string
}

// adminFieldErr is what the form shows next to one field.
type adminFieldErr struct {
	ID   string
	Msgs []string
}

// errID is the id of the problems shown next to a field.
func errID(field string) string {
	return "e-" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, strings.ToLower(field))
}

// ErrFor lists the problems of one field, by its JSON path ("date",
// "links[2].to", "attrs.segments[0].end").
func (v *adminEditorView) ErrFor(field string) adminFieldErr {
	return adminFieldErr{ID: errID(field), Msgs: v.errs[field]}
}

// ErrUnder lists the problems of every field under a path ("links[2]"
// finds those of links[2].rel and links[2].to).
func (v *adminEditorView) ErrUnder(prefix string) adminFieldErr {
	e := adminFieldErr{ID: errID(prefix)}
	for _, f := range slices.Sorted(maps.Keys(v.errs)) {
		if f == prefix || strings.HasPrefix(f, prefix+".") {
			e.Msgs = append(e.Msgs, v.errs[f]...)
		}
	}
	return e
}

// Invalid marks the input of a field that has problems and ties it to
// them, for screen readers; it writes nothing for a field without.
func (v *adminEditorView) Invalid(field string) template.HTMLAttr {
	if len(v.ErrUnder(field).Msgs) == 0 {
		return ""
	}
	return template.HTMLAttr(`aria-invalid="true" aria-describedby="` + errID(field) + `"`)
}

// adminPickList is a picker's results as the form lists them without
// script: a box to tick (or a button to choose) for each.
type adminPickList struct {
	P    *page
	Name string // the form field the ticked codes go to
	Type string // "checkbox" or "radio"
	adminPick
}

// PickList lists a picker's results for the form.
func (v *adminEditorView) PickList(name, typ string, pk adminPick) adminPickList {
	return adminPickList{P: v.p, Name: name, Type: typ, adminPick: pk}
}

type adminPlaceRow struct {
	Code  string
	Title string
	Lang  string
	Path  string
}

type adminLinkRow struct {
	To    string
	Title string
	Lang  string
	Kind  string
	Note  string
	Rels  []option
}

type adminSegmentRow struct {
	Start, End string
	Title      dhakira.Text
	Text       dhakira.Text
}

// adminPick is a picker's search as the form last ran it.
type adminPick struct {
	Q        string
	Searched bool
	Results  []adminPickResult
}

// adminProblem is one line of the summary above the form.
type adminProblem struct {
	Anchor  string
	Label   string
	Message string
}

// adminStaleView shows what someone else saved meanwhile.
type adminStaleView struct {
	Revision int
	Author   string
	When     string
	Diffs    adminDiffs
}

// adminForm is an editor's POST, read.
type adminForm struct {
	rec        *dhakira.Record
	base       int
	note       string
	reason     string
	action     string
	problems   dhakira.ValidationError // what the form itself cannot take: a latitude that is no number
	pickPlace  string
	pickLink   string
	pickParent string
	pickRel    dhakira.Rel
	pickNote   string
}

// Editor actions besides saving: none of them writes anything.
const (
	actPreview    = "preview"
	actRefresh    = "refresh"
	actAddSegment = "add-segment"
	actFindPlace  = "find-place"
	actFindLink   = "find-link"
	actFindParent = "find-parent"
)

func (s *Server) handleAdminNew(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User) {
	kind, err := dhakira.ParseKind(r.URL.Query().Get("kind"))
	if err != nil {
		http.Redirect(w, r, "/"+lang+"/admin/#create", http.StatusSeeOther)
		return
	}
	p := s.adminPage(r, lang, "admin_editor", u)
	rec := &dhakira.Record{Kind: kind, Status: dhakira.Draft, Reliability: dhakira.Unspecified}
	v := s.adminEditor(r, p, u, rec, nil, nil)
	p.Data = v
	s.render(w, r, p)
}

func (s *Server) handleAdminEdit(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User) {
	code := r.PathValue("code")
	if !dhakira.ValidCode(code) {
		s.notFound(w, r, lang)
		return
	}
	rec, info, err := s.bo.Record(r.Context(), code)
	if err != nil {
		s.adminFail(w, r, lang, err)
		return
	}
	p := s.adminPage(r, lang, "admin_editor", u)
	v := s.adminEditor(r, p, u, rec, rec, info)
	q := r.URL.Query()
	if n, err := strconv.Atoi(q.Get("saved")); err == nil && n > 0 {
		v.Notice = p.T("editor_saved", "N", n)
	}
	if from := q.Get("duplicated"); dhakira.ValidCode(from) {
		v.Notice = p.T("editor_duplicated", "Code", from)
	}
	if n, err := strconv.Atoi(q.Get("uploaded")); err == nil && n > 0 {
		v.Notice = p.T("editor_uploaded", "N", n)
	}
	if e := q.Get("upload_error"); e != "" && len(e) < 500 {
		v.UploadError = e
	}
	p.Data = v
	s.render(w, r, p)
}

// adminEditor builds the editor of rec as the form shows it; cur and info
// are the saved record and what the store knows of it (nil for a new one).
func (s *Server) adminEditor(r *http.Request, p *page, u *dhakira.User, rec, cur *dhakira.Record, info *dhakira.RecordInfo) *adminEditorView {
	v := editorFrame(p, u, rec, cur, info)
	v.typeChoices(p, rec)
	v.workflowChoices(p, u, rec, cur)
	s.editorLinks(r.Context(), p, v, rec)
	s.editorAttrs(r.Context(), p, v, rec)
	v.editorFiles(rec)
	return v
}

// editorFrame is the editor's frame: what it edits, where the form goes,
// the record's other pages, whether the member may change it, and the
// values every kind has.
func editorFrame(p *page, u *dhakira.User, rec, cur *dhakira.Record, info *dhakira.RecordInfo) *adminEditorView {
	v := &adminEditorView{
		New:       cur == nil,
		Kind:      rec.Kind,
		KindLabel: p.KindLabel(rec.Kind),
		Code:      rec.Code,
		PickURL:   p.AdminURL("/pick"),
		Title:     rec.Title,
		Text:      rec.Text,
		Date:      rec.Date,
		Status:    rec.Status,
		CanGrade:  u.Can(dhakira.PermPublish),
		p:         p,
		errs:      map[string][]string{},
		Editable:  true,
	}
	if rec.Source != nil {
		v.Source = *rec.Source
	}
	if cur == nil {
		v.Action = p.AdminURL("/records/new")
	} else {
		esc := url.PathEscape(cur.Code)
		v.Action = p.AdminURL("/records/" + esc + "/edit")
		v.HistoryURL = p.HistoryURL(cur.Code)
		v.DuplicateURL = p.AdminURL("/records/" + esc + "/duplicate")
		if cur.Status == dhakira.Published {
			v.PublicURL = p.RecordURL(cur.Code)
		}
		if !u.Can(dhakira.PermPublish) && cur.Status != dhakira.Draft && cur.Status != dhakira.Review {
			v.Editable = false
			v.ReadOnly = p.T("editor_read_only", "Status", p.StatusLabel(cur.Status))
		}
	}
	if info != nil {
		v.Base = info.Revision
		v.Revision = p.T("editor_revision", "N", info.Revision, "Date", p.When(info.Updated))
	}
	return v
}

// typeChoices offers the kind's vocabulary, or another slug typed in.
func (v *adminEditorView) typeChoices(p *page, rec *dhakira.Record) {
	known := slices.Contains(dhakira.Types[rec.Kind], rec.Type)
	for _, t := range dhakira.Types[rec.Kind] {
		v.Types = append(v.Types, option{Value: t, Label: p.TypeLabel(rec.Kind, t), Selected: t == rec.Type})
	}
	v.Types = append(v.Types, option{Value: "_other", Label: p.T("editor_type_other"), Selected: rec.Type != "" && !known})
	if !known {
		v.TypeOther = rec.Type
	}

}

// workflowChoices offers the moves this member may make from the saved
// status, and the grades.
func (v *adminEditorView) workflowChoices(p *page, u *dhakira.User, rec, cur *dhakira.Record) {
	from := dhakira.Draft
	if cur != nil {
		from = cur.Status
	}
	if v.Status == "" {
		v.Status = from
	}
	for _, st := range dhakira.Statuses {
		if u.Can(dhakira.PermPublish) || st == from || st == dhakira.Draft || st == dhakira.Review {
			v.Statuses = append(v.Statuses, option{Value: string(st), Label: p.StatusLabel(st), Selected: st == v.Status})
		}
	}
	v.ShowSubmit = v.Editable && from == dhakira.Draft
	v.ShowPublish = v.Editable && u.Can(dhakira.PermPublish) && from != dhakira.Published
	v.ShowWithdraw = v.Editable && u.Can(dhakira.PermPublish) && from == dhakira.Published

	grade := rec.Reliability
	if grade == "" && cur != nil {
		grade = cur.Reliability
	}
	if grade == "" {
		grade = dhakira.Unspecified
	}
	v.Grade = p.Grade(grade)
	v.SavedGrade = dhakira.Unspecified
	if cur != nil {
		v.SavedGrade = cur.Reliability
	}
	for _, g := range dhakira.Grades {
		v.Grades = append(v.Grades, option{Value: string(g), Label: p.Grade(g), Selected: g == grade})
	}
}

// editorLinks lists the record's places and links with the titles of what
// they point to.
func (s *Server) editorLinks(ctx context.Context, p *page, v *adminEditorView, rec *dhakira.Record) {
	for _, code := range rec.Places {
		row := adminPlaceRow{Code: code}
		if pl, _, err := s.bo.Record(ctx, code); err == nil {
			t := p.Text(pl.Title)
			row.Title, row.Lang = t.Text, t.Lang
			row.Path, _ = s.placePathText(ctx, p, code)
		}
		v.Places = append(v.Places, row)
	}
	for _, l := range rec.Links {
		row := adminLinkRow{To: l.To, Note: l.Note, Rels: p.relOptions(l.Rel)}
		if t, _, err := s.bo.Record(ctx, l.To); err == nil {
			lt := p.Text(t.Title)
			row.Title, row.Lang, row.Kind = lt.Text, lt.Lang, p.KindLabel(t.Kind)
		}
		v.Links = append(v.Links, row)
	}
	v.Rels = p.relOptions(dhakira.RelRelated)
	v.PickRel = p.relOptions(dhakira.RelRelated)
}

// editorAttrs fills the fields of the kind's own attributes.
func (s *Server) editorAttrs(ctx context.Context, p *page, v *adminEditorView, rec *dhakira.Record) {
	a := rec.Attrs
	level := a.Level
	for _, l := range dhakira.PlaceLevels {
		v.Levels = append(v.Levels, option{Value: l, Label: p.TypeLabel(dhakira.KindPlace, l), Selected: l == level})
	}
	v.Parent = a.Parent
	if a.Parent != "" {
		if pr, _, err := s.bo.Record(ctx, a.Parent); err == nil {
			v.ParentTitle = p.Text(pr.Title).Text
			if pr.Kind == dhakira.KindPlace {
				if path, _ := s.placePathText(ctx, p, pr.Code); path != "" {
					v.ParentTitle = path
				}
			}
		}
	}
	v.PCode = a.PCode
	if a.Lat != nil {
		v.Lat = strconv.FormatFloat(*a.Lat, 'f', -1, 64)
	}
	if a.Lon != nil {
		v.Lon = strconv.FormatFloat(*a.Lon, 'f', -1, 64)
	}
	var ar, en, other []string
	for _, al := range a.Aliases {
		switch al.Lang {
		case "ar":
			ar = append(ar, al.Value)
		case "en":
			en = append(en, al.Value)
		case "":
			other = append(other, al.Value)
		default:
			other = append(other, al.Lang+": "+al.Value)
		}
	}
	v.AliasesAR, v.AliasesEN, v.AliasesOther = strings.Join(ar, "\n"), strings.Join(en, "\n"), strings.Join(other, "\n")
	v.Born, v.Died = a.Born, a.Died
	v.VideoURL, v.Duration = a.URL, a.Duration
	for _, sg := range a.Segments {
		v.Segments = append(v.Segments, adminSegmentRow{Start: sg.Start, End: sg.End, Title: sg.Title, Text: sg.Text})
	}
	if rec.Kind == dhakira.KindTestimony && len(v.Segments) == 0 {
		v.Segments = append(v.Segments, adminSegmentRow{})
	}
}

// relOptions are the seven link types, sel selected.
func (p *page) relOptions(sel dhakira.Rel) []option {
	out := make([]option, 0, len(dhakira.Rels))
	for _, r := range dhakira.Rels {
		out = append(out, option{Value: string(r), Label: p.RelLabel(r, false), Selected: r == sel})
	}
	return out
}

func (s *Server) handleAdminSave(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	code := r.PathValue("code")
	var cur *dhakira.Record
	var info *dhakira.RecordInfo
	var kind dhakira.Kind
	if code != "" {
		var err error
		if cur, info, err = s.bo.Record(r.Context(), code); err != nil {
			s.adminFail(w, r, lang, err)
			return
		}
		kind = cur.Kind
	} else {
		k, err := dhakira.ParseKind(r.PostFormValue("kind"))
		if err != nil {
			http.Error(w, "unknown kind", http.StatusBadRequest)
			return
		}
		kind = k
	}
	f := readEditorForm(r, kind, code, u.Can(dhakira.PermPublish))
	p := s.adminPage(r, lang, "admin_editor", u)
	switch f.action {
	case actPreview:
		s.adminPreview(w, r, lang, f.rec, info)
		return
	case actRefresh, actAddSegment, actFindPlace, actFindLink, actFindParent:
		s.editorAgain(w, r, p, u, f, cur, info)
		return
	}
	code, rev, err := s.editorSave(r.Context(), f, cur)
	if err == nil {
		seeOther(w, r, p.EditorURL(code), "saved", strconv.Itoa(rev))
		return
	}
	s.editorRefused(w, r, p, u, f, cur, info, err)
}

// editorAgain answers the actions that only show: the form again, with a
// segment added, a picker's results, or as it is.
func (s *Server) editorAgain(w http.ResponseWriter, r *http.Request, p *page, u *dhakira.User, f *adminForm, cur *dhakira.Record, info *dhakira.RecordInfo) {
	v := s.adminEditor(r, p, u, f.rec, cur, info)
	s.keepForm(v, f, info)
	if f.action == actAddSegment {
		v.Segments = append(v.Segments, adminSegmentRow{})
	}
	if f.action == actRefresh {
		v.Notice = p.T("editor_not_saved")
	}
	if err := s.runPickers(r, p, v, f); err != nil {
		s.adminFail(w, r, p.Lang, err)
		return
	}
	p.Data = v
	s.render(w, r, p)
}

// editorSave saves the form's record, new (cur is nil) or a new revision
// of cur, with the note and a changed grade's reason in its history. A
// form with problems of its own saves nothing: every problem, the form's
// and the record's, comes back at once.
func (s *Server) editorSave(ctx context.Context, f *adminForm, cur *dhakira.Record) (code string, rev int, err error) {
	problems := slices.Clone(f.problems)
	oldGrade := dhakira.Unspecified
	if cur != nil {
		oldGrade = cur.Reliability
	}
	note := f.note
	if f.rec.Reliability != "" && f.rec.Reliability != oldGrade {
		if f.reason == "" {
			problems = append(problems, dhakira.FieldError{Field: "reason", Message: "form: reason required"})
		} else {
			grading := fmt.Sprintf("reliability %s → %s: %s", oldGrade, f.rec.Reliability, f.reason)
			if note != "" {
				note += "; " + grading
			} else {
				note = grading
			}
		}
	}
	switch {
	case len(problems) > 0:
		chk := *f.rec
		chk.Normalize()
		if verr := chk.Validate(); verr != nil {
			problems = append(problems, dhakira.Fields(verr)...)
		}
		return "", 0, problems
	case cur == nil:
		return s.bo.Create(ctx, f.rec, note)
	}
	rev, err = s.bo.Update(ctx, f.rec, f.base, note)
	return cur.Code, rev, err
}

// editorRefused shows the form again, as typed, with what was wrong: the
// problems next to their fields, what someone saved meanwhile, or why the
// member may not.
func (s *Server) editorRefused(w http.ResponseWriter, r *http.Request, p *page, u *dhakira.User, f *adminForm, cur *dhakira.Record, info *dhakira.RecordInfo, err error) {
	ctx := r.Context()
	v := s.adminEditor(r, p, u, f.rec, cur, info)
	s.keepForm(v, f, info)
	p.Status = http.StatusUnprocessableEntity
	var verr dhakira.ValidationError
	switch code := dhakira.ErrorCode(err); {
	case errors.As(err, &verr):
		p.setProblems(v, verr)
	case code == dhakira.ESTALE:
		p.Status = http.StatusConflict
		v.Message = p.T("editor_stale")
		now, nowInfo, err := s.bo.Record(ctx, f.rec.Code)
		if err != nil {
			s.adminFail(w, r, p.Lang, err)
			return
		}
		st := &adminStaleView{Revision: nowInfo.Revision, When: p.When(nowInfo.Updated)}
		if rev, err := s.bo.Revision(ctx, f.rec.Code, nowInfo.Revision); err == nil {
			st.Author = isolate(rev.Author)
		}
		st.Diffs = p.diffRows(editorial.Diff(now, f.rec))
		v.Stale = st
		v.Base = nowInfo.Revision // saving again replaces it, knowingly
	case code == dhakira.ECONFLICT && cur == nil:
		p.setProblems(v, dhakira.ValidationError{{Field: "code", Message: "form: code taken"}})
	case code == dhakira.EFORBIDDEN:
		p.Status = http.StatusForbidden
		v.Message = p.T("editor_forbidden")
	case code == dhakira.EINVALID:
		v.Message = err.Error()
	case code == dhakira.ENOTFOUND:
		s.notFound(w, r, p.Lang)
		return
	default:
		s.adminFail(w, r, p.Lang, err)
		return
	}
	if err := s.runPickers(r, p, v, f); err != nil {
		s.adminFail(w, r, p.Lang, err)
		return
	}
	p.Data = v
	s.render(w, r, p)
}

// keepForm puts back what the record does not hold: the base revision the
// member started from, the note, the reason and the pickers' words.
func (s *Server) keepForm(v *adminEditorView, f *adminForm, info *dhakira.RecordInfo) {
	v.Base = f.base
	if info == nil {
		v.Base = 0
	}
	v.Note, v.Reason = f.note, f.reason
	v.PickPlace.Q, v.PickLink.Q, v.PickParent.Q = f.pickPlace, f.pickLink, f.pickParent
	v.PickNote = f.pickNote
	for i := range v.PickRel {
		v.PickRel[i].Selected = v.PickRel[i].Value == string(f.pickRel)
	}
}

// runPickers runs the searches of the pickers whose "find" was pressed, or
// which hold words: the editor without script.
func (s *Server) runPickers(r *http.Request, p *page, v *adminEditorView, f *adminForm) error {
	ctx := r.Context()
	run := func(pk *adminPick, kind dhakira.Kind, pressed bool) error {
		if pk.Q == "" || !pressed {
			return nil
		}
		res, err := s.adminPick(ctx, p, kind, pk.Q, 20)
		pk.Searched, pk.Results = true, res
		return err
	}
	parentKind := dhakira.KindPlace
	if v.Kind == dhakira.KindEntity {
		parentKind = dhakira.KindEntity
	}
	if err := run(&v.PickPlace, dhakira.KindPlace, f.action == actFindPlace); err != nil {
		return err
	}
	if err := run(&v.PickLink, "", f.action == actFindLink); err != nil {
		return err
	}
	return run(&v.PickParent, parentKind, f.action == actFindParent)
}

// setProblems puts each problem next to its field, in the page's language,
// and lists them all above the form.
func (p *page) setProblems(v *adminEditorView, errs dhakira.ValidationError) {
	for _, fe := range errs {
		msg := p.fieldMessage(fe)
		field := fe.Field
		if field == "" || field == "kind" {
			v.Summary = append(v.Summary, adminProblem{Message: msg})
			continue
		}
		v.errs[field] = append(v.errs[field], msg)
		v.Summary = append(v.Summary, adminProblem{Anchor: fieldAnchor(field), Label: p.problemLabel(field), Message: msg})
	}
}

var indexRE = regexp.MustCompile(`^(places|links|attrs\.segments|attrs\.aliases)\[(\d+)\](?:\.(\w+))?$`)

// fieldAnchor is the id of the input a field's problem concerns.
func fieldAnchor(field string) string {
	if m := indexRE.FindStringSubmatch(field); m != nil {
		switch m[1] {
		case "places":
			return "f-place-" + m[2]
		case "links":
			return "f-link-" + m[2]
		case "attrs.segments":
			if m[3] == "end" {
				return "f-seg-" + m[2] + "-end"
			}
			return "f-seg-" + m[2] + "-start"
		case "attrs.aliases":
			return "f-aliases-ar"
		}
	}
	switch field {
	case "title":
		return "f-title-ar"
	case "source.url":
		return "f-source-url"
	case "attrs.url":
		return "f-video-url"
	case "attrs.aliases":
		return "f-aliases-ar"
	}
	return "f-" + strings.TrimPrefix(field, "attrs.")
}

// problemLabel names the field of a problem in the summary.
func (p *page) problemLabel(field string) string {
	if m := indexRE.FindStringSubmatch(field); m != nil {
		n, _ := strconv.Atoi(m[2])
		switch m[1] {
		case "places":
			return p.T("editor_place_n", "N", n+1)
		case "links":
			return p.T("editor_link_n", "N", n+1)
		case "attrs.segments":
			return p.T("editor_segment_n", "N", n+1)
		case "attrs.aliases":
			return p.T("editor_aliases")
		}
	}
	id := "editor_" + strings.ReplaceAll(strings.TrimPrefix(field, "attrs."), ".", "_")
	if l, ok := p.Known(id); ok {
		return l
	}
	return field
}

// fieldMessages turn the service's messages (English, made for the command
// line) into the page's language. A message none of them knows is shown as
// it is.
var fieldMessages = []struct {
	re    *regexp.Regexp
	id    string
	names []string
}{
	{regexp.MustCompile(`^required$`), "verr_required", nil},
	{regexp.MustCompile(`^required in Arabic or English$`), "verr_title_required", nil},
	{regexp.MustCompile(`^empty code$`), "verr_code_empty", nil},
	{regexp.MustCompile(`^code "(.*)" is longer than (\d+) characters$`), "verr_code_long", []string{"Code", "Max"}},
	{regexp.MustCompile(`^code "(.*)" may hold only`), "verr_code_chars", []string{"Code"}},
	{regexp.MustCompile(`^longer than (\d+) characters$`), "verr_too_long", []string{"Max"}},
	{regexp.MustCompile(`^"(.*)": year "(.*)" must have four digits$`), "verr_date_year", []string{"Value"}},
	{regexp.MustCompile(`^"(.*)": year 0000$`), "verr_date_year", []string{"Value"}},
	{regexp.MustCompile(`^"(.*)": month (\d+)$`), "verr_date_month", []string{"Value", "Month"}},
	{regexp.MustCompile(`^"(.*)": day (\d+) of (\S+)$`), "verr_date_day", []string{"Value", "Day", "Month"}},
	{regexp.MustCompile(`^"(.*)": interval ends`), "verr_date_interval", []string{"Value"}},
	{regexp.MustCompile(`^"(.*)": (?:want YYYY, YYYY-MM or YYYY-MM-DD|empty date in interval)$`), "verr_date_form", []string{"Value"}},
	{regexp.MustCompile(`^unknown grade`), "verr_grade", nil},
	{regexp.MustCompile(`^unknown status`), "verr_status", nil},
	{regexp.MustCompile(`^"(.*)": only http and https addresses are allowed$`), "verr_url_scheme", []string{"Value"}},
	{regexp.MustCompile(`^"(.*)": (?:not a URL|no host)$`), "verr_url", []string{"Value"}},
	{regexp.MustCompile(`^unknown link type "(.*)"`), "verr_rel", []string{"Value"}},
	{regexp.MustCompile(`^a record cannot link to itself$`), "verr_self_link", nil},
	{regexp.MustCompile(`^not an attribute of a`), "verr_attr_kind", nil},
	{regexp.MustCompile(`^unknown level "(.*)"`), "verr_level", []string{"Value"}},
	{regexp.MustCompile(`^a record cannot be its own parent$`), "verr_self_parent", nil},
	{regexp.MustCompile(`^(.*) is not a latitude$`), "verr_lat", []string{"Value"}},
	{regexp.MustCompile(`^(.*) is not a longitude$`), "verr_lon", []string{"Value"}},
	{regexp.MustCompile(`^"(.*)": want MM:SS or H:MM:SS$`), "verr_duration", []string{"Value"}},
	{regexp.MustCompile(`^"(.*)": want HH:MM:SS$`), "verr_timecode", []string{"Value"}},
	{regexp.MustCompile(`^"(.*)" is before the start "(.*)"$`), "verr_end_before_start", []string{"Value", "Start"}},
	{regexp.MustCompile(`^no record "(.*)" in the archive$`), "verr_no_record", []string{"Code"}},
	{regexp.MustCompile(`^"(.*)" is a (\w+), not a (\w+)$`), "verr_wrong_kind", []string{"Code", "Is", "Want"}},
	{regexp.MustCompile(`^form: not a number$`), "verr_number", nil},
	{regexp.MustCompile(`^form: reason required$`), "verr_reason_required", nil},
	{regexp.MustCompile(`^form: code taken$`), "verr_code_taken", nil},
}

// fieldMessage writes one problem in the page's language.
func (p *page) fieldMessage(fe dhakira.FieldError) string {
	for _, m := range fieldMessages {
		sub := m.re.FindStringSubmatch(fe.Message)
		if sub == nil {
			continue
		}
		var kv []any
		for i, name := range m.names {
			val := sub[i+1]
			switch name {
			case "Is", "Want":
				val = p.KindLabel(dhakira.Kind(val))
			default:
				// What was typed keeps its own direction inside the sentence;
				// a plain number needs no help.
				if strings.Trim(val, "0123456789") != "" {
					val = isolate(val)
				}
			}
			kv = append(kv, name, val)
		}
		return p.T(m.id, kv...)
	}
	return fe.Message
}

func (s *Server) handleAdminDuplicate(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User) {
	from := r.PathValue("code")
	code, _, err := s.bo.Duplicate(r.Context(), from)
	if err != nil {
		s.adminFail(w, r, lang, err)
		return
	}
	p := s.adminPage(r, lang, "admin_editor", u)
	seeOther(w, r, p.EditorURL(code), "duplicated", from)
}

// P is the page, for the labels of the parts of the form.
func (v *adminEditorView) P() *page { return v.p }

// adminSegmentForm is one segment's rows of the form: N is its index, or a
// placeholder in the template the script copies for a new one.
type adminSegmentForm struct {
	adminSegmentRow
	N                    string
	StartField, EndField string
	P                    *page
	V                    *adminEditorView
}

// SegmentRow is segment i of the form; i < 0 is the script's template.
func (v *adminEditorView) SegmentRow(i int, sg adminSegmentRow) adminSegmentForm {
	n := "__N__"
	if i >= 0 {
		n = strconv.Itoa(i)
	}
	return adminSegmentForm{
		adminSegmentRow: sg, N: n, P: v.p, V: v,
		StartField: fmt.Sprintf("attrs.segments[%d].start", i),
		EndField:   fmt.Sprintf("attrs.segments[%d].end", i),
	}
}

// BlankSegment is an empty segment, for the script's template.
func (v *adminEditorView) BlankSegment() adminSegmentRow { return adminSegmentRow{} }
