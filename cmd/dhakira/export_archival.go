package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/archival"
)

// The archival formats: EAD3 and EAC-CPF, of published records only.
func init() {
	exportFormats["ead3"] = exporter{
		About: "EAD3 finding aid of the published documents, videos and testimonies (--kind one of them)",
		Run:   exportEAD3,
	}
	exportFormats["eac-cpf"] = exporter{
		About: "EAC-CPF 2.0, one file CODE.xml per published person and entity (--kind person or entity), into --out DIR or --out FILE.zip",
		Run:   exportEACCPF,
	}
}

func exportEAD3(ctx context.Context, job exportJob) error {
	var kinds []dhakira.Kind
	if job.Kind != "" {
		if !slices.Contains(archival.EADKinds, job.Kind) {
			return &exitError{2, fmt.Errorf("export: --format ead3 describes documents, videos and testimonies, not --kind %s", job.Kind)}
		}
		kinds = append(kinds, job.Kind)
	}
	return job.toOutput(func(w io.Writer) error {
		return archival.FindingAid(ctx, w, job.Store, job.Settings, kinds...)
	})
}

func exportEACCPF(ctx context.Context, job exportJob) error {
	var kinds []dhakira.Kind
	if job.Kind != "" {
		if !slices.Contains(archival.EACKinds, job.Kind) {
			return &exitError{2, fmt.Errorf("export: --format eac-cpf describes persons and entities, not --kind %s", job.Kind)}
		}
		kinds = append(kinds, job.Kind)
	}
	if job.Out == "" {
		return &exitError{2, errors.New("export: --format eac-cpf writes one file per record: give --out DIR (a new or empty folder) or --out FILE.zip")}
	}
	codes, err := archival.AuthorityCodes(ctx, job.Store, kinds...)
	if err != nil {
		return err
	}
	// each calls fn with every record's file name and XML; a record
	// unpublished since the list was made is left out.
	each := func(fn func(name string, data []byte) error) error {
		var buf bytes.Buffer
		for _, code := range codes {
			buf.Reset()
			err := archival.AuthorityRecord(ctx, &buf, job.Store, job.Settings, code)
			if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
				continue
			}
			if err != nil {
				return fmt.Errorf("%s: %w", code, err)
			}
			if err := fn(code+".xml", buf.Bytes()); err != nil {
				return err
			}
		}
		return nil
	}
	if strings.EqualFold(filepath.Ext(job.Out), ".zip") {
		now := time.Now()
		return job.toOutput(func(w io.Writer) error {
			zw := zip.NewWriter(w)
			err := each(func(name string, data []byte) error {
				f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: now})
				if err != nil {
					return err
				}
				_, err = f.Write(data)
				return err
			})
			if err != nil {
				return err
			}
			return zw.Close()
		})
	}
	return toFolder(job.Out, each)
}

// toFolder writes the files each gives into the folder dir, which must be
// new or empty: a file of a record withdrawn since an earlier export must
// not stay behind among the current ones. The files are written into a
// folder beside it, renamed into place when all are there.
func toFolder(dir string, each func(func(name string, data []byte) error) error) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case len(entries) > 0:
		return fmt.Errorf("export: --out %s: the folder is not empty (export into a new or empty folder, or into a .zip file)", dir)
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, ".export-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	err = each(func(name string, data []byte) error {
		return os.WriteFile(filepath.Join(tmp, name), data, 0o644)
	})
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.Rename(tmp, dir)
}
