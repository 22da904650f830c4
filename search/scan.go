package search

import (
	"errors"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/dhakira/dhakira"
)

// scanRecord reads from a stored record's canonical JSON (Record.Encode)
// the fields a search document is made of, and only those: a rebuild
// reads every record of the archive, and encoding/json's decoding of the
// whole record (with the checks an import needs) was a sixth of its time.
// Strings without escapes are cut out of the line itself, not copied:
// the line must not change while the record is used (what outlives the
// record is cloned: its code, its new terms). It checks
// no more than a stored line needs (keys are not checked against the
// Record type: the store holds what Encode wrote); anything it does not
// expect is an error, and the caller decodes the line the ordinary way
// (dhakira.DecodeRecord), which says what is wrong.
func scanRecord(line []byte) (*dhakira.Record, error) {
	p := &jsonScan{s: unsafe.String(unsafe.SliceData(line), len(line))}
	r := &dhakira.Record{}
	p.object(func(key string) {
		switch key {
		case "kind":
			r.Kind = dhakira.Kind(p.str())
		case "code":
			r.Code = strings.Clone(p.str()) // a segment keeps it, not the line
		case "title":
			r.Title = p.text()
		case "text":
			r.Text = p.text()
		case "type":
			r.Type = p.str()
		case "date":
			r.Date = p.str()
		case "places":
			p.array(func() { r.Places = append(r.Places, p.str()) })
		case "reliability":
			r.Reliability = dhakira.Reliability(p.str())
		case "status":
			r.Status = dhakira.Status(p.str())
		case "source":
			r.Source = &dhakira.Source{}
			p.object(func(key string) {
				switch key {
				case "name":
					r.Source.Name = p.str()
				case "url":
					r.Source.URL = p.str()
				case "note":
					r.Source.Note = p.str()
				default:
					p.skip()
				}
			})
		case "links":
			p.array(func() {
				var l dhakira.Link
				p.object(func(key string) {
					switch key {
					case "rel":
						l.Rel = dhakira.Rel(p.str())
					case "to":
						l.To = p.str()
					case "note":
						l.Note = p.str()
					default:
						p.skip()
					}
				})
				r.Links = append(r.Links, l)
			})
		case "attrs":
			p.object(func(key string) {
				switch key {
				case "parent":
					r.Attrs.Parent = p.str()
				case "level":
					r.Attrs.Level = p.str()
				case "aliases":
					p.array(func() {
						var a dhakira.Alias
						p.object(func(key string) {
							switch key {
							case "value":
								a.Value = p.str()
							case "lang":
								a.Lang = p.str()
							default:
								p.skip()
							}
						})
						r.Attrs.Aliases = append(r.Attrs.Aliases, a)
					})
				case "segments":
					p.array(func() {
						var s dhakira.Segment
						p.object(func(key string) {
							switch key {
							case "start":
								s.Start = p.str()
							case "end":
								s.End = p.str()
							case "title":
								s.Title = p.text()
							case "text":
								s.Text = p.text()
							default:
								p.skip()
							}
						})
						r.Attrs.Segments = append(r.Attrs.Segments, s)
					})
				default:
					p.skip()
				}
			})
		case "files":
			p.array(func() {
				var f dhakira.File
				p.object(func(key string) {
					switch key {
					case "sha256":
						f.SHA256 = p.str()
					case "name":
						f.Name = p.str()
					case "type":
						f.Type = p.str()
					case "lang":
						f.Lang = p.str()
					default:
						p.skip()
					}
				})
				r.Files = append(r.Files, f)
			})
		default:
			p.skip()
		}
	})
	p.space()
	if p.bad || p.i != len(p.s) {
		return nil, errScan
	}
	return r, nil
}

var errScan = errors.New("not a stored record as scanRecord reads it")

// jsonScan walks a JSON text. It never panics: on anything unexpected it
// sets bad and stops consuming.
type jsonScan struct {
	s   string
	i   int
	bad bool
}

func (p *jsonScan) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

// peek returns the next byte after spaces, 0 at the end or when bad.
func (p *jsonScan) peek() byte {
	p.space()
	if p.bad || p.i >= len(p.s) {
		return 0
	}
	return p.s[p.i]
}

func (p *jsonScan) expect(c byte) bool {
	if p.peek() != c {
		p.bad = true
		return false
	}
	p.i++
	return true
}

// object calls field with each key of an object; field consumes its value.
func (p *jsonScan) object(field func(key string)) {
	if !p.expect('{') {
		return
	}
	if p.peek() == '}' {
		p.i++
		return
	}
	for !p.bad {
		key := p.str()
		if !p.expect(':') {
			return
		}
		field(key)
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			return
		default:
			p.bad = true
		}
	}
}

