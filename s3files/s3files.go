// Package s3files keeps the archive's files in S3-compatible object
// storage (Amazon S3, MinIO, Ceph, Garage, versitygw…), implementing
// dhakira.FileStore, with the same keys as diskfiles under a prefix:
//
//	PREFIX/ab/cd/abcd…              an original, named by its SHA-256
//	PREFIX/derived/ab/cd/abcd…/NAME files derived from it
//	PREFIX/tmp/…                    uploads in progress
//
// A file up to SmallSize is read into memory, hashed, and sent in one PUT
// straight to its final key (a PUT is atomic in S3). A larger one is
// streamed, in parts of PartSize, to a temporary key while it is hashed,
// then copied on the server to its final key and the temporary object
// deleted: an object appears under its final key only whole. A crash
// leaves at most a temporary object or an unfinished multipart upload
// under tmp/, which Clean removes (Open does, for those older than a day;
// a bucket lifecycle rule aborting incomplete uploads does it too).
package s3files

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/dhakira/dhakira"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

const (
	// SmallSize is the largest file Put sends in one request, from memory.
	SmallSize = 8 << 20
	// PartSize is the size of the parts of a multipart upload: the memory
	// one Put of a large file holds, and a 160 GB largest file (10,000
	// parts).
	PartSize = 16 << 20
	// StaleAfter is the age after which Open takes an upload under tmp/
	// for the remains of a crash.
	StaleAfter = 24 * time.Hour
)

// copyPartSize is the size of the parts of a copy on the server: a file
// larger is copied part by part (UploadPartCopy), as any over 5 GiB must
// be. A variable for the tests.
var copyPartSize int64 = 512 << 20

// Store is a bucket, or a prefix in one.
type Store struct {
	client *minio.Client
	bucket string
	prefix string // "" or ending in "/"
	where  string // s3://bucket/prefix, for messages
}

var _ dhakira.FileStore = (*Store)(nil)

// Config says where the files are and how to reach them.
type Config struct {
	Bucket string
	Prefix string // folder in the bucket, without leading or trailing slash
	// Endpoint is the server's URL: "https://s3.example.org",
	// "http://127.0.0.1:7070". Empty means Amazon S3.
	Endpoint string
	Region   string
	// AccessKey and SecretKey; empty means from the environment
	// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), then
	// ~/.aws/credentials, then the instance's role.
	AccessKey, SecretKey string
	// PathStyle asks for http://host/bucket/key rather than
	// http://bucket.host/key; most servers other than Amazon's need it,
	// and it is the default with an Endpoint.
	PathStyle bool
}

// IsURL reports whether a files setting names object storage rather than
// a folder.
func IsURL(s string) bool { return strings.HasPrefix(s, "s3://") }

// ParseURL reads "s3://bucket/prefix?endpoint=URL&region=R" (both
// parameters optional). Without endpoint, AWS_ENDPOINT_URL_S3 or
// AWS_ENDPOINT_URL, when set, names the server; without region,
// AWS_REGION or AWS_DEFAULT_REGION. Credentials are never in the URL: they
// come from the environment.
func ParseURL(s string) (Config, error) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return Config{}, dhakira.Errorf(dhakira.EINVALID, "files %q: want s3://bucket/prefix", s)
	}
	if u.User != nil {
		return Config{}, dhakira.Errorf(dhakira.EINVALID, "files %q: put credentials in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, not in the URL", u.Redacted())
	}
	c := Config{Bucket: u.Host, Prefix: strings.Trim(u.Path, "/")}
	q := u.Query()
	for k := range q {
		if k != "endpoint" && k != "region" {
			return Config{}, dhakira.Errorf(dhakira.EINVALID, "files %q: unknown parameter %q (endpoint, region)", s, k)
		}
	}
	c.Endpoint = first(q.Get("endpoint"), os.Getenv("AWS_ENDPOINT_URL_S3"), os.Getenv("AWS_ENDPOINT_URL"))
	c.Region = first(q.Get("region"), os.Getenv("AWS_REGION"), os.Getenv("AWS_DEFAULT_REGION"))
	c.PathStyle = c.Endpoint != ""
	return c, nil
}

