package editorial_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
	"github.com/dhakira/dhakira/editorial"
	"github.com/dhakira/dhakira/internal/sqlitetest"
	"github.com/dhakira/dhakira/sqlite"
	"github.com/dhakira/dhakira/storetest"
)

type env struct {
	svc   *editorial.Service
	store *sqlite.DB
	as    map[string]context.Context // role name → context acting as that user ("public": nobody)
}

func setup(t *testing.T) *env {
	t.Helper()
	db := sqlitetest.Open(t)
	svc := editorial.New(db)
	e := &env{svc: svc, store: db, as: map[string]context.Context{"public": context.Background()}}
	cli := editorial.CLI(context.Background())
	for _, role := range dhakira.Roles {
		u, _, err := svc.AddUser(cli, string(role)+"@example.org", string(role), role, "a long password "+string(role))
		if err != nil {
			t.Fatal(err)
		}
		e.as[string(role)] = dhakira.WithUser(context.Background(), u)
	}
	storetest.Put(t, db, false,
		storetest.Rec(t, `{"kind":"entity","code":"ENT-1","title":{"en":"Coalition"}}`),
		storetest.Rec(t, `{"kind":"place","code":"SY04","type":"governorate","title":{"en":"Homs Governorate"}}`),
	)
	return e
}

