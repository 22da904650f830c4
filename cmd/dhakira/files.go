package main

import (
	"context"
	"log/slog"
	"path/filepath"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
	"github.com/dhakira/dhakira/derive"
	"github.com/dhakira/dhakira/diskfiles"
	"github.com/dhakira/dhakira/s3files"
	"github.com/dhakira/dhakira/search"
)

// openFiles opens where the archive keeps its files: settings.Files, an
// s3:// address or a folder, else the folder files/ in the data folder.
func openFiles(ctx context.Context, dataDir string, settings config.Settings) (dhakira.FileStore, error) {
	switch where := settings.Files; {
	case s3files.IsURL(where):
		return s3files.OpenURL(ctx, where)
	case where != "":
		return diskfiles.Open(where)
	}
	return diskfiles.Open(filepath.Join(dataDir, "files"))
}

// prepared follows a file the worker has prepared: the records carrying
// it are indexed again (its text is searchable now), and a video record
// without a duration gets the one ffprobe read, as a revision by "media".
func prepared(ctx context.Context, db dhakira.BackOfficeStore, engine *search.Engine, files dhakira.FileStore, sha string, log *slog.Logger) {
	codes, err := db.FileCarriers(ctx, sha, dhakira.Staff)
	if err != nil {
		log.Error("derive: carriers", "sha256", sha, "err", err)
		return
	}
	if info, ok := derive.ReadInfo(ctx, files, sha); ok && info.Duration > 0 {
		for _, code := range codes {
			if err := fillDuration(ctx, db, code, sha, info.Duration); err != nil {
				log.Warn("derive: duration", "code", code, "err", err)
			}
		}
	}
	if _, err := engine.Refresh(ctx, codes); err != nil {
		log.Error("derive: index", "sha256", sha, "err", err)
	}
}

// fillDuration sets attrs.duration of the video record code from its
// first recording, sha, when it has none.
func fillDuration(ctx context.Context, db dhakira.BackOfficeStore, code, sha string, seconds float64) error {
	r, info, err := db.Record(ctx, code, dhakira.Staff)
	if err != nil {
		return err
	}
	if r.Kind != dhakira.KindVideo || r.Attrs.Duration != "" {
		return nil
	}
	for _, f := range r.Files {
		if f.IsMedia() {
			if f.SHA256 != sha {
				return nil // the duration is the first recording's
			}
			break
		}
	}
	r.Attrs.Duration = dhakira.FormatDuration(seconds)
	_, _, err = db.SaveRecord(ctx, r, info.Revision, "media", "duration read from the recording")
	return err
}

// fileText gives search the text read from files, page by page.
func fileText(files dhakira.FileStore) search.FileText {
	if files == nil {
		return nil
	}
	return func(ctx context.Context, sha string) ([]string, error) {
		pages, err := derive.ReadText(ctx, files, sha)
		if err != nil {
			return nil, err
		}
		out := make([]string, len(pages))
		for i, p := range pages {
			out[i] = p.Text
		}
		return out, nil
	}
}
