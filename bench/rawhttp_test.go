package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// The load client's hand-written HTTP reads whole bodies, by length or in
// chunks, follows redirections, keeps its connection and opens another
// when the server closes it.
func TestRawClient(t *testing.T) {
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/length":
			w.Header().Set("Content-Length", "5")
			io.WriteString(w, "hello")
		case "/chunked":
			for i := range 100 {
				fmt.Fprintf(w, "line %d %s\n", i, strings.Repeat("x", 1000))
				w.(http.Flusher).Flush()
			}
		case "/moved":
			http.Redirect(w, r, "/length", http.StatusFound)
		case "/close":
			w.Header().Set("Connection", "close")
			io.WriteString(w, "bye")
		case "/gzip":
			if r.Header.Get("Accept-Encoding") != "gzip" {
				w.WriteHeader(http.StatusNotAcceptable)
			}
		default:
			http.NotFound(w, r)
		}
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()
	c := newRawClient(srv.URL, true, 5e9)
	defer c.close()
	for _, tc := range []struct {
		path string
		want int
	}{{"/length", 200}, {"/chunked", 200}, {"/moved", 200}, {"/gzip", 200}, {"/missing", 404}, {"/close", 200}, {"/length", 200}} {
		status, err := c.get(tc.path)
		if err != nil || status != tc.want {
			t.Errorf("GET %s: %d %v, want %d", tc.path, status, err, tc.want)
		}
	}
	if n := conns.Load(); n != 2 {
		t.Errorf("%d connections, want 2 (one closed by the server)", n)
	}
}