// first returns the first of its arguments that is not empty.
func first(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// OpenURL opens the store a files setting "s3://…" names (ParseURL).
func OpenURL(ctx context.Context, s string) (*Store, error) {
	c, err := ParseURL(s)
	if err != nil {
		return nil, err
	}
	return Open(ctx, c)
}

// Open connects to the bucket, checks that it exists, and removes the
// uploads under tmp/ that a crash left more than StaleAfter ago.
func Open(ctx context.Context, c Config) (*Store, error) {
	s := &Store{bucket: c.Bucket, prefix: strings.Trim(c.Prefix, "/")}
	if s.prefix != "" {
		s.prefix += "/"
	}
	s.where = "s3://" + c.Bucket + "/" + s.prefix
	host, secure := "s3.amazonaws.com", true
	if c.Endpoint != "" {
		u, err := url.Parse(c.Endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, dhakira.Errorf(dhakira.EINVALID, "files %s: endpoint %q: want http://host:port or https://host", s.where, c.Endpoint)
		}
		host, secure = u.Host, u.Scheme == "https"
	}
	creds := credentials.NewStaticV4(c.AccessKey, c.SecretKey, "")
	if c.AccessKey == "" {
		creds = credentials.NewChainCredentials([]credentials.Provider{
			&credentials.EnvAWS{},
			&credentials.FileAWSCredentials{},
			&credentials.IAM{},
		})
	}
	lookup := minio.BucketLookupAuto
	if c.PathStyle {
		lookup = minio.BucketLookupPath
	}
	client, err := minio.New(host, &minio.Options{
		Creds:        creds,
		Secure:       secure,
		Region:       c.Region,
		BucketLookup: lookup,
	})
	if err != nil {
		return nil, fmt.Errorf("files %s: %w", s.where, err)
	}
	s.client = client
	ok, err := client.BucketExists(ctx, c.Bucket)
	if err != nil {
		return nil, fmt.Errorf("files %s: %w", s.where, err)
	}
	if !ok {
		return nil, dhakira.Errorf(dhakira.ENOTFOUND, "files %s: no bucket %q on %s", s.where, c.Bucket, host)
	}
	if err := s.Clean(ctx, StaleAfter); err != nil {
		return nil, err
	}
	return s, nil
}

// Client is the store's S3 client, for tools that need more.
func (s *Store) Client() *minio.Client { return s.client }

// Key is the object key of the original sha.
func (s *Store) Key(sha string) string {
	return s.prefix + sha[:2] + "/" + sha[2:4] + "/" + sha
}

func (s *Store) derivedPrefix(sha string) string {
	return s.prefix + "derived/" + sha[:2] + "/" + sha[2:4] + "/" + sha + "/"
}

func (s *Store) tmpPrefix() string { return s.prefix + "tmp/" }

// Clean removes the objects and unfinished multipart uploads under tmp/
// older than age.
func (s *Store) Clean(ctx context.Context, age time.Duration) error {
	before := time.Now().Add(-age)
	for o := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.tmpPrefix(), Recursive: true}) {
		if o.Err != nil {
			return fmt.Errorf("files %s: listing tmp/: %w", s.where, o.Err)
		}
		if o.LastModified.Before(before) {
			if err := s.client.RemoveObject(ctx, s.bucket, o.Key, minio.RemoveObjectOptions{}); err != nil {
				return fmt.Errorf("files %s: removing %s: %w", s.where, o.Key, err)
			}
		}
	}
	for u := range s.client.ListIncompleteUploads(ctx, s.bucket, s.tmpPrefix(), true) {
		if u.Err != nil {
			return fmt.Errorf("files %s: listing uploads under tmp/: %w", s.where, u.Err)
		}
		if u.Initiated.Before(before) {
			if err := s.client.RemoveIncompleteUpload(ctx, s.bucket, u.Key); err != nil {
				return fmt.Errorf("files %s: aborting upload %s: %w", s.where, u.Key, err)
			}
		}
	}
	return nil
}

// reader counts and hashes what it reads, stops at a limit, and stops when
// its context ends.
type reader struct {
	ctx   context.Context
	r     io.Reader
	h     hashWriter
	n     int64
	limit int64
}

type hashWriter interface {
	io.Writer
	Sum([]byte) []byte
}

func (r *reader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	if r.limit > 0 && int64(len(p)) > r.limit+1-r.n {
		p = p[:r.limit+1-r.n]
	}
	n, err := r.r.Read(p)
	r.h.Write(p[:n])
	r.n += int64(n)
	if r.limit > 0 && r.n > r.limit {
		return n, dhakira.TooLarge(r.limit)
	}
	return n, err
}

