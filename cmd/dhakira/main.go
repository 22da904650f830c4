// Command dhakira runs a national memory archive: the public site, the
// import and export of records, and the bundled gazetteer. It only wires the
// packages together; each command's work lives in its package.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"os/user"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
	"github.com/dhakira/dhakira/csvrec"
	"github.com/dhakira/dhakira/editorial"
	"github.com/dhakira/dhakira/ingest"
	"github.com/dhakira/dhakira/jsonl"
	"github.com/dhakira/dhakira/postgres"
	"github.com/dhakira/dhakira/sqlite"
)

const usage = `dhakira runs a national memory archive.

Usage:
  dhakira serve     [--data DIR] [--addr HOST:PORT] [--demo]   run the public site
  dhakira import    [--data DIR] [--update] FILE...             import JSON Lines or CSV (FILE.csv), all or nothing
  dhakira export    [--data DIR] [--format F] [--kind KIND] [--out PATH]
                                                                write the archive (JSON Lines by default) to standard output or PATH
  dhakira gazetteer [--data DIR] syria                          load the bundled Syrian gazetteer
  dhakira reindex   [--data DIR]                                rebuild the search index from the store
  dhakira user add  [--data DIR] --email E --role R [--name N]  add an account (password from standard input, or generated)
  dhakira user passwd [--data DIR] --email E                    change a password (from standard input, or generated)
  dhakira token add [--data DIR] --email E [--name N]           make an API token (printed once)
  dhakira audit     [--data DIR]                                write the audit log as JSON Lines
  dhakira migrate-store --from DIR --to postgres://…            copy a SQLite archive into an empty PostgreSQL database

--data defaults to $DHAKIRA_DATA, else ./dhakira-data. Every command but migrate-store takes
--database postgres://… (default $DHAKIRA_DATABASE, else database in dhakira.toml) to keep the
archive in PostgreSQL; --data then holds only what is this machine's: its search index, its settings.
Run "dhakira COMMAND -h" for a command's flags.
`

// exitError carries the exit status a command wants.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		code := 1
		var ee *exitError
		if errors.As(err, &ee) {
			code = ee.code
		}
		if err.Error() != "" {
			fmt.Fprintln(os.Stderr, "dhakira:", err)
		}
		os.Exit(code)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return &exitError{2, errors.New("")}
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, args, stderr)
	case "import":
		return importCmd(ctx, args, stdout, stderr)
	case "export":
		return exportCmd(ctx, args, stdout, stderr)
	case "gazetteer":
		return gazetteerCmd(ctx, args, stdout, stderr)
	case "reindex":
		return reindexCmd(ctx, args, stdout, stderr)
	case "user":
		return userCmd(ctx, args, stdout, stderr)
	case "token":
		return tokenCmd(ctx, args, stdout, stderr)
	case "audit":
		return auditCmd(ctx, args, stdout, stderr)
	case "migrate-store":
		return migrateStoreCmd(ctx, args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return &exitError{2, fmt.Errorf("unknown command %q", cmd)}
}

// newFlags returns a flag set with the --data and --database flags every
// command has.
func newFlags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := os.Getenv("DHAKIRA_DATA")
	if def == "" {
		def = "dhakira-data"
	}
	fs.String("database", os.Getenv("DHAKIRA_DATABASE"), "postgres://… to keep the archive in PostgreSQL (default: $DHAKIRA_DATABASE, else database in "+config.FileName+", else the SQLite file in the data folder)")
	return fs, fs.String("data", def, "data folder: the SQLite archive unless --database says otherwise, this node's search index, its settings (created on first use)")
}

// parse parses flags that may come before or after the positional
// arguments, as people type them.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, &exitError{0, errors.New("")}
			}
			return nil, &exitError{2, errors.New("")}
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}

// openStore opens the archive: the PostgreSQL database of the --database
// flag of fs, else of the data folder's settings, else the SQLite file in
// the data folder.
func openStore(fs *flag.FlagSet, dir string) (dhakira.BackOfficeStore, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	url := ""
	if f := fs.Lookup("database"); f != nil {
		url = f.Value.String()
	}
	if url == "" {
		settings, err := config.Load(dir)
		if err != nil {
			return nil, err
		}
		url = settings.Database
	}
	return openDatabase(url, dir)
}

