package oai

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// token is the state of a list in progress, which the harvester hands back
// as the resumptionToken: the list's arguments, the snapshot that keeps its
// pages one consistent list, and where the next page starts.
type token struct {
	Verb    string `json:"v"`
	Set     string `json:"s,omitempty"`
	From    string `json:"f,omitempty"`
	Until   string `json:"u,omitempty"`
	Snap    int64  `json:"n"`           // the change Seq the list is read at
	After   string `json:"a"`           // the store's cursor
	Count   int    `json:"c"`           // records listed before the next page
	Started int64  `json:"t"`           // when the list began, Unix seconds
	Prefix  string `json:"m,omitempty"` // metadataPrefix
}

// tokenSum names what the checksum guards against: a token damaged on the
// way. It is not a secret. A harvester who makes up a token only gets
// what the archive publishes: every token is checked against the store
// (its snapshot must exist and be recent) before it is used.
const tokenSum = "dhakira oai-pmh resumption token v1"

// encode returns t as an opaque string of URL-safe characters.
func (t token) encode() string {
	payload, _ := json.Marshal(t)
	return base64.RawURLEncoding.EncodeToString(payload) + "." + checksum(payload)
}

func checksum(payload []byte) string {
	sum := sha256.Sum256(append([]byte(tokenSum+"\x00"), payload...))
	return base64.RawURLEncoding.EncodeToString(sum[:9])
}

var errBadToken = errors.New("not a resumption token of this repository")

// decodeToken reads a token encode made, refusing anything else.
func decodeToken(s string) (token, error) {
	var t token
	data, sum, ok := strings.Cut(s, ".")
	if !ok || len(s) > 4096 {
		return t, errBadToken
	}
	payload, err := base64.RawURLEncoding.Strict().DecodeString(data)
	if err != nil || checksum(payload) != sum {
		return t, errBadToken
	}
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil || t.Snap < 1 || t.Count < 0 || t.After == "" {
		return t, errBadToken
	}
	return t, nil
}