// array calls elem for each element; elem consumes it.
func (p *jsonScan) array(elem func()) {
	if !p.expect('[') {
		return
	}
	if p.peek() == ']' {
		p.i++
		return
	}
	for !p.bad {
		elem()
		switch p.peek() {
		case ',':
			p.i++
		case ']':
			p.i++
			return
		default:
			p.bad = true
		}
	}
}

// text reads a {"ar": …, "en": …} object.
func (p *jsonScan) text() dhakira.Text {
	var t dhakira.Text
	p.object(func(key string) {
		switch key {
		case "ar":
			t.AR = p.str()
		case "en":
			t.EN = p.str()
		default:
			p.skip()
		}
	})
	return t
}

// str reads a string: a slice of the text when it has no escape. A
// string that is not UTF-8 is refused, as anything but ASCII outside
// strings is.
func (p *jsonScan) str() string {
	if !p.expect('"') {
		return ""
	}
	start := p.i
	for i := start; i < len(p.s); {
		c := p.s[i]
		if jsonPlain[c] {
			for i++; i+8 <= len(p.s) && plain8(le64(p.s[i:])); i += 8 {
			}
			continue
		}
		if c-0xC2 <= 0xDF-0xC2 && i+1 < len(p.s) && p.s[i+1]&0xC0 == 0x80 { // Arabic, accented Latin
			i += 2
			continue
		}
		switch {
		case c == '"':
			p.i = i + 1
			return p.s[start:i]
		case c == '\\':
			return p.unescape(start, i)
		case c < utf8.RuneSelf: // a control character
			p.bad = true
			return ""
		}
		n := runeLen(p.s, i)
		if n == 0 {
			p.bad = true
			return ""
		}
		i += n
	}
	p.bad = true
	return ""
}

// plain8 says whether the eight bytes of w are all jsonPlain: none of them
// has its high bit set, is below a space, a quote or a backslash (English
// texts are read eight bytes at a time).
func plain8(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	zero := func(x uint64) uint64 { return (x - ones) & ^x & highs }
	return (w&highs | (w-ones*' ')&^w&highs | zero(w^ones*'"') | zero(w^ones*'\\')) == 0
}

// jsonPlain says which bytes a JSON string holds as they are: ASCII but
// for the quote, the backslash and control characters.
var jsonPlain = func() (t [256]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// runeLen returns the length of the UTF-8 encoded rune at s[i], 0 when
// the bytes there are not one. Two bytes (Arabic, accented Latin) are
// checked inline.
func runeLen(s string, i int) int {
	if c := s[i]; c-0xC2 <= 0xDF-0xC2 && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
		return 2
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && n == 1 {
		return 0
	}
	return n
}

// unescape reads the rest of a string that has an escape at i, as
// encoding/json does; a \u escape of half a surrogate pair is refused, as
// dhakira.DecodeRecord refuses it.
func (p *jsonScan) unescape(start, i int) string {
	var b strings.Builder
	b.WriteString(p.s[start:i])
	for i < len(p.s) {
		c := p.s[i]
		switch {
		case c == '"':
			p.i = i + 1
			return b.String()
		case c < ' ':
			p.bad = true
			return ""
		case c < utf8.RuneSelf && c != '\\':
			b.WriteByte(c)
			i++
			continue
		case c >= utf8.RuneSelf:
			n := runeLen(p.s, i)
			if n == 0 {
				p.bad = true
				return ""
			}
			b.WriteString(p.s[i : i+n])
			i += n
			continue
		}
		if i+1 >= len(p.s) {
			break
		}
		i += 2
		switch p.s[i-1] {
		case '"', '\\', '/':
			b.WriteByte(p.s[i-1])
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := p.hex4(i)
			if !ok {
				p.bad = true
				return ""
			}
			i += 4
			if utf16.IsSurrogate(r) {
				r2, ok := rune(-1), false
				if i+6 <= len(p.s) && p.s[i] == '\\' && p.s[i+1] == 'u' {
					r2, ok = p.hex4(i + 2)
				}
				dec := utf16.DecodeRune(r, r2)
				if !ok || dec == utf8.RuneError {
					p.bad = true // DecodeRecord refuses half a pair
					return ""
				}
				r = dec
				i += 6
			}
			b.WriteRune(r)
		default:
			p.bad = true
			return ""
		}
	}
	p.bad = true
	return ""
}

func (p *jsonScan) hex4(i int) (rune, bool) {
	if i+4 > len(p.s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(p.s[i : i+4]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// skip consumes any value.
func (p *jsonScan) skip() {
	switch p.peek() {
	case '"':
		p.str()
	case '{':
		p.object(func(string) { p.skip() })
	case '[':
		p.array(p.skip)
	case 0:
		p.bad = true
	default: // a number, true, false or null
		start := p.i
		for p.i < len(p.s) {
			switch p.s[p.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				if p.i == start {
					p.bad = true
				}
				return
			}
			if p.s[p.i] >= utf8.RuneSelf { // not JSON, nor unchecked UTF-8
				p.bad = true
				return
			}
			p.i++
		}
	}
}
