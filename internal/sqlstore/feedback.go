package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"github.com/dhakira/dhakira"
)

const feedbackColumns = `id, code, lang, message, name, email, status, revision, reply, created_at, updated_at`

func scanFeedback(row scanner) (*dhakira.Feedback, error) {
	var f dhakira.Feedback
	var created, updated string
	if err := row.Scan(&f.ID, &f.Code, &f.Lang, &f.Message, &f.Name, &f.Email, &f.Status, &f.Revision, &f.Reply, &created, &updated); err != nil {
		return nil, err
	}
	f.Created, f.Updated = ParseTime(created), ParseTime(updated)
	return &f, nil
}

// AddFeedback adds a reader's correction as new.
func (s *Base) AddFeedback(ctx context.Context, f *dhakira.Feedback) error {
	now := s.stamp()
	err := s.db.QueryRowContext(ctx, `INSERT INTO feedback (code, lang, message, name, email, status, revision, reply, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
		f.Code, f.Lang, f.Message, f.Name, f.Email, string(dhakira.FeedbackNew), f.Revision, f.Reply, FormatTime(now)).Scan(&f.ID)
	if err != nil {
		return err
	}
	f.Status, f.Created, f.Updated = dhakira.FeedbackNew, now, now
	return nil
}

// FeedbackByID returns the correction id.
func (s *Base) FeedbackByID(ctx context.Context, id int64) (*dhakira.Feedback, error) {
	f, err := scanFeedback(s.db.QueryRowContext(ctx, `SELECT `+feedbackColumns+` FROM feedback WHERE id = $1`, id))
	if err != nil {
		return nil, NotFound(err, "no correction %d", id)
	}
	return f, nil
}

// FeedbackList lists the corrections f selects, newest first.
func (s *Base) FeedbackList(ctx context.Context, f dhakira.FeedbackFilter) ([]dhakira.Feedback, error) {
	conds := []string{"1 = 1"}
	var args []any
	if f.Status != "" {
		args = append(args, string(f.Status))
		conds = append(conds, "status = $"+strconv.Itoa(len(args)))
	}
	if f.Code != "" {
		args = append(args, f.Code)
		conds = append(conds, "code = $"+strconv.Itoa(len(args)))
	}
	args = append(args, OrDefault(f.Limit, 100))
	rows, err := s.db.QueryContext(ctx, `SELECT `+feedbackColumns+` FROM feedback WHERE `+strings.Join(conds, " AND ")+
		` ORDER BY created_at DESC, id DESC LIMIT $`+strconv.Itoa(len(args)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dhakira.Feedback
	for rows.Next() {
		fb, err := scanFeedback(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *fb)
	}
	return out, rows.Err()
}

// CountFeedback counts corrections by status.
func (s *Base) CountFeedback(ctx context.Context) (map[dhakira.FeedbackStatus]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT status, COUNT(*) FROM feedback GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[dhakira.FeedbackStatus]int{}
	for rows.Next() {
		var st dhakira.FeedbackStatus
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}

// UpdateFeedback saves f's status, revision and reply, and sets f.Updated.
func (s *Base) UpdateFeedback(ctx context.Context, f *dhakira.Feedback) error {
	now := s.stamp()
	res, err := s.db.ExecContext(ctx, `UPDATE feedback SET status = $2, revision = $3, reply = $4, updated_at = $5 WHERE id = $1`,
		f.ID, string(f.Status), f.Revision, f.Reply, FormatTime(now))
	if err := MustAffect(res, err, "no correction %d", f.ID); err != nil {
		return err
	}
	f.Updated = now
	return nil
}
