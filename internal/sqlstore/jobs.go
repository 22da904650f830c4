package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/dhakira/dhakira"
)

// FileCarried reports whether the current revision of a record the
// audience may see carries sha.
func (s *Base) FileCarried(ctx context.Context, sha string, a dhakira.Audience) (bool, error) {
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM record_files f JOIN records r ON r.code = f.code
		WHERE f.sha256 = $1 AND `+VisibleAs("r", a)+` LIMIT 1`, sha).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// FileCarriers lists the records the audience may see whose current
// revision carries sha.
func (s *Base) FileCarriers(ctx context.Context, sha string, a dhakira.Audience) ([]string, error) {
	return QueryCodes(ctx, s.db, `SELECT DISTINCT f.code FROM record_files f JOIN records r ON r.code = f.code
		WHERE f.sha256 = $1 AND `+VisibleAs("r", a)+` ORDER BY f.code`, sha)
}

// AddJob queues a job of kind for sha unless it has one already.
func (s *Base) AddJob(ctx context.Context, sha, kind string) error {
	if err := dhakira.CheckSHA256(sha); err != nil {
		return err
	}
	now := FormatTime(s.now())
	_, err := s.db.ExecContext(ctx, `INSERT INTO media_jobs (sha256, kind, state, created_at, updated_at) VALUES ($1, $2, 'pending', $3, $3)
		ON CONFLICT (sha256, kind) DO NOTHING`, sha, kind, now)
	return err
}

// ClaimJob leases the oldest job that is pending or whose lease has run
// out (see Dialect.ClaimLock).
func (s *Base) ClaimJob(ctx context.Context, lease time.Duration) (*dhakira.Job, error) {
	var job *dhakira.Job
	err := InTx(ctx, s.db, func(tx *sql.Tx) error {
		now := s.now()
		j := &dhakira.Job{}
		var updated string
		err := tx.QueryRowContext(ctx, `SELECT id, sha256, kind, state, attempts, error, updated_at, tools FROM media_jobs
			WHERE state = 'pending' OR (state = 'running' AND lease_until < $1) ORDER BY id LIMIT 1`+s.dialect.ClaimLock, FormatTime(now)).
			Scan(&j.ID, &j.SHA256, &j.Kind, &j.State, &j.Attempts, &j.Error, &updated, &j.Tools)
		if errors.Is(err, sql.ErrNoRows) {
			return dhakira.Errorf(dhakira.ENOTFOUND, "no job to do")
		}
		if err != nil {
			return err
		}
		j.Attempts++
		j.State = dhakira.JobRunning
		j.Updated = now.UTC().Truncate(time.Microsecond)
		_, err = tx.ExecContext(ctx, `UPDATE media_jobs SET state = 'running', attempts = $2, lease_until = $3, updated_at = $4 WHERE id = $1`,
			j.ID, j.Attempts, FormatTime(now.Add(lease)), FormatTime(now))
		job = j
		return err
	})
	return job, err
}

// FinishJob ends a claimed job.
func (s *Base) FinishJob(ctx context.Context, id int64, tools int, errMsg string) error {
	now := FormatTime(s.now())
	var res sql.Result
	var err error
	if errMsg == "" {
		res, err = s.db.ExecContext(ctx, `UPDATE media_jobs SET state = 'done', error = '', lease_until = '', updated_at = $2, tools = $3 WHERE id = $1`, id, now, tools)
	} else {
		if len(errMsg) > 2000 {
			errMsg = errMsg[:2000]
		}
		res, err = s.db.ExecContext(ctx, `UPDATE media_jobs SET state = CASE WHEN attempts >= $3 THEN 'failed' ELSE 'pending' END,
			error = $4, lease_until = '', updated_at = $2, tools = $5 WHERE id = $1`, id, now, dhakira.MaxJobAttempts, errMsg, tools)
	}
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return dhakira.Errorf(dhakira.ENOTFOUND, "no job %d", id)
	}
	return nil
}

// RedoJobs puts back in the queue the done (or failed) jobs of kind whose
// worker lacked some of tools.
func (s *Base) RedoJobs(ctx context.Context, kind string, tools int) (int, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE media_jobs SET state = 'pending', attempts = 0, error = '', updated_at = $3
		WHERE kind = $1 AND state IN ('done', 'failed') AND (tools & $2) <> $2`, kind, tools, FormatTime(s.now()))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// FileJobs lists the jobs of a file, oldest first.
func (s *Base) FileJobs(ctx context.Context, sha string) ([]dhakira.Job, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, sha256, kind, state, attempts, error, updated_at, tools FROM media_jobs WHERE sha256 = $1 ORDER BY id`, sha)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dhakira.Job
	for rows.Next() {
		var j dhakira.Job
		var updated string
		if err := rows.Scan(&j.ID, &j.SHA256, &j.Kind, &j.State, &j.Attempts, &j.Error, &updated, &j.Tools); err != nil {
			return nil, err
		}
		j.Updated = ParseTime(updated)
		out = append(out, j)
	}
	return out, rows.Err()
}