// openDatabase opens the PostgreSQL archive at url, or the SQLite archive
// in dir when url is empty.
func openDatabase(url, dir string) (dhakira.BackOfficeStore, error) {
	switch {
	case url == "":
		return sqlite.Open(filepath.Join(dir, "archive.db"))
	case postgres.IsURL(url):
		return postgres.Open(url)
	}
	return nil, &exitError{2, fmt.Errorf("--database %q: want a postgres:// address (or nothing, for the SQLite file in the data folder)", url)}
}

// author names who runs a command line import, for the revisions it makes.
func author(what string) string {
	name := "unknown"
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	host, _ := os.Hostname()
	return fmt.Sprintf("%s (%s@%s)", what, name, host)
}

func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("import", stderr)
	update := fs.Bool("update", false, "replace records whose codes exist, as new revisions")
	filesAt := fs.String("files", os.Getenv("DHAKIRA_FILES"), "where the archive's files are: a folder or s3://bucket/prefix (default: the data folder's files/, or files in "+config.FileName+")")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return &exitError{2, errors.New("import: name at least one JSON Lines or CSV (.csv) file")}
	}
	db, err := openStore(fs, *data)
	if err != nil {
		return err
	}
	defer db.Close()
	settings, err := config.Load(*data)
	if err != nil {
		return err
	}
	settings = config.Overrides{Files: *filesAt}.Apply(settings)
	store, err := openFiles(ctx, *data, settings)
	if err != nil {
		return err
	}
	var inputs []ingest.Input
	for _, f := range files {
		format := jsonl.Format
		if csvrec.IsCSV(f) {
			format = csvrec.Format
		}
		in, cleanup, err := inputFile(f, format, *data)
		if err != nil {
			return err
		}
		defer cleanup()
		inputs = append(inputs, in)
	}
	start := time.Now()
	bar := newProgress(stderr)
	sum, err := editorial.New(db).Import(editorial.CLI(ctx), inputs, ingest.Options{Update: *update, Author: author("import"), Progress: bar.update,
		Files: store, FileLimit: settings.MaxFileSize, BytesProgress: bar.updateBytes,
		Wait: func(msg string) { fmt.Fprintf(stderr, "dhakira: import: %s\n", msg) }})
	bar.done()
	var ie *ingest.Error
	if errors.As(err, &ie) {
		fmt.Fprintln(stderr, ie.Error())
		n := len(ie.Problems) + ie.More
		return &exitError{1, fmt.Errorf("import: %d problem%s; nothing was imported", n, plural(n))}
	}
	if err != nil {
		return fmt.Errorf("import: %w; nothing was imported", err)
	}
	printSummary(stdout, sum, time.Since(start))
	return nil
}

func printSummary(w io.Writer, sum *ingest.Summary, took time.Duration) {
	n := sum.Created + sum.Updated
	rate := float64(n) / max(took.Seconds(), 1e-9)
	fmt.Fprintf(w, "imported %d record%s (%d new, %d updated", n, plural(n), sum.Created, sum.Updated)
	if sum.Skipped > 0 {
		fmt.Fprintf(w, ", %d already there left as they were", sum.Skipped)
	}
	fmt.Fprintf(w, ") in %.1fs, %.0f records/s\n", took.Seconds(), rate)
	for _, k := range dhakira.Kinds {
		if c := sum.ByKind[k]; c > 0 {
			fmt.Fprintf(w, "  %-10s %d\n", k, c)
		}
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func kindList() string {
	var s []string
	for _, k := range dhakira.Kinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}

func gazetteerCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("gazetteer", stderr)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || rest[0] != "syria" {
		return &exitError{2, errors.New(`gazetteer: name the gazetteer to load; the bundled one is "syria"`)}
	}
	db, err := openStore(fs, *data)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	sum, err := loadGazetteer(ctx, db)
	if err != nil {
		return err
	}
	printSummary(stdout, sum, time.Since(start))
	return nil
}

// progress draws a progress line on a terminal and nothing elsewhere.
type progress struct {
	w     io.Writer
	on    bool
	start time.Time
	drawn bool
	// bytes of files read, and in all (0 while checking)
	bytes, bytesTotal int64
}

// updateBytes notes the bytes of files read; the next line drawn shows them.
func (p *progress) updateBytes(phase string, done, total int64) {
	p.bytes, p.bytesTotal = done, total
	if p.on {
		p.drawn = true
		fmt.Fprintf(p.w, "\r%-9s files %s", phase, p.files())
	}
}

// files says how many bytes of files were read, at what rate.
func (p *progress) files() string {
	if p.bytes == 0 {
		return ""
	}
	rate := float64(p.bytes) / max(time.Since(p.start).Seconds(), 1e-9)
	s := dhakira.FormatSize(p.bytes)
	if p.bytesTotal > 0 {
		s += " of " + dhakira.FormatSize(p.bytesTotal)
	}
	return "  " + s + " (" + dhakira.FormatSize(int64(rate)) + "/s)   "
}

func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	return &progress{w: w, on: ok && isTerminal(f), start: time.Now()}
}

