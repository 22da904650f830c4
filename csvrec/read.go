package csvrec

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/ingest"
)

// IsCSV reports whether a file name ends in .csv, in any case.
func IsCSV(name string) bool { return strings.EqualFold(filepath.Ext(name), ".csv") }

// File is the import Input of a CSV file on disk.
func File(path string) ingest.Input { return ingest.File(path, Format) }

// Bytes is the import Input of CSV held in memory.
func Bytes(name string, data []byte) ingest.Input { return ingest.Bytes(name, data, Format) }

// Format reads CSV for ingest.Import: UTF-8 with or without a byte order
// mark, a header row naming the columns in any order (only kind and a
// title are required), then one record per row; quoted fields may hold
// commas, quotes and line breaks, and lines may end in CR LF. Rows of
// empty cells are skipped. Problems name the line the row starts on and
// the column's number, counted from 1 as in a spreadsheet.
func Format(r io.Reader) ingest.RecordReader {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	lim := &limiter{r: br}
	cr := csv.NewReader(lim)
	cr.FieldsPerRecord = -1 // a wrong count is reported with the columns it concerns
	return &reader{cr: cr, lim: lim}
}

type reader struct {
	cr   *csv.Reader
	lim  *limiter
	h    *header // nil until the header row is read
	line int     // where the last row read started
	done bool
}

// Next returns the next row that is not empty. A malformed row comes back
// as a problem and reading goes on at the next line; problems with the
// header, or a row too long to be a record, end the file.
func (r *reader) Next() (ingest.Raw, error) {
	for !r.done {
		r.lim.start = r.cr.InputOffset()
		row, err := r.cr.Read()
		var pe *csv.ParseError
		isParse := errors.As(err, &pe)
		switch {
		case isParse:
			r.line = pe.StartLine
		case len(row) > 0:
			r.line, _ = r.cr.FieldPos(0)
		}
		if r.lim.tripped {
			r.done = true
			return problem(r.line, "", "row longer than %d bytes (is a quote left open?)", dhakira.MaxRecordBytes), nil
		}
		if err == io.EOF {
			break
		}
		if isParse {
			r.done = r.h == nil
			col := strconv.Itoa(len(row) + 1) // the row holds the fields before the one in error
			msg := "malformed CSV: " + describe(pe.Err)
			if pe.Line != pe.StartLine {
				msg += fmt.Sprintf(" (on line %d)", pe.Line)
			}
			return problem(r.line, col, "%s", msg), nil
		}
		if err != nil {
			return ingest.Raw{}, err
		}
		if r.h == nil {
			h, issues := readHeader(row)
			if len(issues) > 0 {
				r.done = true
				return ingest.Raw{Line: r.line, Decode: func() (*dhakira.Record, []ingest.Issue) { return nil, issues }}, nil
			}
			r.h = h
			continue
		}
		if blank(row) {
			continue
		}
		if n := len(r.h.cols); len(row) != n {
			col := min(len(row), n) + 1 // the first missing or extra one
			return problem(r.line, strconv.Itoa(col), "the row has %d fields; the header has %d", len(row), n), nil
		}
		h := r.h
		return ingest.Raw{Line: r.line, Decode: func() (*dhakira.Record, []ingest.Issue) { return h.decode(row) }}, nil
	}
	return ingest.Raw{}, io.EOF
}

// Column is the number of the column holding the field at a JSON path, ""
// when the file has no such column.
func (r *reader) Column(field string) string {
	if r.h == nil {
		return ""
	}
	return r.h.column(field)
}

// problem is a Raw that is only a problem with the input's form.
func problem(line int, col string, format string, args ...any) ingest.Raw {
	issue := ingest.Issue{FieldError: dhakira.FieldError{Message: fmt.Sprintf(format, args...)}, Column: col}
	return ingest.Raw{Line: line, Decode: func() (*dhakira.Record, []ingest.Issue) { return nil, []ingest.Issue{issue} }}
}

// describe says what is wrong in a malformed row and how to write it.
func describe(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return `a " in a field that does not start with one (put the whole field in quotes and double the quote: "say ""hi""")`
	case errors.Is(err, csv.ErrQuote):
		return `a quoted field has a stray " or is never closed (a quote inside quotes is written "")`
	}
	return err.Error()
}

