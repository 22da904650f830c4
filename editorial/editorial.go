// Package editorial is the back office's service layer: who may do what to
// the archive. Every write by a person — through the editor, the write API
// or the command line — goes through it, and it checks the role of the user
// in the context before it touches the store, so no handler can forget to.
// It also keeps the workflow (draft → review → published, withdrawn), the
// reasons for reliability grades, stale-write refusal, restores, readers'
// corrections with their abuse limits, and the audit log.
package editorial

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
)

// Service is the back office's service layer.
type Service struct {
	store dhakira.BackOfficeStore
	now   func() time.Time

	loginByEmail *limiter // failed logins per account
	loginByAddr  *limiter // failed logins per client address
	feedback     *limiter // corrections sent per client address

	// SessionTTL is how long a login lasts.
	SessionTTL time.Duration
	// Files keeps the bytes of the files records carry; nil in an archive
	// without files, where records cannot be given any.
	Files dhakira.FileStore
	// MaxFileSize bounds one uploaded file (0: no limit).
	MaxFileSize int64
}

// New returns the service over store.
func New(store dhakira.BackOfficeStore) *Service {
	return &Service{
		store:        store,
		now:          time.Now,
		loginByEmail: newLimiter(store, "login.email", 5, 15*time.Minute),
		loginByAddr:  newLimiter(store, "login.addr", 20, 15*time.Minute),
		feedback:     newLimiter(store, "feedback.addr", 5, 10*time.Minute),
		SessionTTL:   14 * 24 * time.Hour,
	}
}

// CLI returns ctx acting as the command line: an administrator named "cli",
// for commands run by whoever holds the data folder.
func CLI(ctx context.Context) context.Context {
	return dhakira.WithUser(ctx, &dhakira.User{Email: "cli", Name: "command line", Role: dhakira.Admin})
}

func (s *Service) audit(ctx context.Context, actor, action, target, detail string) error {
	return s.store.AddAudit(ctx, &dhakira.AuditEntry{At: s.now(), Actor: actor, Action: action, Target: target, Detail: detail})
}

// Record returns a record as the user in ctx may see it.
func (s *Service) Record(ctx context.Context, code string) (*dhakira.Record, *dhakira.RecordInfo, error) {
	return s.store.Record(ctx, code, dhakira.UserFrom(ctx).Audience())
}

// editable reports whether u may edit a record in status st: researchers
// edit drafts and records in review; what the public reads is changed by
// reviewers.
func editable(u *dhakira.User, st dhakira.Status) bool {
	return u.Can(dhakira.PermPublish) || st == dhakira.Draft || st == dhakira.Review
}

// checkStatus says whether u may move a record from one status to another.
func checkStatus(u *dhakira.User, from, to dhakira.Status) error {
	if from == to {
		return nil
	}
	if !to.Valid() {
		return dhakira.Errorf(dhakira.EINVALID, "unknown status %q", to)
	}
	if to == dhakira.Published || to == dhakira.Withdrawn || from == dhakira.Published || from == dhakira.Withdrawn {
		if !u.Can(dhakira.PermPublish) {
			return dhakira.Errorf(dhakira.EFORBIDDEN, "only reviewers publish and withdraw records")
		}
	}
	return nil
}

// checkGrade says whether u may change a grade, which needs a reason.
func checkGrade(u *dhakira.User, from, to dhakira.Reliability, reason string) error {
	if from == to {
		return nil
	}
	if !u.Can(dhakira.PermPublish) {
		return dhakira.Errorf(dhakira.EFORBIDDEN, "only reviewers set the reliability grade")
	}
	if strings.TrimSpace(reason) == "" {
		return &dhakira.Error{Code: dhakira.EINVALID, Message: "a reason is required to set or change the reliability grade"}
	}
	return nil
}

