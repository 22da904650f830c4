// Command gen writes demo/archive.jsonl from the demo archive's content, one
// record per line in canonical form, ordered by code. go generate runs it in
// the demo folder.
package main

import (
	"bytes"
	"flag"
	"log"
	"os"

	"github.com/dhakira/dhakira/demo/internal/content"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("demo gen: ")
	out := flag.String("o", "archive.jsonl", "`file` to write")
	flag.Parse()
	var buf bytes.Buffer
	for _, r := range content.Records() {
		if err := r.Validate(); err != nil {
			log.Fatalf("%s: %v", r.Code, err)
		}
		line, err := r.Encode()
		if err != nil {
			log.Fatalf("%s: %v", r.Code, err)
		}
		buf.Write(line)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d records, %d bytes", bytes.Count(buf.Bytes(), []byte("\n")), buf.Len())
}
