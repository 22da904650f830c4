package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
	"github.com/dhakira/dhakira/jsonl"
)

// exportJob is what one export is asked for.
type exportJob struct {
	Kind     dhakira.Kind    // "" for every kind the format takes
	Out      string          // --out: a file or folder; "" for standard output
	Stdout   io.Writer       // where output goes when Out is ""
	Settings config.Settings // the archive's name and public address
	Store    dhakira.BackOfficeStore
}

// exporter is one export format.
type exporter struct {
	About string // one line for the help text
	Run   func(ctx context.Context, job exportJob) error
}

// exportFormats are the formats of dhakira export --format. Each format
// registers itself here from its own file.
var exportFormats = map[string]exporter{
	"jsonl": {About: "JSON Lines, the archive's own format (default)", Run: func(ctx context.Context, job exportJob) error {
		return job.toOutput(func(w io.Writer) error {
			_, err := jsonl.Export(ctx, job.Store, w, job.Kind)
			return err
		})
	}},
}

// toOutput runs write against --out when one is given, else standard
// output. A file is written beside its final name and renamed into place,
// so a failed export never leaves half a file where a whole one was. What
// is not a regular file (/dev/null, a named pipe, a terminal) is written
// to as it is: renaming over it would replace the device or the pipe with
// a file (run as root, `--out /dev/null` made /dev/null a regular file).
func (job exportJob) toOutput(write func(io.Writer) error) error {
	if job.Out == "" {
		return write(job.Stdout)
	}
	if fi, err := os.Stat(job.Out); err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		f, err := os.OpenFile(job.Out, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		if err := write(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	tmp, err := os.CreateTemp(dirOf(job.Out), ".export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), job.Out)
}

func dirOf(path string) string {
	if i := strings.LastIndexByte(path, os.PathSeparator); i >= 0 {
		return path[:i+1]
	}
	return "."
}

func formatList() string {
	var s []string
	for name := range exportFormats {
		s = append(s, name)
	}
	sort.Strings(s)
	return strings.Join(s, ", ")
}

func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("export", stderr)
	kind := fs.String("kind", "", "export only this kind ("+kindList()+")")
	format := fs.String("format", "jsonl", "output format ("+formatList()+")")
	out := fs.String("out", "", "write to this file (or folder, for formats of one file per record) instead of standard output")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return &exitError{2, fmt.Errorf("export: unexpected argument %q", rest[0])}
	}
	ex, ok := exportFormats[*format]
	if !ok {
		return &exitError{2, fmt.Errorf("export: --format: unknown format %q (formats: %s)", *format, formatList())}
	}
	var k dhakira.Kind
	if *kind != "" {
		if k, err = dhakira.ParseKind(*kind); err != nil {
			return &exitError{2, fmt.Errorf("export: --kind: %w", err)}
		}
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
	settings = config.FromEnv(os.Getenv).Apply(settings)
	return ex.Run(ctx, exportJob{Kind: k, Out: *out, Stdout: stdout, Settings: settings, Store: db})
}
