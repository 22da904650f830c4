// Package demo is a small bundled archive — documents, videos, testimonies,
// chronicle events, persons, entities and places, in Arabic and English,
// linked to each other and to the Syrian gazetteer — that `dhakira serve
// --demo` loads into an empty data folder so a new user sees a living
// archive. Load the gazetteer first: demo records point at its places.
//
// Every record is about a documented, widely reported public event or public
// figure of 2011–2024, graded honestly; video addresses are on example.org.
package demo

import _ "embed"

//go:generate go run ./internal/gen -o archive.jsonl

// JSONL is the demo archive as JSON Lines, one record per line in canonical
// form, ordered by code.
//
//go:embed archive.jsonl
var JSONL []byte

// File is the name under which errors in JSONL are reported.
const File = "demo:archive"
