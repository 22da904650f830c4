package dhakira

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// FileRole says what a file is to the record that carries it.
type FileRole string

const (
	RoleOriginal   FileRole = "original"   // the item itself: the recording, the scan, the PDF
	RoleAccess     FileRole = "access"     // a copy made for viewing
	RoleTranscript FileRole = "transcript" // a written transcript of a recording
	RoleAttachment FileRole = "attachment" // anything else kept with the record
)

// Valid reports whether r is one of the roles.
func (r FileRole) Valid() bool {
	switch r {
	case RoleOriginal, RoleAccess, RoleTranscript, RoleAttachment:
		return true
	}
	return false
}

// File is one file a record carries, in the record's order. The bytes are
// in the FileStore under SHA256; the record keeps what a reader needs to
// know of them without opening them.
type File struct {
	// Path is read by an import only: a file to store, relative to the
	// folder of the file being imported. It is never stored nor exported.
	Path   string   `json:"path,omitempty"`
	SHA256 string   `json:"sha256,omitempty"`
	Name   string   `json:"name,omitempty"` // the original file name
	Type   string   `json:"type,omitempty"` // detected from the content, never from the name
	Size   int64    `json:"size,omitempty"`
	Role   FileRole `json:"role,omitempty"`
	Lang   string   `json:"lang,omitempty"` // the language of the content
	Label  Text     `json:"label,omitzero"` // a caption
}

// IsMedia reports whether the file is a recording: what <video> or
// <audio> plays.
func (f File) IsMedia() bool { return f.IsVideo() || f.IsAudio() }

// IsVideo reports whether the file is a video by its media type.
func (f File) IsVideo() bool { return strings.HasPrefix(f.Type, "video/") }

// IsAudio reports whether the file is a sound recording by its media type.
func (f File) IsAudio() bool { return strings.HasPrefix(f.Type, "audio/") }

// IsImage reports whether the file is a picture.
func (f File) IsImage() bool { return strings.HasPrefix(f.Type, "image/") }

// IsPDF reports whether the file is a PDF.
func (f File) IsPDF() bool { return f.Type == "application/pdf" }