func blank(row []string) bool {
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// header is what the header row says: which column each position holds.
type header struct {
	cols  []*column
	index map[string]int // column name → position
}

// readHeader reads the header row. Names are matched without regard to
// case or surrounding spaces.
func readHeader(row []string) (*header, []ingest.Issue) {
	byName := map[string]*column{}
	for i := range columns {
		byName[columns[i].name] = &columns[i]
	}
	h := &header{index: map[string]int{}}
	var issues []ingest.Issue
	bad := func(i int, format string, args ...any) {
		issues = append(issues, ingest.Issue{FieldError: dhakira.FieldError{Message: fmt.Sprintf(format, args...)}, Column: strconv.Itoa(i + 1)})
	}
	for i, name := range row {
		name = strings.ToLower(strings.TrimSpace(name))
		c, ok := byName[name]
		switch {
		case name == "": // a spreadsheet's trailing empty column: its cells must be empty
		case !ok:
			bad(i, "unknown column %q (the columns are %s)", name, strings.Join(Columns(), ", "))
		default:
			if first, dup := h.index[name]; dup {
				bad(i, "column %q is also column %d", name, first+1)
			} else {
				h.index[name] = i
			}
		}
		h.cols = append(h.cols, c)
	}
	if len(issues) == 0 {
		_, kind := h.index["kind"]
		_, ar := h.index["title_ar"]
		_, en := h.index["title_en"]
		if !kind {
			issues = append(issues, ingest.Issue{FieldError: dhakira.FieldError{Message: `the header has no "kind" column (is the first row a header?)`}})
		}
		if !ar && !en {
			issues = append(issues, ingest.Issue{FieldError: dhakira.FieldError{Message: `the header has neither a "title_ar" nor a "title_en" column`}})
		}
	}
	return h, issues
}

// decode makes a record of a row. Cells that cannot be read are problems
// at their column, and the rest of the row is read on, so that every
// problem of the row is reported at once.
func (h *header) decode(row []string) (*dhakira.Record, []ingest.Issue) {
	r := &dhakira.Record{}
	var issues []ingest.Issue
	for i, v := range row {
		col := strconv.Itoa(i + 1)
		if h.cols[i] == nil {
			if strings.TrimSpace(v) != "" {
				issues = append(issues, ingest.Issue{FieldError: dhakira.FieldError{Message: fmt.Sprintf("a value in column %d, which has no name in the header", i+1)}, Column: col})
			}
			continue
		}
		if !utf8.ValidString(v) {
			issues = append(issues, ingest.Issue{FieldError: dhakira.FieldError{Field: h.cols[i].field, Message: "not valid UTF-8 (save the file as UTF-8)"}, Column: col})
		}
		for _, e := range h.cols[i].set(r, v) {
			issues = append(issues, ingest.Issue{FieldError: e, Column: col})
		}
	}
	return r, issues
}

// column numbers the column holding the field at a JSON path: the column
// of that field or of one it is inside ("links[2].to" is in links), or
// for a field of two columns ("title") the first of them in the file.
func (h *header) column(field string) string {
	if field == "" {
		return ""
	}
	for i, c := range h.cols {
		if c == nil {
			continue
		}
		if f := c.field; field == f || strings.HasPrefix(field, f) && (field[len(f)] == '.' || field[len(f)] == '[') {
			return strconv.Itoa(i + 1)
		}
	}
	first := -1
	for i, c := range h.cols {
		if c != nil && strings.HasPrefix(c.field, field+".") && (first < 0 || i < first) {
			first = i
		}
	}
	if first < 0 {
		return ""
	}
	return strconv.Itoa(first + 1)
}

// limiter ends the input when one row runs past dhakira.MaxRecordBytes,
// as a quote left open would make it run to the end of the file:
// encoding/csv would otherwise hold all of it in memory.
type limiter struct {
	r       io.Reader
	n       int64 // bytes read
	start   int64 // where the current row starts
	tripped bool
}

func (l *limiter) Read(p []byte) (int, error) {
	// encoding/csv reads ahead by at most its 4096-byte buffer.
	if l.tripped || l.n-l.start > dhakira.MaxRecordBytes+4096 {
		l.tripped = true
		return 0, io.EOF
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}
