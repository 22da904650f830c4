package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
)

// pgFTS measures, on the same records and the same searches, PostgreSQL's
// full-text search as a user would set it up: the Snowball arabic and
// english configurations, titles weighted above texts, a GIN index, the
// best 20 by ts_rank (and no facets). It starts a throwaway server with
// initdb in dir, as an unprivileged user when run as root (PostgreSQL
// refuses root), and talks to it with psql. Without PostgreSQL's programs
// it says so and returns, unless CI=true.
func pgFTS(ctx context.Context, db dhakira.Store, dir string, mix []category, count int) error {
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

	// The records as PostgreSQL's COPY reads them.
	start := time.Now()
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
	exported := time.Since(start)

	start = time.Now()
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
	loaded := time.Since(start)
	size, _ := psql(`\pset tuples_only on
SELECT pg_size_pretty(pg_total_relation_size('records'));`)
	fmt.Printf("\npostgresql    %d records: written for COPY in %s; COPY, tsvector and GIN index in %s: %.0f records/s until searchable; table and index %s\n",
		n, exported.Round(time.Millisecond), loaded.Round(time.Millisecond), float64(n)/loaded.Seconds(), strings.TrimSpace(size))

	// The searches of the mix that have words, in one session, timed by psql.
	var script strings.Builder
	script.WriteString("\\timing on\n\\o /dev/null\n")
	var names []string
	for _, c := range mix {
		for i := 0; i < count; i++ {
			q := c.queries[i%len(c.queries)]
			if q.q == "" {
				continue
			}
			text := strings.ReplaceAll(q.q, "$q$", "")
			filter := ""
			if q.kind != "" {
				filter = " AND kind = '" + q.kind + "'"
			}
			fmt.Fprintf(&script, "SELECT code FROM records, (SELECT websearch_to_tsquery('arabic', $q$%s$q$) || websearch_to_tsquery('english', $q$%s$q$) AS q) w WHERE tsv @@ w.q%s ORDER BY ts_rank(tsv, w.q) DESC LIMIT 20;\n", text, text, filter)
			names = append(names, c.name)
		}
	}
	out, err := psql(script.String())
	if err != nil {
		return err
	}
	times := regexp.MustCompile(`Time: ([0-9.]+) ms`).FindAllStringSubmatch(out, -1)
	if len(times) != len(names) {
		return fmt.Errorf("psql timed %d searches of %d", len(times), len(names))
	}
	stats := map[string]*stat{}
	var order []string
	all := &stat{name: "all"}
	for i, m := range times {
		ms, _ := strconv.ParseFloat(m[1], 64)
		d := time.Duration(ms * float64(time.Millisecond))
		s := stats[names[i]]
		if s == nil {
			s = &stat{name: names[i]}
			stats[names[i]] = s
			order = append(order, names[i])
		}
		s.took = append(s.took, d)
		all.took = append(all.took, d)
	}
	fmt.Printf("\npostgresql searches (the best 20 by ts_rank, no facets, no total, timed by psql in one session)\n")
	fmt.Printf("%-16s %8s %10s %10s %10s\n", "category", "searches", "p50", "p95", "p99")
	for _, s := range append(slices.Collect(func(yield func(*stat) bool) {
		for _, name := range order {
			if !yield(stats[name]) {
				return
			}
		}
	}), all) {
		slices.Sort(s.took)
		fmt.Printf("%-16s %8d %10s %10s %10s\n", s.name, len(s.took), ms(percentile(s.took, 0.50)), ms(percentile(s.took, 0.95)), ms(percentile(s.took, 0.99)))
	}
	return nil
}
