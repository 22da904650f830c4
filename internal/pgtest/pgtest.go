// Package pgtest runs a throwaway PostgreSQL server for the tests of the
// packages that use one: initdb into a temporary folder, postgres listening
// on a Unix socket in it, one server per test binary and a fresh database
// per test. Without the PostgreSQL binaries the tests skip, except under
// CI=true, where they fail: CI must test both engines.
package pgtest

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

var (
	once    sync.Once
	server  *Server
	started error
	dbs     atomic.Int64
)

// Server is a running throwaway PostgreSQL.
type Server struct {
	dir  string    // the temporary folder: data/ and sock/
	cmd  *exec.Cmd // postgres
	done chan struct{}
	as   []string // the command prefix that runs a program as the server's user
}

// Main runs the tests of m and stops the server if one of them started it.
// Call it from TestMain: os.Exit(pgtest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if server != nil {
		server.Stop()
	}
	return code
}

// URL returns the address of a new, empty database on the test binary's
// server, starting the server on first use. It skips the test when
// PostgreSQL is not installed, and fails it under CI=true.
func URL(t testing.TB) string {
	t.Helper()
	once.Do(func() { server, started = Start() })
	if started != nil {
		if errors.Is(started, errNoBinaries) && os.Getenv("CI") != "true" {
			t.Skipf("PostgreSQL: %v", started)
		}
		t.Fatalf("PostgreSQL: %v", started)
	}
	name := fmt.Sprintf("t%d_%d", os.Getpid(), dbs.Add(1))
	admin, err := sql.Open("pgx", server.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`); err != nil {
		t.Fatal(err)
	}
	return server.URL(name)
}

var errNoBinaries = errors.New("initdb and postgres not found (install Debian's postgresql)")

// Bin finds a PostgreSQL program: on the PATH, or where Debian installs it.
func Bin(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	if len(matches) > 0 {
		return matches[len(matches)-1], nil
	}
	return "", errNoBinaries
}

// Start initializes and starts a server in a new temporary folder.
// PostgreSQL refuses to run as root: as root, the server runs as the
// "postgres" user, which must exist.
func Start() (*Server, error) {
	initdb, err := Bin("initdb")
	if err != nil {
		return nil, err
	}
	postgres, err := Bin("postgres")
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: dir, done: make(chan struct{})}
	data, sock := filepath.Join(dir, "data"), filepath.Join(dir, "sock")
	for _, d := range []string{data, sock} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return nil, err
		}
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root and there is no user postgres to run the server as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		for _, d := range []string{data, sock} {
			if err := os.Chown(d, uid, gid); err != nil {
				return nil, err
			}
		}
		if err := os.Chmod(dir, 0o755); err != nil {
			return nil, err
		}
		s.as = []string{"runuser", "-u", "postgres", "--"}
	}
	var out bytes.Buffer
	init := s.command(initdb, "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
	init.Stdout, init.Stderr = &out, &out
	if err := init.Run(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v\n%s", err, out.String())
	}
	// Durability is not what a test checks of the server: no fsync, and
	// commits that do not wait for the disk.
	s.cmd = s.command(postgres, "-D", data, "-k", sock, "-c", "listen_addresses=", "-c", "fsync=off",
		"-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "shared_buffers=32MB")
	logFile, err := os.Create(filepath.Join(dir, "postgres.log"))
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	defer logFile.Close()
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	log := func() string { b, _ := os.ReadFile(logFile.Name()); return string(b) }
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	go func() { s.cmd.Wait(); close(s.done) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		db, _ := sql.Open("pgx", s.URL("postgres"))
		err := db.PingContext(context.Background())
		db.Close()
		if err == nil {
			return s, nil
		}
		select {
		case <-s.done:
			os.RemoveAll(dir)
			return nil, fmt.Errorf("postgres stopped: %s", log())
		default:
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, fmt.Errorf("postgres did not answer in 30s: %v\n%s", err, log())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *Server) command(name string, args ...string) *exec.Cmd {
	argv := append(append(append([]string{}, s.as...), name), args...)
	return exec.Command(argv[0], argv[1:]...)
}

// URL is the address of the database name on the server.
func (s *Server) URL(name string) string {
	return "postgres:///" + name + "?host=" + filepath.Join(s.dir, "sock") + "&user=postgres&sslmode=disable"
}

// Stop stops the server (a fast shutdown) and removes its folder.
func (s *Server) Stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		// SIGINT is a fast shutdown. It goes to postgres itself, whose pid
		// is in its postmaster.pid: runuser does not pass it on.
		pid := s.cmd.Process.Pid
		if b, err := os.ReadFile(filepath.Join(s.dir, "data", "postmaster.pid")); err == nil {
			if line, _, _ := strings.Cut(string(b), "\n"); line != "" {
				if n, err := strconv.Atoi(strings.TrimSpace(line)); err == nil {
					pid = n
				}
			}
		}
		syscall.Kill(pid, syscall.SIGINT)
		select {
		case <-s.done:
		case <-time.After(20 * time.Second):
			syscall.Kill(pid, syscall.SIGKILL)
			s.cmd.Process.Kill()
			<-s.done
		}
	}
	os.RemoveAll(s.dir)
}
