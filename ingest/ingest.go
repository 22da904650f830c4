// Package ingest is the archive's import, whatever the format: all or
// nothing. Every record of every input is read and checked first, every
// problem is reported as FILE:LINE: message (FILE:LINE:COLUMN: in a format
// with columns), and only a batch with none is written, through the store's
// import, which nobody sees until it commits.
// Formats plug in as a Format making a RecordReader (package jsonl reads
// JSON Lines, package csvrec CSV); the caller picks one per input.
package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dhakira/dhakira"
)

// Input is one file to import. It is opened twice: once to check, once to
// write, so a million records never sit in memory together.
type Input struct {
	Name string
	Open func() (io.ReadCloser, error)
	// Format reads the file's records.
	Format Format
	// Dir is the folder the paths of files[].path are relative to: the
	// input's own folder; "" when it has none (data held in memory).
	Dir string
}

// Format makes the record reader of one file format over an opened input.
type Format func(io.Reader) RecordReader

// RecordReader reads one input's records in file order. Import calls Next
// from one goroutine while it runs the Decode functions and Column on
// others.
type RecordReader interface {
	// Next returns the next record, or io.EOF after the last one. A problem
	// with the input's form (a malformed CSV row) comes back as a Raw whose
	// Decode reports it; any other error stops the import.
	Next() (Raw, error)
	// Column says where the field at a JSON path (such as "links[2].to") is
	// on a record's line, as problems show it: CSV's column number; "" for
	// a format without columns.
	Column(field string) string
}

// Raw is one record as a RecordReader read it, not decoded yet.
type Raw struct {
	Line int // the line the record starts on
	// Decode makes the record, with the problems found doing so; a nil
	// record has nothing more to check. Import runs it on every core, then
	// normalizes and validates the record.
	Decode func() (*dhakira.Record, []Issue)
}

// Issue is one problem with a record, as its reader found it.
type Issue struct {
	dhakira.FieldError
	Column string // where it is, when Column(Field) would not say it; else ""
}

// AsIssues turns field errors into Issues without columns.
func AsIssues(errs []dhakira.FieldError) []Issue {
	out := make([]Issue, len(errs))
	for i, e := range errs {
		out[i] = Issue{FieldError: e}
	}
	return out
}

// File is the Input of a file on disk in format f.
func File(path string, f Format) Input {
	return Input{Name: path, Open: func() (io.ReadCloser, error) { return os.Open(path) }, Format: f, Dir: filepath.Dir(path)}
}

// Bytes is the Input of data held in memory (a bundled archive) in format f.
func Bytes(name string, data []byte, f Format) Input {
	return Input{Name: name, Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }, Format: f}
}

// Options change how an import runs.
type Options struct {
	Update       bool   // replace records whose codes exist, as new revisions
	SkipExisting bool   // leave records whose codes exist as they are (the gazetteer)
	Author       string // recorded on every revision
	// Progress, when set, is called now and then with the phase ("check" or
	// "write"), the records done and the records in all (0 while checking).
	Progress func(phase string, done, total int)
	// Wait, when set, is told that the import waits for another to end.
	Wait func(msg string)
	// Files keeps the files records bring (files[].path) and names those
	// they refer to (files[].sha256); without it a record with files is
	// refused.
	Files dhakira.FileStore
	// FileLimit bounds one file's size (0: no limit).
	FileLimit int64
	// BytesProgress, when set, is called now and then with the phase, the
	// bytes of files read and the bytes in all (0 while checking).
	BytesProgress func(phase string, done, total int64)
}

// Summary says what an import did.
type Summary struct {
	ByKind  map[dhakira.Kind]int // records written, by kind
	Created int
	Updated int
	Skipped int // existing records left alone
}

// Problem is one thing wrong with the input, at a line of a file and, in a
// format with columns, a column.
type Problem struct {
	File   string
	Line   int
	Column string // "" in JSON Lines
	Msg    string
}