// Put implements dhakira.FileStore.
func (s *Store) Put(ctx context.Context, src io.Reader, limit int64) (dhakira.FileInfo, error) {
	r := &reader{ctx: ctx, r: src, h: sha256.New(), limit: limit}
	small := make([]byte, SmallSize+1)
	n, err := io.ReadFull(r, small)
	switch {
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		return s.putSmall(ctx, small[:n], hex.EncodeToString(r.h.Sum(nil)))
	case err != nil:
		return dhakira.FileInfo{}, fmt.Errorf("files %s: reading a file to store: %w", s.where, err)
	}
	typ := dhakira.DetectType(small)

	var rnd [12]byte
	rand.Read(rnd[:])
	tmp := s.tmpPrefix() + hex.EncodeToString(rnd[:])
	up, err := s.client.PutObject(ctx, s.bucket, tmp, io.MultiReader(bytes.NewReader(small), r), -1, minio.PutObjectOptions{
		PartSize:    PartSize,
		ContentType: typ,
	})
	if err != nil {
		var derr *dhakira.Error
		if errors.As(err, &derr) {
			return dhakira.FileInfo{}, err // over the limit: the reader's own error
		}
		if rerr := ctx.Err(); rerr != nil {
			return dhakira.FileInfo{}, fmt.Errorf("files %s: storing a file: %w", s.where, rerr)
		}
		return dhakira.FileInfo{}, fmt.Errorf("files %s: storing a file: %w", s.where, err)
	}
	defer s.client.RemoveObject(context.WithoutCancel(ctx), s.bucket, tmp, minio.RemoveObjectOptions{})
	info := dhakira.FileInfo{SHA256: hex.EncodeToString(r.h.Sum(nil)), Size: r.n, Type: typ}
	if up.Size != r.n {
		return dhakira.FileInfo{}, fmt.Errorf("files %s: stored %d bytes of a file of %d", s.where, up.Size, r.n)
	}
	if st, err := s.Stat(ctx, info.SHA256); err == nil {
		return st, nil // the same bytes are there already
	} else if dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		return dhakira.FileInfo{}, err
	}
	_, err = s.client.ComposeObject(ctx,
		minio.CopyDestOptions{Bucket: s.bucket, Object: s.Key(info.SHA256), PartSize: uint64(copyPartSize)},
		minio.CopySrcOptions{Bucket: s.bucket, Object: tmp})
	if err != nil {
		return dhakira.FileInfo{}, fmt.Errorf("files %s: copying file %s to its key: %w", s.where, info.SHA256, err)
	}
	return info, nil
}

// putSmall stores a file held in memory straight under its hash.
func (s *Store) putSmall(ctx context.Context, b []byte, sha string) (dhakira.FileInfo, error) {
	if st, err := s.Stat(ctx, sha); err == nil {
		return st, nil
	} else if dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		return dhakira.FileInfo{}, err
	}
	info := dhakira.FileInfo{SHA256: sha, Size: int64(len(b)), Type: dhakira.DetectType(b)}
	_, err := s.client.PutObject(ctx, s.bucket, s.Key(sha), bytes.NewReader(b), int64(len(b)), minio.PutObjectOptions{
		ContentType: info.Type,
	})
	if err != nil {
		return dhakira.FileInfo{}, fmt.Errorf("files %s: storing file %s: %w", s.where, sha, err)
	}
	return info, nil
}

func notFound(err error) bool {
	r := minio.ToErrorResponse(err)
	return r.StatusCode == http.StatusNotFound || r.Code == "NoSuchKey"
}

