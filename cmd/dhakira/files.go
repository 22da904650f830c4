package main

import (
	"context"
	"path/filepath"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/config"
	"github.com/dhakira/dhakira/diskfiles"
	"github.com/dhakira/dhakira/s3files"
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
