// Package diag serves a running server's diagnostics — Go's profiles
// (net/http/pprof) and the collector's figures — on an address of their
// own that only this machine can reach, never on the site's.
package diag

import (
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"runtime/metrics"
	"time"
)

// Listen listens on addr, which must be a loopback address
// ("127.0.0.1:6060", "[::1]:0"), and serves the diagnostics there until
// the returned function is called. It returns the address it listens on.
func Listen(addr string) (string, func(), error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return "", nil, fmt.Errorf("diagnostics address %q: %v", addr, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return "", nil, fmt.Errorf("diagnostics address %q: only a loopback address (127.0.0.1, ::1) is allowed", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: Handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return ln.Addr().String(), func() { srv.Close() }, nil
}

// Handler serves /debug/pprof/ (go tool pprof -top -inuse_space
// http://ADDR/debug/pprof/heap) and /debug/gc.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.HandleFunc("/debug/gc", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		for _, s := range ReadGC() {
			fmt.Fprintf(w, "%s %v\n", s.Name, s.Value)
		}
	})
	return mux
}

// GCMetrics are the runtime's figures /debug/gc reports, by their
// runtime/metrics names.
var GCMetrics = []string{
	"/cpu/classes/gc/total:cpu-seconds",
	"/gc/cycles/total:gc-cycles",
	"/gc/heap/live:bytes",
	"/gc/heap/goal:bytes",
	"/gc/scan/heap:bytes",
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/total:bytes",
}

// Sample is one runtime figure.
type Sample struct {
	Name  string
	Value float64
}

// ReadGC reads GCMetrics now.
func ReadGC() []Sample {
	s := make([]metrics.Sample, len(GCMetrics))
	for i, n := range GCMetrics {
		s[i].Name = n
	}
	metrics.Read(s)
	out := make([]Sample, len(s))
	for i, m := range s {
		out[i].Name = m.Name
		switch m.Value.Kind() {
		case metrics.KindUint64:
			out[i].Value = float64(m.Value.Uint64())
		case metrics.KindFloat64:
			out[i].Value = m.Value.Float64()
		}
	}
	return out
}