// Stat implements dhakira.FileStore. The type is detected again from the
// object's first bytes, as diskfiles does, rather than trusted from its
// Content-Type, which a copy larger than 5 GB does not keep.
func (s *Store) Stat(ctx context.Context, sha string) (dhakira.FileInfo, error) {
	if err := dhakira.CheckSHA256(sha); err != nil {
		return dhakira.FileInfo{}, err
	}
	o, err := s.client.GetObject(ctx, s.bucket, s.Key(sha), minio.GetObjectOptions{})
	if err != nil {
		return dhakira.FileInfo{}, fmt.Errorf("file %s in %s: %w", sha, s.where, err)
	}
	defer o.Close()
	st, err := o.Stat()
	if notFound(err) {
		return dhakira.FileInfo{}, dhakira.Errorf(dhakira.ENOTFOUND, "file %s: not in the archive", sha)
	}
	if err != nil {
		return dhakira.FileInfo{}, fmt.Errorf("file %s in %s: %w", sha, s.where, err)
	}
	head := make([]byte, min(st.Size, dhakira.SniffLen))
	if _, err := io.ReadFull(io.NewSectionReader(o, 0, st.Size), head); err != nil {
		return dhakira.FileInfo{}, fmt.Errorf("file %s in %s: %w", sha, s.where, err)
	}
	return dhakira.FileInfo{SHA256: sha, Size: st.Size, Type: dhakira.DetectType(head)}, nil
}

// object is an open object: it seeks, each read after a seek asking the
// server for the bytes from there on.
type object struct {
	*minio.Object
	size int64
}

func (o object) Size() int64 { return o.size }

func (s *Store) open(ctx context.Context, key string, missing func() error) (dhakira.FileReader, error) {
	o, err := s.client.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("files %s: %s: %w", s.where, key, err)
	}
	st, err := o.Stat()
	if notFound(err) {
		o.Close()
		return nil, missing()
	}
	if err != nil {
		o.Close()
		return nil, fmt.Errorf("files %s: %s: %w", s.where, key, err)
	}
	return object{o, st.Size}, nil
}

// Open implements dhakira.FileStore.
func (s *Store) Open(ctx context.Context, sha string) (dhakira.FileReader, error) {
	if err := dhakira.CheckSHA256(sha); err != nil {
		return nil, err
	}
	return s.open(ctx, s.Key(sha), func() error {
		return dhakira.Errorf(dhakira.ENOTFOUND, "file %s: not in the archive", sha)
	})
}

// PutDerived implements dhakira.FileStore. One PUT (or one multipart
// upload) replaces the object whole.
func (s *Store) PutDerived(ctx context.Context, sha, name string, r io.Reader) error {
	if err := dhakira.CheckSHA256(sha); err != nil {
		return err
	}
	if err := dhakira.CheckDerivedName(name); err != nil {
		return err
	}
	if _, err := s.client.StatObject(ctx, s.bucket, s.Key(sha), minio.StatObjectOptions{}); err != nil {
		if notFound(err) {
			return dhakira.Errorf(dhakira.ENOTFOUND, "file %s: not in the archive", sha)
		}
		return fmt.Errorf("file %s in %s: %w", sha, s.where, err)
	}
	head := make([]byte, dhakira.SniffLen)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return fmt.Errorf("file %s: storing %s: %w", sha, name, err)
	}
	body := io.MultiReader(bytes.NewReader(head[:n]), &reader{ctx: ctx, r: r, h: sha256.New()})
	_, err = s.client.PutObject(ctx, s.bucket, s.derivedPrefix(sha)+name, body, -1, minio.PutObjectOptions{
		PartSize:    PartSize,
		ContentType: dhakira.DetectType(head[:n]),
	})
	if err != nil {
		return fmt.Errorf("file %s: storing %s in %s: %w", sha, name, s.where, err)
	}
	return nil
}

// OpenDerived implements dhakira.FileStore.
func (s *Store) OpenDerived(ctx context.Context, sha, name string) (dhakira.FileReader, error) {
	if err := dhakira.CheckSHA256(sha); err != nil {
		return nil, err
	}
	if err := dhakira.CheckDerivedName(name); err != nil {
		return nil, err
	}
	return s.open(ctx, s.derivedPrefix(sha)+name, func() error {
		return dhakira.Errorf(dhakira.ENOTFOUND, "file %s: no derived file %q", sha, name)
	})
}

// Derived implements dhakira.FileStore.
func (s *Store) Derived(ctx context.Context, sha string) ([]string, error) {
	if err := dhakira.CheckSHA256(sha); err != nil {
		return nil, err
	}
	var names []string
	p := s.derivedPrefix(sha)
	for o := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: p, Recursive: true}) {
		if o.Err != nil {
			return nil, fmt.Errorf("file %s in %s: listing derived files: %w", sha, s.where, o.Err)
		}
		if name := strings.TrimPrefix(o.Key, p); dhakira.ValidDerivedName(name) && path.Base(name) == name {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names, nil
}