// validate normalizes r and checks it and the records it points to.
func (s *Service) validate(ctx context.Context, r *dhakira.Record) error {
	r.Normalize()
	var errs dhakira.ValidationError
	if err := r.Validate(); err != nil {
		errs = append(errs, dhakira.Fields(err)...)
	}
	errs = append(errs, s.checkFiles(ctx, r)...)
	refs := r.References()
	codes := make([]string, 0, len(refs))
	for _, ref := range refs {
		codes = append(codes, ref.Code)
	}
	kinds, err := s.store.KindsOf(ctx, codes)
	if err != nil {
		return err
	}
	for _, ref := range refs {
		if !dhakira.ValidCode(ref.Code) {
			continue // Validate said so
		}
		k, ok := kinds[ref.Code]
		switch {
		case !ok:
			errs = append(errs, dhakira.FieldError{Field: ref.Field, Message: fmt.Sprintf("no record %q in the archive", ref.Code)})
		case ref.Kind != "" && k != ref.Kind:
			errs = append(errs, dhakira.FieldError{Field: ref.Field, Message: fmt.Sprintf("%q is a %s, not a %s", ref.Code, k, ref.Kind)})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Create adds a new record, a draft unless it says otherwise, and returns
// its code and revision. note is kept in its history (and is the reason when
// a reviewer gives it a grade).
func (s *Service) Create(ctx context.Context, r *dhakira.Record, note string) (string, int, error) {
	u, err := dhakira.Authorize(ctx, dhakira.PermEdit)
	if err != nil {
		return "", 0, err
	}
	if r.Status == "" {
		r.Status = dhakira.Draft
	}
	if r.Reliability == "" {
		r.Reliability = dhakira.Unspecified
	}
	if err := checkStatus(u, dhakira.Draft, r.Status); err != nil {
		return "", 0, err
	}
	if err := checkGrade(u, dhakira.Unspecified, r.Reliability, note); err != nil {
		return "", 0, err
	}
	if err := s.validate(ctx, r); err != nil {
		return "", 0, err
	}
	if r.Code != "" {
		if kinds, err := s.store.KindsOf(ctx, []string{r.Code}); err != nil {
			return "", 0, err
		} else if _, taken := kinds[r.Code]; taken {
			return "", 0, dhakira.Errorf(dhakira.ECONFLICT, "code %q is already in the archive", r.Code)
		}
	}
	code, rev, err := s.store.SaveRecord(ctx, r, 0, u.Email, note)
	if err != nil {
		return "", 0, err
	}
	return code, rev, s.audit(ctx, u.Email, "record.create", code, fmt.Sprintf("%s, %s, revision %d", r.Kind, r.Status, rev))
}

// Update saves r as the next revision of its record. base is the revision
// the editor started from: if someone saved since, nothing is written and
// the error is ESTALE.
func (s *Service) Update(ctx context.Context, r *dhakira.Record, base int, note string) (int, error) {
	u, err := dhakira.Authorize(ctx, dhakira.PermEdit)
	if err != nil {
		return 0, err
	}
	cur, info, err := s.store.Record(ctx, r.Code, dhakira.Staff)
	if err != nil {
		return 0, err
	}
	if !editable(u, cur.Status) {
		return 0, dhakira.Errorf(dhakira.EFORBIDDEN, "a %s record is edited by reviewers", cur.Status)
	}
	if base != info.Revision {
		return 0, staleError(r.Code, base, info.Revision)
	}
	if r.Status == "" {
		r.Status = cur.Status
	}
	if r.Reliability == "" {
		r.Reliability = cur.Reliability
	}
	if err := checkStatus(u, cur.Status, r.Status); err != nil {
		return 0, err
	}
	if err := checkGrade(u, cur.Reliability, r.Reliability, note); err != nil {
		return 0, err
	}
	if r.Kind != cur.Kind {
		return 0, dhakira.Errorf(dhakira.EINVALID, "a record cannot change kind (%s → %s)", cur.Kind, r.Kind)
	}
	if err := s.validate(ctx, r); err != nil {
		return 0, err
	}
	return s.save(ctx, u, r, base, note, "record.save")
}

func (s *Service) save(ctx context.Context, u *dhakira.User, r *dhakira.Record, base int, note, action string) (int, error) {
	_, rev, err := s.store.SaveRecord(ctx, r, base, u.Email, note)
	if err != nil {
		return 0, err
	}
	if rev == base {
		return rev, nil // nothing changed
	}
	detail := fmt.Sprintf("revision %d", rev)
	if note != "" {
		detail += ": " + note
	}
	return rev, s.audit(ctx, u.Email, action, r.Code, detail)
}

func staleError(code string, base, current int) error {
	return dhakira.Errorf(dhakira.ESTALE, "%s was saved by someone else since you opened it (you edited revision %d; the current one is %d)", code, base, current)
}

// SetStatus moves a record in the workflow; reason goes into its history.
func (s *Service) SetStatus(ctx context.Context, code string, to dhakira.Status, reason string) (int, error) {
	u, err := dhakira.Authorize(ctx, dhakira.PermEdit)
	if err != nil {
		return 0, err
	}
	cur, info, err := s.store.Record(ctx, code, dhakira.Staff)
	if err != nil {
		return 0, err
	}
	if !editable(u, cur.Status) {
		return 0, dhakira.Errorf(dhakira.EFORBIDDEN, "only reviewers publish and withdraw records")
	}
	if err := checkStatus(u, cur.Status, to); err != nil {
		return 0, err
	}
	if cur.Status == to {
		return info.Revision, nil
	}
	if to == dhakira.Published {
		if err := s.validate(ctx, cur); err != nil {
			return 0, err
		}
	}
	from := cur.Status
	cur.Status = to
	note := fmt.Sprintf("status %s → %s", from, to)
	if strings.TrimSpace(reason) != "" {
		note += ": " + strings.TrimSpace(reason)
	}
	return s.save(ctx, u, cur, info.Revision, note, "record.status")
}

// SetReliability sets a record's grade, which needs a reason.
func (s *Service) SetReliability(ctx context.Context, code string, to dhakira.Reliability, reason string) (int, error) {
	u, err := dhakira.Authorize(ctx, dhakira.PermPublish)
	if err != nil {
		return 0, err
	}
	if !to.Valid() {
		return 0, dhakira.Errorf(dhakira.EINVALID, "unknown grade %q (want correct, incorrect, unverified or unspecified)", to)
	}
	cur, info, err := s.store.Record(ctx, code, dhakira.Staff)
	if err != nil {
		return 0, err
	}
	if cur.Reliability == to {
		return info.Revision, nil
	}
	if err := checkGrade(u, cur.Reliability, to, reason); err != nil {
		return 0, err
	}
	note := fmt.Sprintf("reliability %s → %s: %s", cur.Reliability, to, strings.TrimSpace(reason))
	cur.Reliability = to
	return s.save(ctx, u, cur, info.Revision, note, "record.reliability")
}

// Restore makes the content of revision n the record's next revision. The
// current status and grade stay: those change only through the workflow.
func (s *Service) Restore(ctx context.Context, code string, n int) (int, error) {
	u, err := dhakira.Authorize(ctx, dhakira.PermEdit)
	if err != nil {
		return 0, err
	}
	cur, info, err := s.store.Record(ctx, code, dhakira.Staff)
	if err != nil {
		return 0, err
	}
	if !editable(u, cur.Status) {
		return 0, dhakira.Errorf(dhakira.EFORBIDDEN, "a %s record is edited by reviewers", cur.Status)
	}
	old, err := s.store.Revision(ctx, code, n)
	if err != nil {
		return 0, err
	}
	r := *old.Record
	r.Status, r.Reliability = cur.Status, cur.Reliability
	if err := s.validate(ctx, &r); err != nil {
		return 0, fmt.Errorf("revision %d no longer fits the archive: %w", n, err)
	}
	return s.save(ctx, u, &r, info.Revision, fmt.Sprintf("restored revision %d", n), "record.restore")
}

// Duplicate creates a draft copy of a record, with a new code, ungraded.
func (s *Service) Duplicate(ctx context.Context, code string) (string, int, error) {
	if _, err := dhakira.Authorize(ctx, dhakira.PermEdit); err != nil {
		return "", 0, err
	}
	cur, _, err := s.store.Record(ctx, code, dhakira.Staff)
	if err != nil {
		return "", 0, err
	}
	cp := *cur
	cp.Code, cp.Status, cp.Reliability = "", dhakira.Draft, dhakira.Unspecified
	return s.Create(ctx, &cp, "duplicated from "+code)
}

// Revisions lists a record's history.
func (s *Service) Revisions(ctx context.Context, code string) ([]dhakira.Revision, error) {
	if _, err := dhakira.Authorize(ctx, dhakira.PermEdit); err != nil {
		return nil, err
	}
	return s.store.Revisions(ctx, code)
}

// Revision returns one revision of a record.
func (s *Service) Revision(ctx context.Context, code string, n int) (*dhakira.Revision, error) {
	if _, err := dhakira.Authorize(ctx, dhakira.PermEdit); err != nil {
		return nil, err
	}
	return s.store.Revision(ctx, code, n)
}

// Compare returns the differences between revisions a and b of a record.
func (s *Service) Compare(ctx context.Context, code string, a, b int) ([]FieldDiff, error) {
	ra, err := s.Revision(ctx, code, a)
	if err != nil {
		return nil, err
	}
	rb, err := s.Revision(ctx, code, b)
	if err != nil {
		return nil, err
	}
	return Diff(ra.Record, rb.Record), nil
}

// RecentChanges lists the newest revisions across the archive.
func (s *Service) RecentChanges(ctx context.Context, limit int) ([]dhakira.Revision, error) {
	if _, err := dhakira.Authorize(ctx, dhakira.PermEdit); err != nil {
		return nil, err
	}
	return s.store.RecentRevisions(ctx, limit)
}

// Records lists records for the back office's dashboards and lists.
func (s *Service) Records(ctx context.Context, f dhakira.RecordFilter) ([]dhakira.Summary, int, error) {
	u, err := dhakira.Authorize(ctx, dhakira.PermEdit)
	if err != nil {
		return nil, 0, err
	}
	f.Audience = u.Audience()
	return s.store.Records(ctx, f)
}
