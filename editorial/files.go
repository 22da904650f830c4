package editorial

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/dhakira/dhakira"
)

// checkFiles checks the files of r as the editor and the API send them:
// each named by the hash of a file the archive has (uploaded before, or
// carried by another record), never by a path; the type and size are the
// store's, whatever the client said.
func (s *Service) checkFiles(ctx context.Context, r *dhakira.Record) []dhakira.FieldError {
	var errs []dhakira.FieldError
	if err := r.WithoutPaths(); err != nil {
		errs = append(errs, dhakira.Fields(err)...)
	}
	for i := range r.Files {
		f := &r.Files[i]
		if f.Path != "" || !dhakira.ValidSHA256(f.SHA256) {
			continue // said already
		}
		field := fmt.Sprintf("files[%d].sha256", i)
		if s.Files == nil {
			errs = append(errs, dhakira.FieldError{Field: field, Message: "this archive keeps no files"})
			continue
		}
		info, err := s.Files.Stat(ctx, f.SHA256)
		if dhakira.ErrorCode(err) == dhakira.ENOTFOUND {
			errs = append(errs, dhakira.FieldError{Field: field, Message: fmt.Sprintf("no file %s in the archive (upload it first)", f.SHA256)})
			continue
		}
		if err != nil {
			errs = append(errs, dhakira.FieldError{Field: field, Message: err.Error()})
			continue
		}
		f.Type, f.Size = info.Type, info.Size
	}
	return errs
}

// AddFile stores the bytes of body and adds them to the record code as
// its last file, in a new revision. base is the revision the writer
// started from (ESTALE when it is no longer the current one). The bytes
// are streamed to the file store, bounded by MaxFileSize; the file's
// type is read from them. It returns the file as the record keeps it.
func (s *Service) AddFile(ctx context.Context, code string, base int, body io.Reader, f dhakira.File, note string) (dhakira.File, int, error) {
	added, rev, err := s.AddFiles(ctx, code, base, func(add func(io.Reader, dhakira.File) error) error {
		return add(body, f)
	}, note)
	if len(added) == 1 {
		f = added[0]
	}
	return f, rev, err
}

// AddFiles adds every file each gives (calling add with its bytes and
// what the writer says of it) to the record code, in the order given, as
// one new revision: all of them or, when one is refused (invalid, too
// large, cut, already carried), none. Bytes stored before a refusal stay
// in the file store, unseen: no record carries them.
func (s *Service) AddFiles(ctx context.Context, code string, base int, each func(add func(body io.Reader, f dhakira.File) error) error, note string) ([]dhakira.File, int, error) {
	u, err := dhakira.Authorize(ctx, dhakira.PermEdit)
	if err != nil {
		return nil, 0, err
	}
	if s.Files == nil {
		return nil, 0, dhakira.Errorf(dhakira.EINVALID, "this archive keeps no files")
	}
	cur, info, err := s.store.Record(ctx, code, dhakira.Staff)
	if err != nil {
		return nil, 0, err
	}
	if !editable(u, cur.Status) {
		return nil, 0, dhakira.Errorf(dhakira.EFORBIDDEN, "a %s record is edited by reviewers", cur.Status)
	}
	if base != info.Revision {
		return nil, 0, staleError(code, base, info.Revision)
	}
	r := *cur
	r.Files = append([]dhakira.File(nil), cur.Files...)
	var added []dhakira.File
	err = each(func(body io.Reader, f dhakira.File) error {
		f.Path, f.SHA256 = "", ""
		f.Name = strings.TrimSpace(f.Name)
		if f.Role == "" {
			f.Role = dhakira.RoleOriginal
		}
		check := *cur
		check.Files = []dhakira.File{f}
		check.Files[0].SHA256 = strings.Repeat("0", 64)
		if err := check.Validate(); err != nil {
			return err
		}
		stored, err := s.Files.Put(ctx, body, s.MaxFileSize)
		if err != nil {
			return err
		}
		f.SHA256, f.Type, f.Size = stored.SHA256, stored.Type, stored.Size
		for _, old := range r.Files {
			if old.SHA256 == f.SHA256 {
				return dhakira.Errorf(dhakira.ECONFLICT, "%s already carries this file (%s)", code, old.Name)
			}
		}
		r.Files = append(r.Files, f)
		added = append(added, f)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	if len(added) == 0 {
		return nil, 0, dhakira.Errorf(dhakira.EINVALID, "no file to add")
	}
	if note == "" {
		names := make([]string, len(added))
		for i, f := range added {
			names[i] = f.Name
		}
		note = "added the file " + names[0]
		if len(names) > 1 {
			note = "added the files " + strings.Join(names, ", ")
		}
	}
	if err := s.validate(ctx, &r); err != nil {
		return nil, 0, err
	}
	rev, err := s.save(ctx, u, &r, base, note, "record.file.add")
	if err != nil {
		return nil, 0, err
	}
	return added, rev, nil
}