func (p Problem) String() string {
	if p.Column != "" {
		return fmt.Sprintf("%s:%d:%s: %s", p.File, p.Line, p.Column, p.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
}

// MaxProblems bounds how many problems one import lists; past it the rest
// are counted.
const MaxProblems = 1000

// Error is every problem an import found. Nothing was written.
type Error struct {
	Problems []Problem
	More     int // problems found past MaxProblems
}

func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n… and %d more problems", e.More)
	}
	return b.String()
}

// where is the place a code or reference was seen.
type where struct {
	input int32
	line  int32
}

// ref is a code a record points to, kept until every code of the batch is
// known.
type ref struct {
	code  string
	kind  dhakira.Kind // required kind, or ""
	field string
	at    where
}

type checker struct {
	inputs   []Input
	columns  []func(field string) string // each input's RecordReader.Column
	problems []Problem
	more     int
	codes    map[string]dhakira.Kind // codes the batch brings
	seen     map[string]where
	refs     []ref
	records  int
	existing map[string]dhakira.Kind // batch codes the archive already has
	files    *files
}

// problem records what is wrong with the field at a JSON path ("" for the
// record as a whole) of the record at at.
func (c *checker) problem(at where, field string, format string, args ...any) {
	c.problemIn(at, c.columns[at.input](field), format, args...)
}

func (c *checker) problemIn(at where, column string, format string, args ...any) {
	if len(c.problems) >= MaxProblems {
		c.more++
		return
	}
	c.problems = append(c.problems, Problem{File: c.inputs[at.input].Name, Line: int(at.line), Column: column, Msg: fmt.Sprintf(format, args...)})
}

// decode reads, normalizes and validates one record, naming the column of
// every problem the reader can place.
func decode(raw Raw, column func(string) string) (*dhakira.Record, []Issue) {
	r, issues := raw.Decode()
	if r != nil {
		r.Normalize()
		if err := r.Validate(); err != nil {
			issues = append(issues, AsIssues(dhakira.Fields(err))...)
		}
	}
	for i := range issues {
		if issues[i].Column == "" {
			issues[i].Column = column(issues[i].Field)
		}
	}
	return r, issues
}

