package dhakira

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// checkKeys walks data, a JSON value already known to be well formed, for
// what encoding/json lets pass silently: a key given twice in one object
// (it keeps the last one, so a file that reads as published to a person is
// stored as a draft) — also twice in a different case, since it matches
// keys without regard to case — and a \u escape of half a surrogate pair
// (it turns that into U+FFFD). It returns the first problem, or nil.
func checkKeys(data []byte) *FieldError {
	w := keyWalker{data: data}
	w.value("")
	return w.err
}

type keyWalker struct {
	data []byte
	i    int
	err  *FieldError
}

func (w *keyWalker) skipSpace() {
	for w.i < len(w.data) {
		switch w.data[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

func (w *keyWalker) fail(field, format string, args ...any) {
	if w.err == nil {
		w.err = &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func (w *keyWalker) value(path string) {
	w.skipSpace()
	if w.err != nil || w.i >= len(w.data) {
		return
	}
	switch w.data[w.i] {
	case '{':
		w.i++
		var seen []string
		for w.err == nil {
			w.skipSpace()
			if w.i >= len(w.data) {
				return
			}
			switch w.data[w.i] {
			case '}':
				w.i++
				return
			case ',':
				w.i++
				continue
			}
			key := w.str(path)
			lower := strings.ToLower(key)
			for _, k := range seen {
				if k == lower {
					w.fail(join(path, key), "duplicate key %q", key)
					return
				}
			}
			seen = append(seen, lower)
			w.skipSpace()
			if w.i < len(w.data) && w.data[w.i] == ':' {
				w.i++
			}
			w.value(join(path, key))
		}
	case '[':
		w.i++
		for n := 0; w.err == nil; {
			w.skipSpace()
			if w.i >= len(w.data) {
				return
			}
			switch w.data[w.i] {
			case ']':
				w.i++
				return
			case ',':
				w.i++
				continue
			}
			w.value(path + "[" + strconv.Itoa(n) + "]")
			n++
		}
	case '"':
		w.str(path)
	default:
		for w.i < len(w.data) && !strings.ContainsRune(",]} \t\r\n", rune(w.data[w.i])) {
			w.i++
		}
	}
}

// str reads a string at w.i and returns it decoded, checking its escapes.
func (w *keyWalker) str(path string) string {
	start := w.i
	w.i++ // the opening quote
	escaped := false
	for w.i < len(w.data) {
		c := w.data[w.i]
		if c == '"' {
			break
		}
		if c == '\\' {
			escaped = true
			if w.i+1 < len(w.data) && w.data[w.i+1] == 'u' && w.i+6 <= len(w.data) {
				r := hex4(w.data[w.i+2 : w.i+6])
				switch {
				case utf16.IsSurrogate(r) && r < 0xdc00:
					if w.i+12 <= len(w.data) && w.data[w.i+6] == '\\' && w.data[w.i+7] == 'u' {
						if lo := hex4(w.data[w.i+8 : w.i+12]); lo >= 0xdc00 && lo <= 0xdfff {
							w.i += 12
							continue
						}
					}
					w.fail(path, "a lone surrogate (\\u%04x): not a character", r)
				case utf16.IsSurrogate(r):
					w.fail(path, "a lone surrogate (\\u%04x): not a character", r)
				}
				w.i += 6
				continue
			}
			w.i += 2
			continue
		}
		w.i++
	}
	w.i++ // the closing quote
	raw := w.data[start:min(w.i, len(w.data))]
	if !escaped {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	if json.Unmarshal(raw, &s) != nil || !utf8.ValidString(s) {
		return string(raw)
	}
	return s
}

func hex4(b []byte) rune {
	n, err := strconv.ParseUint(string(b), 16, 32)
	if err != nil {
		return -1
	}
	return rune(n)
}
