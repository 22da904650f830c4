package main

import (
	"strings"
	"testing"
)

func TestAccountCommands(t *testing.T) {
	data := t.TempDir()
	out, stderr, code := runBin(t, strings.NewReader("a very long secret pass\n"), nil, "user", "add", "--data", data, "--email", "Admin@Example.org", "--role", "admin")
	if code != 0 || !strings.Contains(out, "added admin@example.org as admin") || strings.Contains(out, "password (shown once)") {
		t.Fatalf("user add: %d %s %s", code, out, stderr)
	}
	out, _, code = runBin(t, strings.NewReader(""), nil, "user", "add", "--data", data, "--email", "r@example.org", "--role", "researcher")
	if code != 0 || !strings.Contains(out, "password (shown once): ") {
		t.Fatalf("generated password: %s", out)
	}
	if _, stderr, code := runBin(t, strings.NewReader("x\n"), nil, "user", "add", "--data", data, "--email", "r@example.org", "--role", "researcher"); code != 1 || !strings.Contains(stderr, "password needs at least") {
		t.Errorf("short password: %d %s", code, stderr)
	}
	if _, stderr, code := runBin(t, strings.NewReader(""), nil, "user", "add", "--data", data, "--email", "r@example.org", "--role", "researcher"); code != 1 || !strings.Contains(stderr, "r@example.org") {
		t.Errorf("duplicate account: %d %s", code, stderr)
	}
	if _, stderr, code := runBin(t, nil, nil, "user", "add", "--data", data, "--email", "k@example.org", "--role", "king"); code != 1 || !strings.Contains(stderr, `unknown role "king"`) {
		t.Errorf("bad role: %d %s", code, stderr)
	}
	out, _, code = runBin(t, strings.NewReader("another long password\n"), nil, "user", "passwd", "--data", data, "--email", "r@example.org")
	if code != 0 || !strings.Contains(out, "changed the password of r@example.org") {
		t.Errorf("passwd: %s", out)
	}
	out, _, code = runBin(t, nil, nil, "token", "add", "--data", data, "--email", "r@example.org", "--name", "script")
	if code != 0 || !strings.Contains(out, "\ndhk_") {
		t.Errorf("token add: %s", out)
	}
	out, _, _ = runBin(t, nil, nil, "audit", "--data", data)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.Contains(lines[0], `"action":"user.add"`) || !strings.Contains(lines[2], `"action":"user.password"`) || !strings.Contains(lines[3], `"action":"token.add"`) {
		t.Errorf("audit log:\n%s", out)
	}
	if strings.Contains(out, "another long password") || strings.Contains(out, "secret pass") {
		t.Error("a password reached the audit log")
	}
}
