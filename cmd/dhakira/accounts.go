package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/editorial"
)

// readPassword reads a password from standard input: without echo on a
// terminal, else the first line. Empty means "generate one".
func readPassword(stderr io.Writer, prompt string) (string, error) {
	if term.IsTerminal(int(os.Stdin.Fd())) {
		fmt.Fprint(stderr, prompt)
		b, err := term.ReadPassword(int(os.Stdin.Fd()))
		fmt.Fprintln(stderr)
		return strings.TrimSpace(string(b)), err
	}
	line, err := bufio.NewReader(io.LimitReader(os.Stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func userCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "passwd") {
		return &exitError{2, errors.New(`user: say "user add --email E --role R" or "user passwd --email E"`)}
	}
	sub := args[0]
	fs, data := newFlags("user "+sub, stderr)
	email := fs.String("email", "", "the account's e-mail address")
	role := fs.String("role", "", "researcher, reviewer or admin (user add)")
	name := fs.String("name", "", "the person's name (user add)")
	rest, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) > 0 || *email == "" || (sub == "add" && *role == "") {
		return &exitError{2, fmt.Errorf("user %s: --email is required%s", sub, map[bool]string{true: " and so is --role", false: ""}[sub == "add"])}
	}
	db, err := openStore(fs, *data)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := editorial.New(db)
	password, err := readPassword(stderr, "password (empty to generate one): ")
	if err != nil {
		return err
	}
	ctx = editorial.CLI(ctx)
	if sub == "add" {
		u, generated, err := svc.AddUser(ctx, *email, *name, dhakira.Role(*role), password)
		if err != nil {
			return fmt.Errorf("user add: %w", err)
		}
		fmt.Fprintf(stdout, "added %s as %s\n", u.Email, u.Role)
		if generated != "" {
			fmt.Fprintf(stdout, "password (shown once): %s\n", generated)
		}
		return nil
	}
	generated := ""
	if password == "" {
		password = editorial.NewPassword()
		generated = password
	}
	if err := svc.SetPassword(ctx, *email, password); err != nil {
		return fmt.Errorf("user passwd: %w", err)
	}
	fmt.Fprintf(stdout, "changed the password of %s; its sessions are ended\n", *email)
	if generated != "" {
		fmt.Fprintf(stdout, "password (shown once): %s\n", generated)
	}
	return nil
}

func tokenCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return &exitError{2, errors.New(`token: say "token add --email E [--name N]"`)}
	}
	fs, data := newFlags("token add", stderr)
	email := fs.String("email", "", "the account the token acts as")
	name := fs.String("name", "", "what the token is for")
	rest, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(rest) > 0 || *email == "" {
		return &exitError{2, errors.New("token add: --email is required")}
	}
	db, err := openStore(fs, *data)
	if err != nil {
		return err
	}
	defer db.Close()
	secret, t, err := editorial.New(db).AddToken(editorial.CLI(ctx), *email, *name)
	if err != nil {
		return fmt.Errorf("token add: %w", err)
	}
	fmt.Fprintf(stdout, "token %d for %s (shown once; only its hash is kept):\n%s\n", t.ID, *email, secret)
	return nil
}

// auditCmd writes the audit log as JSON Lines.
func auditCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("audit", stderr)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return &exitError{2, fmt.Errorf("audit: unexpected argument %q", rest[0])}
	}
	db, err := openStore(fs, *data)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := editorial.New(db)
	ctx = editorial.CLI(ctx)
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	var after int64
	for {
		entries, err := svc.AuditLog(ctx, after, 1000)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if err := enc.Encode(auditLine(e)); err != nil {
				return err
			}
			after = e.ID
		}
		if len(entries) < 1000 {
			return nil
		}
	}
}

// auditLine is the JSON form of an audit entry.
func auditLine(e dhakira.AuditEntry) any {
	return struct {
		ID     int64  `json:"id"`
		At     string `json:"at"`
		Actor  string `json:"actor"`
		Action string `json:"action"`
		Target string `json:"target"`
		Detail string `json:"detail,omitempty"`
	}{e.ID, e.At.UTC().Format("2006-01-02T15:04:05.000Z"), e.Actor, e.Action, e.Target, e.Detail}
}