var (
	langRE      = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)
	mediaTypeRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.+-]*/[a-z0-9][a-z0-9.+-]*(; ?[a-z-]+=[A-Za-z0-9._-]+)?$`)
)

// MaxFiles bounds how many files one record carries.
const MaxFiles = 1000

// normalizeFiles fills the defaults of r's files.
func (r *Record) normalizeFiles() {
	for i := range r.Files {
		f := &r.Files[i]
		f.SHA256 = strings.TrimSpace(f.SHA256)
		f.Name = strings.TrimSpace(f.Name)
		f.Lang = strings.TrimSpace(f.Lang)
		if f.Role == "" {
			f.Role = RoleOriginal
		}
		if f.Name == "" && f.Path != "" {
			f.Name = baseName(f.Path)
		}
	}
}

// baseName is the last part of a path written with / or \.
func baseName(p string) string {
	p = strings.TrimRight(p, `/\`)
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		p = p[i+1:]
	}
	return p
}

func (r *Record) validateFiles(add func(field, format string, args ...any)) {
	if len(r.Files) > MaxFiles {
		add("files", "%d files; a record carries at most %d", len(r.Files), MaxFiles)
	}
	seen := map[string]int{}
	for i, f := range r.Files {
		p := fmt.Sprintf("files[%d]", i)
		if f.Path == "" && f.SHA256 == "" {
			add(p, "needs a sha256 (a file in the archive) or, on import, a path")
		}
		if f.SHA256 != "" {
			if !ValidSHA256(f.SHA256) {
				add(p+".sha256", "%q: want 64 lowercase hex digits", f.SHA256)
			} else if j, dup := seen[f.SHA256]; dup {
				add(p+".sha256", "the same file as files[%d]", j)
			} else {
				seen[f.SHA256] = i
			}
		}
		if !f.Role.Valid() {
			add(p+".role", "unknown role %q (want original, access, transcript or attachment)", f.Role)
		}
		if msg := checkFileName(f.Name); msg != "" {
			add(p+".name", "%q: %s", f.Name, msg)
		}
		if f.Type != "" && !mediaTypeRE.MatchString(f.Type) {
			add(p+".type", "%q is not a media type", f.Type)
		}
		if f.Size < 0 {
			add(p+".size", "negative")
		}
		if f.Lang != "" && !langRE.MatchString(f.Lang) {
			add(p+".lang", "%q is not a language code (ar, en…)", f.Lang)
		}
		if len(f.Label.AR) > 1000 || len(f.Label.EN) > 1000 {
			add(p+".label", "longer than 1000 bytes")
		}
	}
}

// checkFileName explains why name cannot be a file's name: it is shown,
// and sent back in Content-Disposition.
func checkFileName(name string) string {
	if len(name) > 255 {
		return "longer than 255 bytes"
	}
	for _, c := range name {
		if c == '/' || c == '\\' {
			return "a name, not a path"
		}
		if unicode.IsControl(c) {
			return "has control characters"
		}
	}
	return ""
}

// WithoutPaths reports a problem for each file that has a path: only an
// import reads files from paths; the editor and the API send the bytes.
func (r *Record) WithoutPaths() error {
	var errs ValidationError
	for i, f := range r.Files {
		if f.Path != "" {
			errs = append(errs, FieldError{Field: fmt.Sprintf("files[%d].path", i), Message: "only an import reads files from paths; upload the file instead"})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// FileService answers what the archive knows about the files its records
// carry. Every door that gives a file out asks it first: a file is the
// public's only while a published record's current revision carries it.
type FileService interface {
	// FileCarried reports whether the current revision of a record the
	// audience may see carries the file sha.
	FileCarried(ctx context.Context, sha string, a Audience) (bool, error)
	// FileCarriers lists the codes of the records whose current revision
	// carries sha and that the audience may see, by code.
	FileCarriers(ctx context.Context, sha string, a Audience) ([]string, error)
}

// Job kinds of the media queue.
const (
	// JobPrepare makes everything the archive derives from one file: a
	// recording's probe, poster and access copy, a PDF's thumbnails and
	// text, an image's thumbnail and text.
	JobPrepare = "prepare"
)

// Job states.
const (
	JobPending = "pending"
	JobRunning = "running" // claimed by a worker until its lease ends
	JobDone    = "done"
	JobFailed  = "failed" // gave up after MaxJobAttempts
)

// MaxJobAttempts is how many times a job is tried before it is failed.
const MaxJobAttempts = 3

// Job is one piece of background work on a file.
type Job struct {
	ID       int64
	SHA256   string
	Kind     string
	State    string
	Attempts int
	Error    string
	Updated  time.Time
	// Tools is what the worker that did the job could do (a set of bits
	// its package defines): a job done without a tool is done again once
	// a worker that has it comes (RedoJobs).
	Tools int
}

// JobQueue is a durable queue of media work: jobs are added in the same
// transaction as the revision that brings their file, survive restarts,
// and are leased to one worker at a time, so that a worker that dies
// leaves its job to be taken again when the lease ends.
type JobQueue interface {
	// ClaimJob leases the oldest job that is pending, or running with an
	// expired lease, until now+lease; ENOTFOUND when there is none.
	ClaimJob(ctx context.Context, lease time.Duration) (*Job, error)
	// FinishJob ends a claimed job: done when errMsg is "", else back to
	// pending (failed after MaxJobAttempts). tools is what the worker could
	// do (Job.Tools).
	FinishJob(ctx context.Context, id int64, tools int, errMsg string) error
	// FileJobs lists the jobs of a file.
	FileJobs(ctx context.Context, sha string) ([]Job, error)
	// AddJob queues a job of kind for sha unless it already has one.
	AddJob(ctx context.Context, sha, kind string) error
	// RedoJobs puts back in the queue, with no attempt counted, the done or
	// failed jobs of kind whose worker lacked some of tools (a tool
	// installed since: what it makes was left out, or its absence made the
	// job fail), and returns how many.
	RedoJobs(ctx context.Context, kind string, tools int) (int, error)
}

// FormatDuration writes seconds as attrs.duration does: M:SS, or H:MM:SS
// from an hour.
func FormatDuration(seconds float64) string {
	s := int(seconds + 0.5)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// CheckStored reports a file of r that a store must not keep as it is: a
// stored file is named by its sha256, never by a path (an import reads the
// path and replaces it by the hash before it writes).
func (r *Record) CheckStored() error {
	for i, f := range r.Files {
		if f.Path != "" || !ValidSHA256(f.SHA256) {
			return Errorf(EINVALID, "%s: files[%d]: a stored file is named by its sha256, not a path", r.Code, i)
		}
	}
	return nil
}
