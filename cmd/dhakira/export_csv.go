package main

import (
	"context"
	"io"

	"github.com/dhakira/dhakira/csvrec"
)

func init() {
	exportFormats["csv"] = exporter{
		About: "CSV for spreadsheets, one row per record (UTF-8 with a byte order mark); every status, as jsonl",
		Run: func(ctx context.Context, job exportJob) error {
			return job.toOutput(func(w io.Writer) error {
				_, err := csvrec.Export(ctx, job.Store, w, job.Kind)
				return err
			})
		},
	}
}
