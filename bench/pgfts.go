package main

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// pgFTS measures, on the same records and the same searches, PostgreSQL's
// full-text search as a user would set it up: the Snowball arabic and
// english configurations, titles weighted above texts, a GIN index, the
// best 20 by ts_rank (and no facets). It starts a throwaway server with
// initdb in dir, as an unprivileged user when run as root (PostgreSQL
// refuses root), and talks to it with psql. Without PostgreSQL's programs
// it says so and returns, unless CI=true.
func pgFTS(ctx context.Context, db dhakira.Store, dir string, mix []category, count int, budget, timeout time.Duration) error {
	for _, prog := range []string{"initdb", "pg_ctl", "psql"} {
		if _, err := exec.LookPath(prog); err != nil {
			if os.Getenv("CI") == "true" {
				return fmt.Errorf("-pg: %s not found", prog)
			}
			fmt.Printf("\npostgresql    skipped: %s not found\n", prog)
			return nil
		}
	}
	pg := filepath.Join(dir, "pg")
	os.RemoveAll(pg)
	if err := os.MkdirAll(filepath.Join(pg, "sock"), 0o755); err != nil {
		return err
	}
	run := func(args ...string) *exec.Cmd { return exec.CommandContext(ctx, args[0], args[1:]...) }
	if os.Geteuid() == 0 {
		u, err := user.Lookup("nobody")
		if err != nil {
			return fmt.Errorf("-pg: running as root, and no user nobody to run PostgreSQL as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		for _, d := range []string{pg, filepath.Join(pg, "sock")} {
			if err := os.Chown(d, uid, gid); err != nil {
				return err
			}
		}
		os.Chmod(dir, 0o755)
		run = func(args ...string) *exec.Cmd {
			return exec.CommandContext(ctx, "runuser", append([]string{"-u", "nobody", "--"}, args...)...)
		}
	}
	data := filepath.Join(pg, "data")
	if out, err := run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C").CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %v: %s", err, out)
	}
	const port = "54329"
	sock := filepath.Join(pg, "sock")
	opts := "-k " + sock + " -p " + port + " -c listen_addresses= -c shared_buffers=1GB -c maintenance_work_mem=1GB -c max_parallel_maintenance_workers=2 -c fsync=off"
	if out, err := run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(pg, "log"), "-w", "start").CombinedOutput(); err != nil {
		return fmt.Errorf("pg_ctl start: %v: %s", err, out)
	}
	defer run("pg_ctl", "-D", data, "-m", "immediate", "stop").Run()
	psql := func(script string) (string, error) {
		cmd := run("psql", "-X", "-q", "-h", sock, "-p", port, "-U", "postgres", "-v", "ON_ERROR_STOP=1")
		cmd.Stdin = strings.NewReader(script)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("psql: %v: %s", err, out)
		}
		return string(out), nil
	}

	pidFile, err := os.ReadFile(filepath.Join(data, "postmaster.pid"))
	if err != nil {
		return err
	}
	postmaster, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(pidFile), "\n", 2)[0]))

	// The records as PostgreSQL's COPY reads them.
	fmt.Printf("\npostgresql    load average %s before loading\n", loadAverage())
	start, cpu := time.Now(), cpuTime()
	file := filepath.Join(pg, "records.tsv")
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	esc := strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)
	n := 0
	err = db.Dump(ctx, "", dhakira.Public, func(line []byte) error {
		r, err := dhakira.DecodeRecord(line)
		if err != nil {
			return err
		}
		textAR, textEN := r.Text.AR, r.Text.EN
		for _, s := range r.Attrs.Segments {
			textAR += "\n" + s.Title.AR + "\n" + s.Text.AR
			textEN += "\n" + s.Title.EN + "\n" + s.Text.EN
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", esc.Replace(r.Code), r.Kind, esc.Replace(r.Title.AR), esc.Replace(r.Title.EN), esc.Replace(textAR), esc.Replace(textEN))
		n++
		return nil
	})
	if err == nil {
		err = w.Flush()
	}
	f.Close()
	if err != nil {
		return err
	}
	os.Chmod(file, 0o644)
	exported, exportCPU := time.Since(start), cpuTime()-cpu

	start, pgCPU := time.Now(), serverCPU(postmaster)
	if _, err := psql(`CREATE TABLE records (code text PRIMARY KEY, kind text, title_ar text, title_en text, text_ar text, text_en text);
\copy records FROM '` + file + `'
ALTER TABLE records ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
	setweight(to_tsvector('arabic', title_ar), 'A') || setweight(to_tsvector('english', title_en), 'A') ||
	setweight(to_tsvector('arabic', text_ar), 'D') || setweight(to_tsvector('english', text_en), 'D')) STORED;
CREATE INDEX records_tsv ON records USING gin (tsv);
ANALYZE records;
`); err != nil {
		return err
	}
	loaded, loadCPU := time.Since(start), serverCPU(postmaster)-pgCPU
	os.Remove(file) // PostgreSQL holds the records now; spare the disk (3 GB at 1M)
	size, _ := psql(`\pset tuples_only on
SELECT pg_size_pretty(pg_total_relation_size('records'));`)
	fmt.Printf("postgresql    %d records: written for COPY in %s (CPU %s); COPY, tsvector and GIN index in %s (server CPU %s): searchable %s after the start, %.0f records/s; table and index %s; load average %s\n",
		n, exported.Round(time.Millisecond), exportCPU.Round(time.Millisecond), loaded.Round(time.Millisecond), loadCPU.Round(time.Millisecond),
		(exported + loaded).Round(time.Second), float64(n)/(exported+loaded).Seconds(), strings.TrimSpace(size), loadAverage())

	// The searches of the mix that have words, one after the other in one
	// session, each bounded by a statement timeout: at a million records a
	// common word's ts_rank reads hundreds of thousands of tsvectors. A
	// search the timeout stops counts as its time to the timeout (a lower
	// bound: its percentile is printed with ≥), and a category stops after
	// budget once it has run 20.
	conn, err := pgx.Connect(ctx, "host="+sock+" port="+port+" user=postgres dbname=postgres")
	if err != nil {
		return fmt.Errorf("-pg: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SET statement_timeout = "+strconv.FormatInt(timeout.Milliseconds(), 10)); err != nil {
		return fmt.Errorf("-pg: %w", err)
	}
	var backend int
	if err := conn.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&backend); err != nil {
		return fmt.Errorf("-pg: %w", err)
	}
	const sql = `SELECT code FROM records, (SELECT websearch_to_tsquery('arabic', $1) || websearch_to_tsquery('english', $1) AS q) w
WHERE tsv @@ w.q AND ($2 = '' OR kind = $2) ORDER BY ts_rank(tsv, w.q) DESC LIMIT 20`
	timedOut := 0
	one := func(q query) (time.Duration, bool, error) {
		start := time.Now()
		rows, err := conn.Query(ctx, sql, q.q, q.kind)
		if err == nil {
			for rows.Next() {
			}
			rows.Close()
			err = rows.Err()
		}
		took := time.Since(start)
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "57014" { // query_canceled: the statement timeout
			timedOut++
			return took, true, nil
		}
		if err != nil {
			return took, false, fmt.Errorf("-pg: search %q: %w", q.q, err)
		}
		return took, false, nil
	}
	var worded []category
	for _, c := range mix {
		var qs []query
		for _, q := range c.queries {
			if q.q != "" {
				qs = append(qs, q)
			}
		}
		if len(qs) > 0 {
			worded = append(worded, category{c.name, qs})
		}
	}
	for i := range warmUp {
		c := worded[i%len(worded)]
		if _, _, err := one(c.queries[i/len(worded)%len(c.queries)]); err != nil {
			return err
		}
	}
	timedOut = 0
	fmt.Printf("\npostgresql searches (the best 20 by ts_rank, no facets, no total, no place filter; up to %d of each category, at most %s each once 20 ran; statement timeout %s), load average %s\n",
		count, budget, timeout, loadAverage())
	fmt.Printf("%-16s %8s %9s %10s %10s %10s %12s\n", "category", "searches", "timed out", "p50", "p95", "p99", "CPU/search")
	type pgStat struct {
		took []time.Duration
		cut  []bool // the search at the same rank in took was stopped by the timeout
		cpu  time.Duration
	}
	print := func(name string, s pgStat) {
		idx := make([]int, len(s.took))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(s.took[a], s.took[b]) })
		pct := func(p float64) string {
			if len(idx) == 0 {
				return "-"
			}
			i := idx[min(max(int(math.Ceil(p*float64(len(idx))))-1, 0), len(idx)-1)]
			if s.cut[i] {
				return "≥" + ms(s.took[i])
			}
			return ms(s.took[i])
		}
		cut := 0
		for _, c := range s.cut {
			if c {
				cut++
			}
		}
		fmt.Printf("%-16s %8d %9d %10s %10s %10s %12s\n", name, len(s.took), cut, pct(0.50), pct(0.95), pct(0.99), ms(s.cpu/time.Duration(max(len(s.took), 1))))
	}
	var all pgStat
	for _, c := range worded {
		var s pgStat
		begin, cpu := time.Now(), procCPU(backend)
		for i := 0; i < count && (i < 20 || time.Since(begin) < budget); i++ {
			took, cut, err := one(c.queries[i%len(c.queries)])
			if err != nil {
				return err
			}
			s.took, s.cut = append(s.took, took), append(s.cut, cut)
		}
		s.cpu = procCPU(backend) - cpu
		all.took, all.cut, all.cpu = append(all.took, s.took...), append(all.cut, s.cut...), all.cpu+s.cpu
		print(c.name, s)
	}
	print("all", all)
	fmt.Printf("load average  %s after PostgreSQL's searches\n", loadAverage())
	return nil
}

// serverCPU is the CPU time a PostgreSQL server has used: the postmaster's,
// with the backends and workers that have ended, and those still running.
func serverCPU(postmaster int) time.Duration {
	total := procCPU(postmaster)
	if data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", postmaster)); err == nil {
		s := string(data)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 14 { // cutime and cstime: the children it has waited for
			cu, _ := strconv.ParseInt(f[13], 10, 64)
			cs, _ := strconv.ParseInt(f[14], 10, 64)
			total += time.Duration(cu+cs) * time.Second / 100
		}
	}
	dirs, _ := os.ReadDir("/proc")
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		s := string(data)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) > 1 && f[1] == strconv.Itoa(postmaster) { // its parent
			total += procCPU(pid)
		}
	}
	return total
}
