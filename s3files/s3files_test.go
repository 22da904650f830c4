package s3files_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/filestoretest"
	"github.com/dhakira/dhakira/internal/s3test"
	"github.com/dhakira/dhakira/s3files"
	"github.com/minio/minio-go/v7"
)

func openStore(loc string) (dhakira.FileStore, error) {
	return s3files.OpenURL(context.Background(), loc)
}

func TestMain(m *testing.M) {
	filestoretest.Child(openStore)
	os.Exit(m.Run())
}

// list lists every object and unfinished upload under a store's prefix.
func list(t *testing.T, srv *s3test.Server, loc string) []string {
	c, err := s3files.ParseURL(loc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	p := c.Prefix + "/"
	var out []string
	for o := range srv.Client.ListObjects(ctx, c.Bucket, minio.ListObjectsOptions{Prefix: p, Recursive: true}) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
		out = append(out, strings.TrimPrefix(o.Key, p))
	}
	for u := range srv.Client.ListIncompleteUploads(ctx, c.Bucket, p, true) {
		if u.Err != nil {
			t.Fatal(u.Err)
		}
		out = append(out, strings.TrimPrefix(u.Key, p)+" (upload "+u.UploadID+")")
	}
	slices.Sort(out)
	return out
}

func TestFileStore(t *testing.T) {
	srv := s3test.Start(t)
	filestoretest.Run(t, filestoretest.Engine{
		Fresh: func(t *testing.T) string {
			return "s3://" + srv.Bucket(t) + "/archive/files?endpoint=" + srv.Endpoint
		},
		Open:      openStore,
		List:      func(t *testing.T, loc string) []string { return list(t, srv, loc) },
		Temporary: func(p string) bool { return strings.HasPrefix(p, "tmp/") },
	})
}

// TestMultipartCopy: a file larger than the copy's part size (as every
// file over 5 GiB is) reaches its key by a multipart copy, whole.
func TestMultipartCopy(t *testing.T) {
	srv := s3test.Start(t)
	defer s3files.SetCopyPartSize(6 << 20)()
	loc := "s3://" + srv.Bucket(t) + "/files?endpoint=" + srv.Endpoint
	s, err := s3files.OpenURL(context.Background(), loc)
	if err != nil {
		t.Fatal(err)
	}
	const n = 23<<20 + 12345
	want := filestoretest.Data(n, 20)
	info, err := s.Put(context.Background(), bytes.NewReader(want), 0)
	if err != nil || info.Size != n {
		t.Fatalf("put: %+v, %v", info, err)
	}
	f, err := s.Open(context.Background(), info.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := io.ReadAll(f)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("read back %d bytes, %v: differ", len(got), err)
	}
	if objs := list(t, srv, loc); len(objs) != 1 || objs[0] != info.SHA256[:2]+"/"+info.SHA256[2:4]+"/"+info.SHA256 {
		t.Errorf("objects %v, want only the file under its hash", objs)
	}
}

func TestParseURL(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL_S3", "")
	t.Setenv("AWS_ENDPOINT_URL", "")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	for in, want := range map[string]s3files.Config{
		"s3://archive":                    {Bucket: "archive"},
		"s3://archive/dhakira/files/":     {Bucket: "archive", Prefix: "dhakira/files"},
		"s3://b/p?endpoint=http://h:9000": {Bucket: "b", Prefix: "p", Endpoint: "http://h:9000", PathStyle: true},
		"s3://b/p?region=eu-west-3":       {Bucket: "b", Prefix: "p", Region: "eu-west-3"},
	} {
		got, err := s3files.ParseURL(in)
		if err != nil || got != want {
			t.Errorf("%s: %+v, %v; want %+v", in, got, err, want)
		}
	}
	t.Setenv("AWS_ENDPOINT_URL", "https://objects.example.org")
	if got, _ := s3files.ParseURL("s3://b"); got.Endpoint != "https://objects.example.org" || !got.PathStyle {
		t.Errorf("endpoint from the environment: %+v", got)
	}
	for _, bad := range []string{"/data/files", "s3://", "s3:///prefix", "s3://key:secret@b/p", "s3://b?endpont=x", "http://b/p"} {
		_, err := s3files.ParseURL(bad)
		if dhakira.ErrorCode(err) != dhakira.EINVALID || !strings.Contains(err.Error(), "files") {
			t.Errorf("%s: %v, want an EINVALID error", bad, err)
		}
		if strings.Contains(fmt.Sprint(err), "secret") {
			t.Errorf("%s: the error shows the secret: %v", bad, err)
		}
	}
}

// TestOpenErrors: a missing bucket or a bad endpoint is named.
func TestOpenErrors(t *testing.T) {
	srv := s3test.Start(t)
	_, err := s3files.OpenURL(context.Background(), "s3://no-such-bucket/p?endpoint="+srv.Endpoint)
	if dhakira.ErrorCode(err) != dhakira.ENOTFOUND || !strings.Contains(err.Error(), "no-such-bucket") {
		t.Errorf("missing bucket: %v", err)
	}
	_, err = s3files.OpenURL(context.Background(), "s3://b/p?endpoint=ftp://h")
	if dhakira.ErrorCode(err) != dhakira.EINVALID {
		t.Errorf("bad endpoint: %v", err)
	}
}
