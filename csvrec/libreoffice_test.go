package csvrec_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/dhakira/dhakira/csvrec"
	"github.com/dhakira/dhakira/internal/sqlitetest"
)

// libreOffice returns the LibreOffice program to test with, skipping the
// test when there is none, except on CI (CI=true), where a missing
// LibreOffice is a failure: a spreadsheet test that silently does not run
// tests nothing.
func libreOffice(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"libreoffice", "soffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("libreoffice not found on PATH (install Debian's libreoffice-calc-nogui); CI=true, so the spreadsheet test may not be skipped")
	}
	t.Skip("libreoffice not found on PATH")
	return ""
}

// The export opened in LibreOffice Calc, saved as a spreadsheet, then saved
// from it as CSV again, imports back to the same archive. Calc is told
// what a person picks in its Text Import dialog: UTF-8, comma, double
// quote, and "Format quoted field as text" — which keeps codes such as
// 0012, dates and durations as they are, since the export quotes every
// field.
func TestLibreOfficeKeepsTheExport(t *testing.T) {
	soffice := libreOffice(t)
	dir := t.TempDir()
	profile := "file://" + filepath.Join(dir, "profile")
	calc := func(args ...string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, soffice, append([]string{"-env:UserInstallation=" + profile, "--headless", "--norestore"}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", args, err, out)
		}
	}
	a := demoArchive(t)
	first := exportCSV(t, a, "")
	src := filepath.Join(dir, "archive.csv")
	if err := os.WriteFile(src, first, 0o644); err != nil {
		t.Fatal(err)
	}
	// CSV import options: separator 44 (,), text delimiter 34 ("), character
	// set 76 (UTF-8), start at line 1, no column types, default language,
	// quoted fields as text, no special-number detection.
	calc("--infilter=CSV:44,34,76,1,,0,true,false", "--convert-to", "ods", "--outdir", filepath.Join(dir, "ods"), src)
	ods := filepath.Join(dir, "ods", "archive.ods")
	calc("--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", filepath.Join(dir, "back"), ods)
	back, err := os.ReadFile(filepath.Join(dir, "back", "archive.csv"))
	if err != nil {
		t.Fatal(err)
	}

	// Codes and Arabic titles survive, row by row.
	want, err := csv.NewReader(bytes.NewReader(first[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(back, []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil {
		t.Fatalf("LibreOffice's CSV: %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("LibreOffice's CSV has %d rows, want %d", len(got), len(want))
	}
	arabic := 0
	for i := range want {
		if got[i][0] != want[i][0] || got[i][2] != want[i][2] {
			t.Fatalf("row %d: code %q title_ar %q, want %q %q", i+1, got[i][0], got[i][2], want[i][0], want[i][2])
		}
		if want[i][2] != "" {
			arabic++
		}
	}
	if arabic < 500 {
		t.Fatalf("only %d rows have an Arabic title", arabic)
	}

	// And the whole file imports back to the same archive.
	b := sqlitetest.Open(t)
	if _, err := importInputs(t, b, csvrec.File(filepath.Join(dir, "back", "archive.csv"))); err != nil {
		t.Fatal(err)
	}
	if again := exportCSV(t, b, ""); !bytes.Equal(first, again) {
		t.Fatal("the archive changed going through LibreOffice")
	}
}
