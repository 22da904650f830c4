package jsontree_test

import (
	"testing"

	"github.com/dhakira/dhakira/internal/jsontree"
)

func TestKeepsTheOrderOfKeys(t *testing.T) {
	const in = `{"z":1,"a":{"y":[true,null,"x"],"b":"<&>"},"m":{"$ref":"#/a/y/2"}}`
	n, err := jsontree.Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := n.Compact(); got != in {
		t.Errorf("Compact:\n got %s\nwant %s", got, in)
	}
	if got := n.KeyList(); len(got) != 3 || got[0] != "z" || got[1] != "a" || got[2] != "m" {
		t.Errorf("KeyList %v", got)
	}
	if got := n.Deref(n.Get("m")).Scalar(); got != "x" {
		t.Errorf("Deref: %q", got)
	}
	if got := n.Get("a", "b").Scalar(); got != "<&>" {
		t.Errorf("Get: %q", got)
	}
	if n.Get("a", "nothing", "deeper") != nil || n.Str("a") != "" {
		t.Error("a missing key or a non-string gives nil and \"\"")
	}
	for _, bad := range []string{`{"a":1,"a":2}`, `{"a":1} {}`, `{"a":`} {
		if _, err := jsontree.Parse([]byte(bad)); err == nil {
			t.Errorf("Parse(%s) took it", bad)
		}
	}
}
