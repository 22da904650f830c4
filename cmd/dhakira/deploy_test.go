package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeployFiles checks the example deployment the README shows: Caddy
// accepts deploy/Caddyfile, and systemd the units (with this binary in
// the place of /usr/local/bin/dhakira). Each check skips when its tool is
// not installed.
func TestDeployFiles(t *testing.T) {
	deploy := filepath.Join("..", "..", "deploy")
	t.Run("Caddyfile", func(t *testing.T) {
		caddy, err := exec.LookPath("caddy")
		if err != nil {
			t.Skip("caddy is not installed")
		}
		out, err := exec.Command(caddy, "validate", "--adapter", "caddyfile", "--config", filepath.Join(deploy, "Caddyfile")).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "Valid configuration") {
			t.Errorf("caddy validate: %v\n%s", err, out)
		}
	})
	t.Run("systemd", func(t *testing.T) {
		analyze, err := exec.LookPath("systemd-analyze")
		if err != nil {
			t.Skip("systemd-analyze is not installed")
		}
		dir := t.TempDir()
		env := filepath.Join(dir, "env")
		os.WriteFile(env, []byte("DHAKIRA_DATABASE=postgres://dhakira@db1.internal/dhakira\n"), 0o644)
		var units []string
		for _, name := range []string{"dhakira.service", "dhakira-export.service", "dhakira-export.timer"} {
			b, err := os.ReadFile(filepath.Join(deploy, name))
			if err != nil {
				t.Fatal(err)
			}
			s := strings.ReplaceAll(string(b), "/usr/local/bin/dhakira", bin)
			s = strings.ReplaceAll(s, "/etc/dhakira/env", env)
			units = append(units, filepath.Join(dir, name))
			if err := os.WriteFile(units[len(units)-1], []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		out, err := exec.Command(analyze, append([]string{"verify"}, units...)...).CombinedOutput()
		// Outside a booted systemd, verify also reports the machine's own
		// units; only lines about ours count.
		var ours []string
		for _, l := range strings.Split(string(out), "\n") {
			if strings.Contains(l, "dhakira") {
				ours = append(ours, l)
			}
		}
		if len(ours) > 0 {
			t.Errorf("systemd-analyze verify (%v):\n%s", err, strings.Join(ours, "\n"))
		}
	})
}
