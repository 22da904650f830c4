package web

import (
	"net/http"
	"strconv"

	"github.com/dhakira/dhakira"
)

// adminFeedbackItem is one reader's correction, with its record.
type adminFeedbackItem struct {
	ID          int64
	Code        string
	Title       LText
	RecordURL   string
	EditURL     string
	HistoryURL  string
	Message     string
	Lang        string
	Name        string
	Email       string
	Date        string
	Status      dhakira.FeedbackStatus
	StatusLabel string
	Revision    int
	Reply       string
	Action      string
	Revisions   []option
}

type adminFeedbackTab struct {
	Label   string
	URL     string
	Current bool
}

type adminFeedbackView struct {
	Status  string
	Tabs    []adminFeedbackTab
	Items   []adminFeedbackItem
	Notice  string
	Message string
}

// feedbackStatuses are the tabs of the corrections page; "" is all.
var feedbackStatuses = []dhakira.FeedbackStatus{dhakira.FeedbackNew, dhakira.FeedbackAccepted, dhakira.FeedbackDismissed, ""}

func (s *Server) handleAdminFeedback(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User) {
	notice := ""
	if id := r.URL.Query().Get("done"); id != "" {
		notice = s.tr[lang].T("feedback_done", "ID", id)
	}
	s.adminFeedback(w, r, lang, u, notice, "")
}

func (s *Server) adminFeedback(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User, notice, message string) {
	ctx := r.Context()
	// New corrections unless another tab is asked for; "status=" is all.
	q := r.URL.Query()
	raw, given := q.Get("status"), q.Has("status")
	if r.Method == http.MethodPost {
		raw, given = r.PostFormValue("back"), true
	}
	status := dhakira.FeedbackNew
	if st := dhakira.FeedbackStatus(raw); given && (st == "" || st == dhakira.FeedbackAccepted || st == dhakira.FeedbackDismissed) {
		status = st
	}
	list, err := s.bo.FeedbackList(ctx, dhakira.FeedbackFilter{Status: status, Limit: 200})
	if err != nil {
		s.adminFail(w, r, lang, err)
		return
	}
	counts, err := s.bo.CountFeedback(ctx)
	if err != nil {
		s.adminFail(w, r, lang, err)
		return
	}
	p := s.adminPage(r, lang, "admin_feedback", u)
	p.Title = p.T("admin_feedback")
	v := &adminFeedbackView{Status: string(status), Notice: notice, Message: message}
	for _, st := range feedbackStatuses {
		label := p.T("feedback_all")
		if st != "" {
			label = p.T("feedback_status_"+string(st)) + " (" + strconv.Itoa(counts[st]) + ")"
		}
		v.Tabs = append(v.Tabs, adminFeedbackTab{Label: label, URL: p.AdminURL("/feedback?status=" + string(st)), Current: st == status})
	}
	titles := map[string]*dhakira.Record{}
	revisions := map[string][]option{}
	for _, f := range list {
		it := adminFeedbackItem{
			ID: f.ID, Code: f.Code, Message: f.Message, Lang: f.Lang, Name: f.Name, Email: f.Email,
			Date: p.When(f.Created), Status: f.Status, StatusLabel: p.T("feedback_status_" + string(f.Status)),
			Revision: f.Revision, Reply: f.Reply,
			RecordURL: p.RecordURL(f.Code), EditURL: p.EditorURL(f.Code), HistoryURL: p.HistoryURL(f.Code),
			Action: p.AdminURL("/feedback/" + strconv.FormatInt(f.ID, 10)),
		}
		rec, ok := titles[f.Code]
		if !ok {
			rec, _, _ = s.bo.Record(ctx, f.Code)
			titles[f.Code] = rec
			if revs, err := s.bo.Revisions(ctx, f.Code); err == nil {
				var opts []option
				for i := len(revs) - 1; i >= 0; i-- {
					rv := revs[i]
					opts = append(opts, option{Value: strconv.Itoa(rv.N), Label: p.T("feedback_revision_option", "N", rv.N, "Author", rv.Author, "Date", p.When(rv.At))})
				}
				revisions[f.Code] = opts
			}
		}
		if rec != nil {
			it.Title = p.Text(rec.Title)
		} else {
			it.Title = LText{Text: f.Code, Lang: "en", Dir: "ltr"}
		}
		for _, o := range revisions[f.Code] {
			o.Selected = o.Value == strconv.Itoa(f.Revision)
			it.Revisions = append(it.Revisions, o)
		}
		v.Items = append(v.Items, it)
	}
	if message != "" {
		p.Status = http.StatusUnprocessableEntity
	}
	p.Data = v
	s.render(w, r, p)
}

// handleAdminFeedbackResolve accepts or dismisses a correction, or adds a
// note to it.
func (s *Server) handleAdminFeedbackResolve(w http.ResponseWriter, r *http.Request, lang string, u *dhakira.User) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.notFound(w, r, lang)
		return
	}
	rev, _ := strconv.Atoi(r.PostFormValue("revision"))
	reply := r.PostFormValue("reply")
	var status dhakira.FeedbackStatus
	switch r.PostFormValue("action") {
	case "accept":
		status = dhakira.FeedbackAccepted
	case "dismiss":
		status, rev = dhakira.FeedbackDismissed, 0
	case "reopen":
		status, rev = dhakira.FeedbackNew, 0
	default: // a note only: the status and revision stay
		status = dhakira.FeedbackStatus(r.PostFormValue("current"))
		rev, _ = strconv.Atoi(r.PostFormValue("current_revision"))
	}
	err = s.bo.ResolveFeedback(r.Context(), id, status, rev, reply)
	switch dhakira.ErrorCode(err) {
	case "":
	case dhakira.EINVALID, dhakira.ENOTFOUND:
		s.adminFeedback(w, r, lang, u, "", s.tr[lang].T("feedback_failed", "ID", id)+" "+err.Error())
		return
	default:
		s.adminFail(w, r, lang, err)
		return
	}
	back := r.PostFormValue("back")
	seeOther(w, r, "/"+lang+"/admin/feedback", "status", back, "done", strconv.FormatInt(id, 10))
}