func (e *env) create(t *testing.T, status string) string {
	t.Helper()
	r := storetest.Rec(t, `{"kind":"document","title":{"en":"A statement"},"status":"`+status+`","places":["SY04"]}`)
	code, _, err := e.svc.Create(e.as["admin"], r, "")
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func (e *env) rev(t *testing.T, code string) int {
	t.Helper()
	_, info, err := e.store.Record(context.Background(), code, dhakira.Staff)
	if err != nil {
		t.Fatal(err)
	}
	return info.Revision
}

// TestRoleMatrix checks every role against every action, in the service
// layer: whatever a handler forgets, the service refuses.
func TestRoleMatrix(t *testing.T) {
	type action struct {
		name string
		do   func(e *env, ctx context.Context, t *testing.T) error
	}
	actions := []action{
		{"create draft", func(e *env, ctx context.Context, t *testing.T) error {
			_, _, err := e.svc.Create(ctx, storetest.Rec(t, `{"kind":"document","title":{"en":"x"},"status":"draft"}`), "")
			return err
		}},
		{"create published", func(e *env, ctx context.Context, t *testing.T) error {
			_, _, err := e.svc.Create(ctx, storetest.Rec(t, `{"kind":"document","title":{"en":"x"},"status":"published"}`), "")
			return err
		}},
		{"edit draft", func(e *env, ctx context.Context, t *testing.T) error {
			code := e.create(t, "draft")
			_, err := e.svc.Update(ctx, storetest.Rec(t, `{"kind":"document","code":"`+code+`","title":{"en":"edited"},"status":"draft"}`), e.rev(t, code), "")
			return err
		}},
		{"edit published", func(e *env, ctx context.Context, t *testing.T) error {
			code := e.create(t, "published")
			_, err := e.svc.Update(ctx, storetest.Rec(t, `{"kind":"document","code":"`+code+`","title":{"en":"edited"}}`), e.rev(t, code), "")
			return err
		}},
		{"submit for review", func(e *env, ctx context.Context, t *testing.T) error {
			_, err := e.svc.SetStatus(ctx, e.create(t, "draft"), dhakira.Review, "")
			return err
		}},
		{"publish", func(e *env, ctx context.Context, t *testing.T) error {
			_, err := e.svc.SetStatus(ctx, e.create(t, "review"), dhakira.Published, "")
			return err
		}},
		{"withdraw", func(e *env, ctx context.Context, t *testing.T) error {
			_, err := e.svc.SetStatus(ctx, e.create(t, "published"), dhakira.Withdrawn, "misattributed")
			return err
		}},
		{"grade", func(e *env, ctx context.Context, t *testing.T) error {
			_, err := e.svc.SetReliability(ctx, e.create(t, "draft"), dhakira.Correct, "checked against the original")
			return err
		}},
		{"restore", func(e *env, ctx context.Context, t *testing.T) error {
			code := e.create(t, "draft")
			e.svc.Update(e.as["admin"], storetest.Rec(t, `{"kind":"document","code":"`+code+`","title":{"en":"v2"},"status":"draft"}`), 1, "")
			_, err := e.svc.Restore(ctx, code, 1)
			return err
		}},
		{"history", func(e *env, ctx context.Context, t *testing.T) error {
			_, err := e.svc.Revisions(ctx, e.create(t, "draft"))
			return err
		}},
		{"moderate feedback", func(e *env, ctx context.Context, t *testing.T) error {
			_, err := e.svc.FeedbackList(ctx, dhakira.FeedbackFilter{})
			return err
		}},
		{"add user", func(e *env, ctx context.Context, t *testing.T) error {
			_, _, err := e.svc.AddUser(ctx, fmt.Sprintf("new%p@example.org", ctx), "", dhakira.Researcher, "")
			return err
		}},
		{"add token", func(e *env, ctx context.Context, t *testing.T) error {
			_, _, err := e.svc.AddToken(ctx, "researcher@example.org", "script")
			return err
		}},
		{"audit log", func(e *env, ctx context.Context, t *testing.T) error {
			_, err := e.svc.AuditLog(ctx, 0, 10)
			return err
		}},
	}
	// allowed[action] lists the roles that may; "public" may do nothing.
	allowed := map[string]string{
		"create draft":      "researcher reviewer admin",
		"create published":  "reviewer admin",
		"edit draft":        "researcher reviewer admin",
		"edit published":    "reviewer admin",
		"submit for review": "researcher reviewer admin",
		"publish":           "reviewer admin",
		"withdraw":          "reviewer admin",
		"grade":             "reviewer admin",
		"restore":           "researcher reviewer admin",
		"history":           "researcher reviewer admin",
		"moderate feedback": "reviewer admin",
		"add user":          "admin",
		"add token":         "admin",
		"audit log":         "admin",
	}
	e := setup(t)
	for _, a := range actions {
		for _, role := range []string{"public", "researcher", "reviewer", "admin"} {
			err := a.do(e, e.as[role], t)
			want := strings.Contains(allowed[a.name], role)
			switch code := dhakira.ErrorCode(err); {
			case want && err != nil:
				t.Errorf("%s as %s: %v, want allowed", a.name, role, err)
			case !want && role == "public" && code != dhakira.EUNAUTHORIZED:
				t.Errorf("%s as nobody: %v, want unauthorized", a.name, err)
			case !want && role != "public" && code != dhakira.EFORBIDDEN:
				t.Errorf("%s as %s: %v, want forbidden", a.name, role, err)
			}
		}
	}
}

func TestGradeNeedsReasonAndIsInHistory(t *testing.T) {
	e := setup(t)
	code := e.create(t, "draft")
	if _, err := e.svc.SetReliability(e.as["reviewer"], code, dhakira.Correct, " "); dhakira.ErrorCode(err) != dhakira.EINVALID {
		t.Errorf("grade without a reason: %v", err)
	}
	if _, err := e.svc.SetReliability(e.as["reviewer"], code, dhakira.Correct, "matches the signed original"); err != nil {
		t.Fatal(err)
	}
	r := storetest.Rec(t, `{"kind":"document","code":"`+code+`","title":{"en":"A statement"},"reliability":"incorrect","status":"draft"}`)
	if _, err := e.svc.Update(e.as["reviewer"], r, e.rev(t, code), ""); dhakira.ErrorCode(err) != dhakira.EINVALID {
		t.Errorf("grade change through an edit without a reason: %v", err)
	}
	revs, _ := e.svc.Revisions(e.as["researcher"], code)
	last := revs[len(revs)-1]
	if last.Record.Reliability != dhakira.Correct || !strings.Contains(last.Note, "matches the signed original") || last.Author != "reviewer@example.org" {
		t.Errorf("history: %+v", last)
	}
}

func TestStaleWriteRefused(t *testing.T) {
	e := setup(t)
	code := e.create(t, "draft")
	base := e.rev(t, code)
	mine := storetest.Rec(t, `{"kind":"document","code":"`+code+`","title":{"en":"mine"},"status":"draft"}`)
	theirs := storetest.Rec(t, `{"kind":"document","code":"`+code+`","title":{"en":"theirs"},"status":"draft"}`)
	if _, err := e.svc.Update(e.as["researcher"], theirs, base, ""); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.Update(e.as["reviewer"], mine, base, "")
	if dhakira.ErrorCode(err) != dhakira.ESTALE || !strings.Contains(err.Error(), fmt.Sprintf("revision %d", base)) {
		t.Fatalf("stale save: %v", err)
	}
	cur, _, _ := e.svc.Record(e.as["reviewer"], code)
	if cur.Title.EN != "theirs" {
		t.Errorf("stale save overwrote: %q", cur.Title.EN)
	}
}

func TestRestoreAndCompare(t *testing.T) {
	e := setup(t)
	ctx := e.as["researcher"]
	code, _, err := e.svc.Create(ctx, storetest.Rec(t, `{"kind":"document","title":{"en":"The regime forces stormed the prison"},"status":"draft"}`), "first")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Update(ctx, storetest.Rec(t, `{"kind":"document","code":"`+code+`","title":{"en":"Security forces tried to storm the prison"},"links":[{"to":"ENT-1"}],"status":"draft"}`), 1, "wording"); err != nil {
		t.Fatal(err)
	}
	diffs, err := e.svc.Compare(ctx, code, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) != 2 || diffs[0].Field != "title.en" || diffs[1].Field != "links" {
		t.Fatalf("diffs %+v", diffs)
	}
	var got []string
	for _, op := range diffs[0].Words {
		got = append(got, op.Kind+":"+op.Text)
	}
	want := "del:The regime ins:Security same:forces del:stormed ins:tried to storm same:the prison"
	if strings.Join(got, " ") != want {
		t.Errorf("word diff\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	rev, err := e.svc.Restore(ctx, code, 1)
	if err != nil || rev != 3 {
		t.Fatalf("restore: %d %v", rev, err)
	}
	cur, _, _ := e.svc.Record(ctx, code)
	revs, _ := e.svc.Revisions(ctx, code)
	if cur.Title.EN != "The regime forces stormed the prison" || len(cur.Links) != 0 || len(revs) != 3 || revs[2].Note != "restored revision 1" {
		t.Errorf("after restore: %+v, %d revisions", cur, len(revs))
	}
}

func TestEditorValidatesReferences(t *testing.T) {
	e := setup(t)
	_, _, err := e.svc.Create(e.as["researcher"], storetest.Rec(t, `{"kind":"document","title":{"en":"x"},"places":["ENT-1"],"links":[{"to":"NOPE"}],"status":"draft"}`), "")
	if err == nil || !strings.Contains(err.Error(), `places[0]: "ENT-1" is a entity, not a place`) || !strings.Contains(err.Error(), `links[0].to: no record "NOPE"`) {
		t.Errorf("references: %v", err)
	}
}

func TestLoginThrottleAndSessions(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	secret, u, err := e.svc.Login(ctx, "Reviewer@Example.org ", "a long password reviewer", "10.0.0.1")
	if err != nil || u.Role != dhakira.Reviewer {
		t.Fatalf("login: %v", err)
	}
	if got, err := e.svc.SessionUser(ctx, secret); err != nil || got.Email != "reviewer@example.org" {
		t.Errorf("session: %v %v", got, err)
	}
	for i := range 5 {
		if _, _, err := e.svc.Login(ctx, "reviewer@example.org", "wrong", "10.0.0.2"); dhakira.ErrorCode(err) != dhakira.EUNAUTHORIZED {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	if _, _, err := e.svc.Login(ctx, "reviewer@example.org", "a long password reviewer", "10.0.0.3"); dhakira.ErrorCode(err) != dhakira.ELIMIT {
		t.Errorf("sixth try after five failures: %v, want limit", err)
	}
	if _, _, err := e.svc.Login(ctx, "nobody@example.org", "x", "10.0.0.4"); dhakira.ErrorCode(err) != dhakira.EUNAUTHORIZED {
		t.Errorf("unknown account: %v", err)
	}
	// A password change ends sessions.
	if err := e.svc.SetPassword(editorial.CLI(ctx), "reviewer@example.org", "another long password"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SessionUser(ctx, secret); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("session after password change: %v", err)
	}
	if err := e.svc.SetPassword(editorial.CLI(ctx), "reviewer@example.org", "short"); dhakira.ErrorCode(err) != dhakira.EINVALID {
		t.Errorf("short password: %v", err)
	}
}

func TestTokens(t *testing.T) {
	e := setup(t)
	ctx := editorial.CLI(context.Background())
	secret, tok, err := e.svc.AddToken(ctx, "researcher@example.org", "import script")
	if err != nil || !strings.HasPrefix(secret, "dhk_") {
		t.Fatalf("token: %q %v", secret, err)
	}
	if u, err := e.svc.TokenUser(context.Background(), secret); err != nil || u.Role != dhakira.Researcher {
		t.Errorf("token user: %v %v", u, err)
	}
	if err := e.svc.DeleteToken(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.TokenUser(context.Background(), secret); err == nil {
		t.Error("revoked token still works")
	}
}

func TestFeedback(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	pub := e.create(t, "published")
	draft := e.create(t, "draft")
	if err := e.svc.SubmitFeedback(ctx, &dhakira.Feedback{Code: draft, Message: "x"}, "1.2.3.4"); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("feedback on a draft: %v", err)
	}
	if err := e.svc.SubmitFeedback(ctx, &dhakira.Feedback{Code: pub, Message: "  "}, "1.2.3.4"); err == nil || !strings.Contains(err.Error(), "message: required") {
		t.Errorf("empty message: %v", err)
	}
	if err := e.svc.SubmitFeedback(ctx, &dhakira.Feedback{Code: pub, Message: strings.Repeat("x", dhakira.MaxFeedbackMessage+1)}, "1.2.3.4"); err == nil {
		t.Error("oversize message accepted")
	}
	for i := range 5 {
		if err := e.svc.SubmitFeedback(ctx, &dhakira.Feedback{Code: pub, Lang: "ar", Message: fmt.Sprintf("تصحيح %d", i)}, "1.2.3.4"); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.svc.SubmitFeedback(ctx, &dhakira.Feedback{Code: pub, Message: "one more"}, "1.2.3.4"); dhakira.ErrorCode(err) != dhakira.ELIMIT {
		t.Errorf("sixth message: %v, want limit", err)
	}
	if err := e.svc.SubmitFeedback(ctx, &dhakira.Feedback{Code: pub, Message: "another reader"}, "5.6.7.8"); err != nil {
		t.Errorf("another address: %v", err)
	}
	list, err := e.svc.FeedbackList(e.as["reviewer"], dhakira.FeedbackFilter{Status: dhakira.FeedbackNew})
	if err != nil || len(list) != 6 {
		t.Fatalf("queue: %d %v", len(list), err)
	}
	if err := e.svc.ResolveFeedback(e.as["reviewer"], list[0].ID, dhakira.FeedbackAccepted, 99, ""); dhakira.ErrorCode(err) != dhakira.ENOTFOUND {
		t.Errorf("accept with a missing revision: %v", err)
	}
	if err := e.svc.ResolveFeedback(e.as["reviewer"], list[0].ID, dhakira.FeedbackAccepted, 1, "fixed the date"); err != nil {
		t.Fatal(err)
	}
	f, _ := e.store.FeedbackByID(ctx, list[0].ID)
	if f.Status != dhakira.FeedbackAccepted || f.Revision != 1 || !strings.Contains(f.Reply, "fixed the date") {
		t.Errorf("resolved: %+v", f)
	}
	log, _ := e.svc.AuditLog(editorial.CLI(ctx), 0, 1000)
	actions := map[string]int{}
	for _, a := range log {
		actions[a.Action]++
	}
	if actions["feedback.add"] != 6 || actions["feedback.accepted"] != 1 || actions["user.add"] != 3 || actions["record.create"] != 2 {
		t.Errorf("audit: %v", actions)
	}
}

func TestPasswordHash(t *testing.T) {
	h, err := editorial.HashPassword("correct horse battery staple")
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q %v", h, err)
	}
	if !editorial.CheckPassword(h, "correct horse battery staple") || editorial.CheckPassword(h, "correct horse battery stapl") {
		t.Error("check")
	}
	h2, _ := editorial.HashPassword("correct horse battery staple")
	if h == h2 {
		t.Error("no salt")
	}
	for _, bad := range []string{"", "$argon2id$", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=99999999,t=1,p=1$AA$AA"} {
		if editorial.CheckPassword(bad, "x") {
			t.Errorf("accepted %q", bad)
		}
	}
}

// TestLimitsHoldAcrossNodes: two services on one archive, as two nodes
// serving it, share their counts: failures on one block logins on the
// other, and corrections sent to one count on the other.
func TestLimitsHoldAcrossNodes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "archive.db")
	var nodes [2]*editorial.Service
	for i := range nodes {
		db, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		nodes[i] = editorial.New(db)
	}
	ctx := context.Background()
	if _, _, err := nodes[0].AddUser(editorial.CLI(ctx), "alice@example.org", "Alice", dhakira.Reviewer, "a long password alice"); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, _, err := nodes[0].Login(ctx, "alice@example.org", "wrong", fmt.Sprintf("10.0.0.%d", i)); dhakira.ErrorCode(err) != dhakira.EUNAUTHORIZED {
			t.Fatalf("wrong password %d: %v", i, err)
		}
	}
	if _, _, err := nodes[1].Login(ctx, "alice@example.org", "a long password alice", "10.0.0.9"); dhakira.ErrorCode(err) != dhakira.ELIMIT {
		t.Errorf("login on the other node after five failures on the first: %v, want a limit", err)
	}

	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pub := storetest.Put(t, db, false, storetest.Rec(t, `{"kind":"document","title":{"en":"public"}}`))[0]
	for i := range 5 {
		if err := nodes[i%2].SubmitFeedback(ctx, &dhakira.Feedback{Code: pub, Message: "a correction"}, "1.2.3.4"); err != nil {
			t.Fatalf("correction %d: %v", i, err)
		}
	}
	for _, n := range nodes {
		if err := n.SubmitFeedback(ctx, &dhakira.Feedback{Code: pub, Message: "one more"}, "1.2.3.4"); dhakira.ErrorCode(err) != dhakira.ELIMIT {
			t.Errorf("a sixth correction from one address: %v, want a limit on every node", err)
		}
	}
}