func (p *progress) update(phase string, done, total int) {
	if !p.on {
		return
	}
	p.drawn = true
	rate := float64(done) / max(time.Since(p.start).Seconds(), 1e-9)
	if total == 0 {
		fmt.Fprintf(p.w, "\r%-9s %d records  %.0f/s   %s", phase, done, rate, p.files())
		return
	}
	const width = 30
	filled := width * done / max(total, 1)
	fmt.Fprintf(p.w, "\rwriting   [%s%s] %d/%d  %.0f/s   %s", strings.Repeat("#", filled), strings.Repeat(" ", width-filled), done, total, rate, p.files())
}

func (p *progress) done() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// inputFile returns the import input for a file name. An import reads its
// input twice (check, then write), so standard input ("-") and pipes are
// first copied to a temporary file in the data folder.
func inputFile(name string, format ingest.Format, dataDir string) (ingest.Input, func(), error) {
	noop := func() {}
	var src io.Reader = os.Stdin
	if name != "-" {
		st, err := os.Stat(name)
		if err != nil {
			return ingest.Input{}, noop, err
		}
		if st.Mode().IsRegular() {
			return ingest.File(name, format), noop, nil
		}
		f, err := os.Open(name)
		if err != nil {
			return ingest.Input{}, noop, err
		}
		defer f.Close()
		src = f
	}
	tmp, err := os.CreateTemp(dataDir, "import-*.jsonl")
	if err != nil {
		return ingest.Input{}, noop, err
	}
	cleanup := func() { os.Remove(tmp.Name()) }
	_, err = io.Copy(tmp, src)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		cleanup()
		return ingest.Input{}, noop, fmt.Errorf("%s: %w", name, err)
	}
	in := ingest.File(tmp.Name(), format)
	in.Name = name
	in.Dir = "." // paths in standard input are relative to where dhakira runs
	if name == "-" {
		in.Name = "stdin"
	}
	return in, cleanup, nil
}

func reindexCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("reindex", stderr)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return &exitError{2, fmt.Errorf("reindex: unexpected argument %q", rest[0])}
	}
	db, err := openStore(fs, *data)
	if err != nil {
		return err
	}
	defer db.Close()
	settings, err := config.Load(*data)
	if err != nil {
		return err
	}
	files, err := openFiles(ctx, *data, settings)
	if err != nil {
		return err
	}
	engine, err := openSearch(*data, db, files, nil)
	if err != nil {
		return fmt.Errorf("reindex: %w (stop it first: the server rebuilds a missing index by itself)", err)
	}
	defer engine.Close()
	start := time.Now()
	bar := newProgress(stderr)
	n, err := engine.Rebuild(ctx, func(done int) { bar.update("index", done, 0) })
	bar.done()
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	if _, err := engine.CatchUp(ctx); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	took := time.Since(start)
	fmt.Fprintf(stdout, "indexed %d published records in %.1fs, %.0f records/s\n", n, took.Seconds(), float64(n)/max(took.Seconds(), 1e-9))
	return nil
}
