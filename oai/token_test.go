package oai

import (
	"strings"
	"testing"
)

func TestToken(t *testing.T) {
	tok := token{Verb: "ListRecords", Set: "place:SY04", From: "2024-01-01", Snap: 42, After: "cDOC-000100", Count: 200, Started: 1700000000, Prefix: dcPrefix}
	s := tok.encode()
	if strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") != "" {
		t.Errorf("token %q has characters a URL must escape", s)
	}
	got, err := decodeToken(s)
	if err != nil || got != tok {
		t.Fatalf("decode(encode(%+v)) = %+v, %v", tok, got, err)
	}
	data, sum, _ := strings.Cut(s, ".")
	for _, bad := range []string{
		"", ".", s + "x", "x" + s, data, data + ".", data[:len(data)-1] + "." + sum,
		token{Verb: "ListRecords", After: "c"}.encode(),                     // no snapshot
		token{Verb: "ListRecords", Snap: 1}.encode(),                        // no cursor
		token{Verb: "ListRecords", Snap: 1, After: "c", Count: -1}.encode(), // negative cursor
	} {
		if _, err := decodeToken(bad); err == nil {
			t.Errorf("decodeToken(%q) accepted", bad)
		}
	}
	for i := range data {
		b := []byte(s)
		b[i] ^= 0x01
		if _, err := decodeToken(string(b)); err == nil {
			t.Errorf("a token with byte %d changed is accepted", i)
		}
	}
}