// Import checks then writes inputs into the store. On any problem it returns
// an *Error and writes nothing.
func Import(ctx context.Context, store dhakira.ImportService, inputs []Input, opt Options) (*Summary, error) {
	c := &checker{inputs: inputs, columns: make([]func(string) string, len(inputs)), codes: map[string]dhakira.Kind{}, seen: map[string]where{}, files: newFiles(opt)}
	progress := opt.Progress
	if progress == nil {
		progress = func(string, int, int) {}
	}
	// The import begins (waiting for any other to end) before it reads
	// anything, and reserves the codes it brings as it reads them: a record
	// created meanwhile by another writer cannot take one of them.
	if opt.Wait != nil {
		ctx = dhakira.WithWaitNotice(ctx, opt.Wait)
	}
	tx, err := store.BeginImport(ctx, opt.Author)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var unreserved []string
	// Pass 1: every line on its own, and the codes the batch brings.
	for i, in := range inputs {
		column, err := eachDecoded(in, i, func(d decoded) error {
			at := where{int32(d.input), int32(d.n)}
			c.records++
			if c.records%10000 == 0 {
				// The caller may take its time over the progress: what was
				// read is reserved first, this record's code included.
				defer func() {
					tx.Reserve(unreserved)
					unreserved = nil
					progress("check", c.records, 0)
				}()
			}
			r, errs := d.rec, d.errs
			for _, e := range errs {
				c.problemIn(at, e.Column, "%s", e.Error())
			}
			if r == nil || !r.Kind.Valid() {
				return nil
			}
			if r.Code != "" && dhakira.ValidCode(r.Code) {
				if first, dup := c.seen[r.Code]; dup {
					c.problemIn(at, d.column("code"), "code %q is already used at %s:%d", r.Code, inputs[first.input].Name, first.line)
				} else {
					c.seen[r.Code] = at
					c.codes[r.Code] = r.Kind
					if unreserved = append(unreserved, r.Code); len(unreserved) == 5000 {
						tx.Reserve(unreserved)
						unreserved = nil
					}
				}
			}
			for _, rf := range r.References() {
				if dhakira.ValidCode(rf.Code) {
					c.refs = append(c.refs, ref{code: rf.Code, kind: rf.Kind, field: rf.Field, at: at})
				}
			}
			if len(r.Files) > 0 {
				// Reading and hashing files takes a while: the codes read
				// so far are reserved first.
				tx.Reserve(unreserved)
				unreserved = nil
				c.files.check(ctx, in, r, func(field, msg string) { c.problemIn(at, d.column(field), "%s", msg) })
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			return nil
		})
		c.columns[i] = column
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
	}
	tx.Reserve(unreserved)
	progress("check", c.records, 0)
	// Codes the batch brings that the archive has already.
	existing, err := store.KindsOf(ctx, sortedKeys(c.codes))
	if err != nil {
		return nil, err
	}
	c.existing = existing
	skip := map[string]bool{}
	for code, kind := range existing {
		at := c.seen[code]
		switch {
		case opt.SkipExisting:
			skip[code] = true
		case !opt.Update:
			c.problem(at, "code", "code %q already exists in the archive (use --update to replace it)", code)
		case kind != c.codes[code]:
			c.problem(at, "code", "code %q is a %s in the archive; a record cannot change kind", code, kind)
		}
	}
	// References: to the batch, else to the archive.
	var outside []string
	for _, rf := range c.refs {
		if _, ok := c.codes[rf.code]; !ok {
			outside = append(outside, rf.code)
		}
	}
	known, err := store.KindsOf(ctx, dedupe(outside))
	if err != nil {
		return nil, err
	}
	for _, rf := range c.refs {
		kind, ok := c.codes[rf.code]
		if !ok {
			kind, ok = known[rf.code]
		}
		switch {
		case !ok:
			c.problem(rf.at, rf.field, "%s: no record %q in this import or the archive", rf.field, rf.code)
		case rf.kind != "" && kind != rf.kind:
			c.problem(rf.at, rf.field, "%s: %q is a %s, not a %s", rf.field, rf.code, kind, rf.kind)
		}
	}
	sort.SliceStable(c.problems, func(i, j int) bool {
		a, b := c.problems[i], c.problems[j]
		if a.File != b.File {
			return inputIndex(inputs, a.File) < inputIndex(inputs, b.File)
		}
		return a.Line < b.Line
	})
	if len(c.problems) > 0 {
		return nil, &Error{Problems: c.problems, More: c.more}
	}
	return write(ctx, tx, c, skip, opt, progress)
}

// write is pass 2: the checked batch, through the store's import, which
// shows it all at once when it commits.
func write(ctx context.Context, tx dhakira.ImportTx, c *checker, skip map[string]bool, opt Options, progress func(string, int, int)) (*Summary, error) {
	sum := &Summary{ByKind: map[dhakira.Kind]int{}}
	done := 0
	c.files.done = 0
	for i, in := range c.inputs {
		_, err := eachDecoded(in, i, func(d decoded) error {
			done++
			if done%5000 == 0 {
				progress("write", done, c.records)
			}
			r := d.rec
			if len(d.errs) > 0 { // the file changed between the two passes
				return fmt.Errorf("line %d changed during the import: %s", d.n, d.errs[0].Error())
			}
			if skip[r.Code] {
				sum.Skipped++
				return nil
			}
			_, existed := c.existing[r.Code]
			if len(r.Files) > 0 {
				if err := c.files.put(ctx, in, r); err != nil {
					return fmt.Errorf("line %d: %w", d.n, err)
				}
			}
			if _, err := tx.Put(ctx, r, opt.Update); err != nil {
				return fmt.Errorf("line %d: %w", d.n, err)
			}
			sum.ByKind[r.Kind]++
			if existed {
				sum.Updated++
			} else {
				sum.Created++
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
	}
	progress("write", done, c.records)
	if done != c.records {
		return nil, fmt.Errorf("the input changed during the import: %d records checked, %d read to write", c.records, done)
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return sum, nil
}

func sortedKeys(m map[string]dhakira.Kind) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func dedupe(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

func inputIndex(inputs []Input, name string) int {
	for i, in := range inputs {
		if in.Name == name {
			return i
		}
	}
	return len(inputs)
}
