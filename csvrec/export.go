package csvrec

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/dhakira/dhakira"
)

// Export writes every record of kind k ("" for all), of every status, as
// CSV ordered by code: UTF-8 with a byte order mark (so that spreadsheets
// read the Arabic as UTF-8), a header row naming every column, then one row
// per record. Every field is quoted, so that a spreadsheet told to take
// quoted fields as text keeps codes like 0012 and durations like 4:30 as
// they are; rows end in CR LF and line breaks inside a field are LF.
// Importing the file into an empty archive and exporting again gives the
// same bytes.
func Export(ctx context.Context, store dhakira.DumpService, w io.Writer, k dhakira.Kind) (int, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("\xef\xbb\xbf")
	writeRow(bw, Columns())
	n := 0
	row := make([]string, len(columns))
	err := store.Dump(ctx, k, dhakira.Staff, func(data []byte) error {
		r, err := dhakira.DecodeRecord(data)
		if err != nil {
			return fmt.Errorf("record %d: %w", n+1, err)
		}
		for i, c := range columns {
			v, err := c.get(r)
			if err != nil {
				return fmt.Errorf("%s: %w", r.Code, err)
			}
			row[i] = v
		}
		n++
		return writeRow(bw, row)
	})
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// writeRow writes one row with every field quoted. A CR or CR LF in a
// field becomes LF, as a CSV reader would read it back.
func writeRow(bw *bufio.Writer, row []string) error {
	for i, v := range row {
		if i > 0 {
			bw.WriteByte(',')
		}
		if strings.ContainsRune(v, '\r') {
			v = strings.ReplaceAll(strings.ReplaceAll(v, "\r\n", "\n"), "\r", "\n")
		}
		bw.WriteByte('"')
		bw.WriteString(strings.ReplaceAll(v, `"`, `""`))
		bw.WriteByte('"')
	}
	_, err := bw.WriteString("\r\n")
	return err
}
