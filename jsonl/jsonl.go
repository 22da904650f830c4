// Package jsonl reads and writes the archive as JSON Lines, one record per
// line in the shape of the product contract: Format reads it for package
// ingest's all-or-nothing import, Export writes the full backup that the
// import reads back.
package jsonl

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/ingest"
)

// File is the import Input of a JSON Lines file on disk.
func File(path string) ingest.Input { return ingest.File(path, Format) }

// Bytes is the import Input of JSON Lines held in memory (a bundled archive).
func Bytes(name string, data []byte) ingest.Input { return ingest.Bytes(name, data, Format) }

// lines reads JSON Lines: one record per non-blank line.
type lines struct {
	sc      *bufio.Scanner
	n       int
	tooLong bool
}

// Format reads JSON Lines for ingest.Import: one record per non-blank line,
// in the shape of the product contract, strictly decoded; a UTF-8 byte order
// mark and CR LF line ends are allowed.
func Format(r io.Reader) ingest.RecordReader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), dhakira.MaxRecordBytes+1)
	return &lines{sc: sc}
}

// Next returns the next non-blank line. A line longer than
// dhakira.MaxRecordBytes is a problem, and the last record read.
func (l *lines) Next() (ingest.Raw, error) {
	for !l.tooLong && l.sc.Scan() {
		l.n++
		b := bytes.TrimSpace(l.sc.Bytes())
		if l.n == 1 {
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		}
		if len(b) == 0 {
			continue
		}
		data := append([]byte(nil), b...) // the scanner reuses its buffer
		return ingest.Raw{Line: l.n, Decode: func() (*dhakira.Record, []ingest.Issue) { return decodeJSON(data) }}, nil
	}
	if !l.tooLong && errors.Is(l.sc.Err(), bufio.ErrTooLong) {
		l.tooLong = true
		return ingest.Raw{Line: l.n + 1, Decode: func() (*dhakira.Record, []ingest.Issue) {
			return nil, []ingest.Issue{{FieldError: dhakira.FieldError{Message: fmt.Sprintf("line longer than %d bytes", dhakira.MaxRecordBytes)}}}
		}}, nil
	}
	if err := l.sc.Err(); err != nil && !l.tooLong {
		return ingest.Raw{}, err
	}
	return ingest.Raw{}, io.EOF
}

// Column is "": a JSON line has no columns.
func (l *lines) Column(string) string { return "" }

// decodeJSON reads one line's record strictly.
func decodeJSON(data []byte) (*dhakira.Record, []ingest.Issue) {
	r, err := dhakira.DecodeRecord(data)
	if err != nil {
		return nil, ingest.AsIssues(dhakira.Fields(err))
	}
	return r, nil
}

// Export writes every record of kind k ("" for all), of every status, as
// JSON Lines ordered by code: the archive's full backup, which Import reads
// back into an empty archive to the same bytes.
func Export(ctx context.Context, store dhakira.DumpService, w io.Writer, k dhakira.Kind) (int, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	n := 0
	err := store.Dump(ctx, k, dhakira.Staff, func(data []byte) error {
		n++
		bw.Write(data)
		return bw.WriteByte('\n')
	})
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}
