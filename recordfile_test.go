package dhakira_test

import (
	"strings"
	"testing"

	"github.com/dhakira/dhakira"
)

func TestRecordFiles(t *testing.T) {
	sha := strings.Repeat("0", 63) + "f"
	good := `{"kind":"testimony","title":{"ar":"شهادة"},"files":[{"sha256":"` + sha + `","name":"t.mp4","type":"video/mp4","size":12,"lang":"ar","label":{"ar":"التسجيل","en":"Recording"}},{"path":"media/scan 1.pdf","role":"attachment"}]}`
	r, err := dhakira.DecodeRecord([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	r.Normalize()
	if err := r.Validate(); err != nil {
		t.Fatal(err)
	}
	if r.Files[0].Role != dhakira.RoleOriginal || r.Files[1].Name != "scan 1.pdf" {
		t.Errorf("defaults: %+v", r.Files)
	}
	if err := r.WithoutPaths(); err == nil || !strings.Contains(err.Error(), "files[1].path") {
		t.Errorf("WithoutPaths = %v", err)
	}
	// Export order: sha256, name, type, size, role, lang, label; never path.
	r.Files = r.Files[:1]
	line, _ := r.Encode()
	want := `"files":[{"sha256":"` + sha + `","name":"t.mp4","type":"video/mp4","size":12,"role":"original","lang":"ar","label":{"ar":"التسجيل","en":"Recording"}}]`
	if !strings.Contains(string(line), want) {
		t.Errorf("encoded %s\nwant %s", line, want)
	}
	for _, tc := range []struct{ files, want string }{
		{`[{"sha256":"ABC"}]`, `files[0].sha256: "ABC": want 64 lowercase hex digits`},
		{`[{"sha256":"` + strings.ToUpper(sha) + `"}]`, `files[0].sha256`},
		{`[{}]`, `files[0]: needs a sha256`},
		{`[{"sha256":"` + sha + `","role":"poster"}]`, `files[0].role: unknown role "poster"`},
		{`[{"sha256":"` + sha + `"},{"sha256":"` + sha + `"}]`, `files[1].sha256: the same file as files[0]`},
		{`[{"sha256":"` + sha + `","name":"a/b.pdf"}]`, `files[0].name: "a/b.pdf": a name, not a path`},
		{`[{"sha256":"` + sha + `","lang":"Arabic"}]`, `files[0].lang`},
		{`[{"sha256":"` + sha + `","type":"<b>"}]`, `files[0].type`},
		{`[{"sha256":"` + sha + `","size":-1}]`, `files[0].size: negative`},
	} {
		r, err := dhakira.DecodeRecord([]byte(`{"kind":"document","title":{"en":"x"},"files":` + tc.files + `}`))
		if err == nil {
			r.Normalize()
			err = r.Validate()
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %s", tc.files, err, tc.want)
		}
	}
	if _, err := dhakira.DecodeRecord([]byte(`{"kind":"document","title":{"en":"x"},"files":[{"sha256":"` + sha + `","url":"x"}]}`)); err == nil {
		t.Error("an unknown field of a file was accepted")
	}
}
