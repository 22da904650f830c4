package dhakira

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxCodeLen is the longest memory code the archive accepts.
const MaxCodeLen = 64

// ValidCode reports whether s is a well-formed memory code: 1–64 characters
// of A-Z a-z 0-9 . _ -.
func ValidCode(s string) bool {
	if s == "" || len(s) > MaxCodeLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '.', c == '_', c == '-':
		default:
			return false
		}
	}
	return true
}

// checkCode explains why s is not a memory code, or returns "".
func checkCode(s string) string {
	switch {
	case s == "":
		return "empty code"
	case len(s) > MaxCodeLen:
		return fmt.Sprintf("code %q is longer than %d characters", s, MaxCodeLen)
	case !ValidCode(s):
		return fmt.Sprintf("code %q may hold only A-Z a-z 0-9 . _ -", s)
	}
	return ""
}

// FormatCode returns the code the archive assigns as the n-th of a kind:
// PREFIX-NNNNNN.
func FormatCode(k Kind, n int64) string {
	return fmt.Sprintf("%s-%06d", k.Prefix(), n)
}

// AssignedNumber returns n when code has the form the archive assigns to
// kind k (PREFIX-digits), so counters can move past imported codes.
func AssignedNumber(k Kind, code string) (int64, bool) {
	rest, ok := strings.CutPrefix(code, k.Prefix()+"-")
	if !ok || rest == "" || len(rest) > 18 {
		return 0, false
	}
	n, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}
