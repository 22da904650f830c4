// Package jsontree reads JSON into a tree that keeps the order of its
// objects' keys, as the author of the text wrote them, and writes it back in
// that order: for documents read by people as well as programs (the OpenAPI
// description of the API, whose page lists paths, operations and
// properties as written).
package jsontree

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Node is a JSON value that keeps the order of its objects' keys, as the
// document's author wrote them: the page lists paths, operations and
// properties in that order.
type Node struct {
	Kind   byte     // 'o' object, 'a' array, 's' string, 'n' number, 'b' boolean, 'z' null
	Keys   []string // an object's keys, in order
	Fields map[string]*Node
	Items  []*Node // an array's items
	Text   string
	Num    json.Number
	Bool   bool
}

// Parse reads one JSON value; a key twice in an object is an error.
func Parse(data []byte) (*Node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := decodeNode(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON value")
	}
	return n, nil
}

func decodeNode(dec *json.Decoder) (*Node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &Node{Kind: 'o', Fields: map[string]*Node{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k := kt.(string)
				if _, dup := n.Fields[k]; dup {
					return nil, fmt.Errorf("key %q twice in an object", k)
				}
				v, err := decodeNode(dec)
				if err != nil {
					return nil, err
				}
				n.Keys = append(n.Keys, k)
				n.Fields[k] = v
			}
			_, err := dec.Token()
			return n, err
		case '[':
			n := &Node{Kind: 'a'}
			for dec.More() {
				v, err := decodeNode(dec)
				if err != nil {
					return nil, err
				}
				n.Items = append(n.Items, v)
			}
			_, err := dec.Token()
			return n, err
		}
	case string:
		return &Node{Kind: 's', Text: t}, nil
	case json.Number:
		return &Node{Kind: 'n', Num: t}, nil
	case bool:
		return &Node{Kind: 'b', Bool: t}, nil
	case nil:
		return &Node{Kind: 'z'}, nil
	}
	return nil, fmt.Errorf("unexpected %v", tok)
}

// Get follows keys through objects; nil when one is missing.
func (n *Node) Get(keys ...string) *Node {
	for _, k := range keys {
		if n == nil || n.Kind != 'o' {
			return nil
		}
		n = n.Fields[k]
	}
	return n
}

// Str is the string at key, "" when there is none.
func (n *Node) Str(key string) string {
	if v := n.Get(key); v != nil && v.Kind == 's' {
		return v.Text
	}
	return ""
}

func (n *Node) KeyList() []string {
	if n == nil || n.Kind != 'o' {
		return nil
	}
	return n.Keys
}

func (n *Node) ItemList() []*Node {
	if n == nil || n.Kind != 'a' {
		return nil
	}
	return n.Items
}

func (n *Node) Truth() bool { return n != nil && n.Kind == 'b' && n.Bool }

// Strings are an array's strings.
func (n *Node) Strings() []string {
	var out []string
	for _, it := range n.ItemList() {
		if it.Kind == 's' {
			out = append(out, it.Text)
		}
	}
	return out
}

// Scalar is a string, number or boolean as text.
func (n *Node) Scalar() string {
	switch n.Kind {
	case 's':
		return n.Text
	case 'n':
		return n.Num.String()
	case 'b':
		return strconv.FormatBool(n.Bool)
	}
	return n.Compact()
}

// Deref follows $ref, within the document only.
func (doc *Node) Deref(n *Node) *Node {
	for range 10 {
		ref := n.Str("$ref")
		if ref == "" {
			return n
		}
		n = doc.Pointer(ref)
	}
	return nil
}

// Pointer is the node a local reference ("#/components/schemas/Record")
// names, nil when there is none.
func (doc *Node) Pointer(ref string) *Node {
	rest, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	n := doc
	for _, tok := range strings.Split(rest, "/") {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch {
		case n == nil:
			return nil
		case n.Kind == 'o':
			n = n.Fields[tok]
		case n.Kind == 'a':
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Items) {
				return nil
			}
			n = n.Items[i]
		default:
			return nil
		}
	}
	return n
}

// Compact is n as JSON on one line, keys in their order.
func (n *Node) Compact() string {
	var b bytes.Buffer
	n.write(&b, "", "")
	return b.String()
}

// Indented is n as indented JSON.
func (n *Node) Indented() string {
	var b bytes.Buffer
	n.write(&b, "\n", "  ")
	return b.String()
}

func (n *Node) write(b *bytes.Buffer, nl, indent string) {
	sep := ":"
	if indent != "" {
		sep = ": "
	}
	switch n.Kind {
	case 'o', 'a':
		open, close, count := byte('{'), byte('}'), len(n.Keys)
		if n.Kind == 'a' {
			open, close, count = '[', ']', len(n.Items)
		}
		b.WriteByte(open)
		if count == 0 {
			b.WriteByte(close)
			return
		}
		inner := nl + indent
		for i := range count {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(inner)
			if n.Kind == 'o' {
				writeJSONString(b, n.Keys[i])
				b.WriteString(sep)
				n.Fields[n.Keys[i]].write(b, inner, indent)
			} else {
				n.Items[i].write(b, inner, indent)
			}
		}
		b.WriteString(nl)
		b.WriteByte(close)
	case 's':
		writeJSONString(b, n.Text)
	case 'n':
		b.WriteString(n.Num.String())
	case 'b':
		b.WriteString(strconv.FormatBool(n.Bool))
	default:
		b.WriteString("null")
	}
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	b.Truncate(b.Len() - 1) // the encoder's newline
}
