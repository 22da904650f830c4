package main

import (
	"bufio"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDiagnostics: --debug-addr serves the profiles and the collector's
// figures on a loopback address of their own, never on the site's, and
// refuses an address other machines could reach.
func TestDiagnostics(t *testing.T) {
	data := t.TempDir()
	if _, stderr, code := runBin(t, nil, nil, "serve", "--data", data, "--addr", "127.0.0.1:0", "--debug-addr", "0.0.0.0:0"); code != 2 || !strings.Contains(stderr, "loopback") {
		t.Fatalf("--debug-addr 0.0.0.0:0: exit %d, %s", code, stderr)
	}
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", "127.0.0.1:0", "--debug-addr", "127.0.0.1:0")
	cmd.Env = os.Environ()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() })
	found := make(chan [2]string, 1)
	go func() {
		var site, debug string
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := regexp.MustCompile(`url=(http://\S+)/`).FindStringSubmatch(sc.Text()); m != nil {
				site = m[1]
			}
			if m := regexp.MustCompile(`diagnostics at=(http://\S+)/debug/pprof/`).FindStringSubmatch(sc.Text()); m != nil {
				debug = m[1]
			}
			if site != "" && debug != "" {
				found <- [2]string{site, debug}
				return
			}
		}
	}()
	var site, debug string
	select {
	case f := <-found:
		site, debug = f[0], f[1]
	case <-time.After(60 * time.Second):
		t.Fatal("server did not say both addresses")
	}
	if !strings.HasPrefix(debug, "http://127.0.0.1:") || debug == site {
		t.Fatalf("diagnostics at %s, site at %s", debug, site)
	}
	if code, body := get(t, debug+"/debug/gc"); code != 200 || !strings.Contains(body, "/gc/heap/live:bytes ") {
		t.Errorf("/debug/gc: %d %q", code, body)
	}
	if code, body := get(t, debug+"/debug/pprof/heap?debug=1"); code != 200 || !strings.Contains(body, "heap profile") {
		t.Errorf("/debug/pprof/heap: %d %.200q", code, body)
	}
	for _, path := range []string{"/debug/pprof/", "/debug/gc"} {
		if code, _ := get(t, site+path); code != 404 {
			t.Errorf("the site answers %s: %d", path, code)
		}
	}
}
