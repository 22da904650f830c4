package editorial

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/dhakira/dhakira"
)

// SubmitFeedback takes a reader's comment or correction on a published
// record. addr is the reader's address, for the rate limit: five a ten
// minutes from one address.
func (s *Service) SubmitFeedback(ctx context.Context, f *dhakira.Feedback, addr string) error {
	f.Message = strings.TrimSpace(f.Message)
	f.Name = strings.TrimSpace(f.Name)
	f.Email = strings.TrimSpace(f.Email)
	var errs dhakira.ValidationError
	switch n := utf8.RuneCountInString(f.Message); {
	case n == 0:
		errs = append(errs, dhakira.FieldError{Field: "message", Message: "required"})
	case n > dhakira.MaxFeedbackMessage:
		errs = append(errs, dhakira.FieldError{Field: "message", Message: fmt.Sprintf("at most %d characters", dhakira.MaxFeedbackMessage)})
	}
	if utf8.RuneCountInString(f.Name) > dhakira.MaxFeedbackName {
		errs = append(errs, dhakira.FieldError{Field: "name", Message: fmt.Sprintf("at most %d characters", dhakira.MaxFeedbackName)})
	}
	if f.Email != "" {
		if e, err := dhakira.NormalizeEmail(f.Email); err != nil {
			errs = append(errs, dhakira.FieldError{Field: "email", Message: "not an e-mail address"})
		} else {
			f.Email = e
		}
	}
	if !utf8.ValidString(f.Message + f.Name + f.Email) {
		errs = append(errs, dhakira.FieldError{Message: "not valid UTF-8"})
	}
	if len(errs) > 0 {
		return errs
	}
	if _, _, err := s.store.Record(ctx, f.Code, dhakira.Public); err != nil {
		return err
	}
	if ok, err := s.feedback.Allow(ctx, addr, s.now()); err != nil {
		return err
	} else if !ok {
		return dhakira.Errorf(dhakira.ELIMIT, "too many messages from your address; please try again later")
	}
	if f.Lang != "ar" {
		f.Lang = "en"
	}
	if err := s.store.AddFeedback(ctx, f); err != nil {
		return err
	}
	return s.audit(ctx, "public", "feedback.add", f.Code, fmt.Sprintf("feedback %d", f.ID))
}

// FeedbackList lists readers' corrections for reviewers.
func (s *Service) FeedbackList(ctx context.Context, f dhakira.FeedbackFilter) ([]dhakira.Feedback, error) {
	if _, err := dhakira.Authorize(ctx, dhakira.PermPublish); err != nil {
		return nil, err
	}
	return s.store.FeedbackList(ctx, f)
}

// CountFeedback counts corrections by status, for the dashboards.
func (s *Service) CountFeedback(ctx context.Context) (map[dhakira.FeedbackStatus]int, error) {
	if _, err := dhakira.Authorize(ctx, dhakira.PermEdit); err != nil {
		return nil, err
	}
	return s.store.CountFeedback(ctx)
}

// ResolveFeedback marks a correction accepted (with the revision that
// applied it, if any) or dismissed, keeping the reviewer's reply note.
func (s *Service) ResolveFeedback(ctx context.Context, id int64, status dhakira.FeedbackStatus, revision int, reply string) error {
	u, err := dhakira.Authorize(ctx, dhakira.PermPublish)
	if err != nil {
		return err
	}
	if status != dhakira.FeedbackAccepted && status != dhakira.FeedbackDismissed && status != dhakira.FeedbackNew {
		return dhakira.Errorf(dhakira.EINVALID, "unknown feedback status %q", status)
	}
	f, err := s.store.FeedbackByID(ctx, id)
	if err != nil {
		return err
	}
	if revision != 0 {
		if status != dhakira.FeedbackAccepted {
			return dhakira.Errorf(dhakira.EINVALID, "only an accepted correction links to a revision")
		}
		if _, err := s.store.Revision(ctx, f.Code, revision); err != nil {
			return err
		}
	}
	f.Status, f.Revision = status, revision
	if strings.TrimSpace(reply) != "" {
		if f.Reply != "" {
			f.Reply += "\n\n"
		}
		f.Reply += fmt.Sprintf("%s (%s): %s", u.Email, s.now().UTC().Format("2006-01-02"), strings.TrimSpace(reply))
	}
	if err := s.store.UpdateFeedback(ctx, f); err != nil {
		return err
	}
	return s.audit(ctx, u.Email, "feedback."+string(status), f.Code, fmt.Sprintf("feedback %d", id))
}
